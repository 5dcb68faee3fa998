// Programmable Messaging, 2010-04-01 API: create, fetch and list Message resources.
// Validation mirrors the Twilio errors the bot can meet (21604, 21603, 21602, 21211, 21617,
// 21910, 21655, 21656, 21610 for a recipient a test unsubscribed, 63016 outside the customer's
// 24-hour window), so a wrong call fails here the way it would against Twilio.
import { Router, type Request } from 'express';
import { contextOf, field, fieldList, guard, reply, replyError, type FakeDeps } from './http';
import { newSid, type FakeMessage, type FakeStore } from './store';

const API = '/2010-04-01/Accounts/:AccountSid';
const ADDRESS = /^(whatsapp:)?\+[1-9]\d{6,14}$/;
const MAX_BODY = 1600;

/** RFC 2822, as the 2010 API writes dates: "Tue, 14 Jan 2025 12:00:00 +0000". */
const rfc2822 = (d: Date): string => d.toUTCString().replace('GMT', '+0000');

function numSegments(m: FakeMessage): string {
  if (m.to.startsWith('whatsapp:')) return '1';
  const gsm = /^[\n\r\x20-\x7E£¥èéùìòÇØøÅå_ÆæßÉ¤¡ÄÖÑÜ§¿äöñüà]*$/.test(m.body);
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  const length = [...m.body].length;
  return String(length <= single ? 1 : Math.ceil(length / multi));
}

export function messageResource(m: FakeMessage): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}`;
  const date = rfc2822(m.dateCreated);
  return {
    account_sid: m.accountSid,
    api_version: '2010-04-01',
    body: m.body,
    date_created: date,
    date_sent: null,
    date_updated: date,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: String(m.mediaUrls.length),
    num_segments: numSegments(m),
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
    to: m.to,
    uri: `${uri}.json`,
  };
}

/** Substitutes {{name}} placeholders in every string of a content template (body, button titles
 * and IDs, list items and descriptions), the way Twilio renders it; an unknown one stays as is. */
function substitute(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (whole, key: string) => values[key] ?? whole);
  if (Array.isArray(value)) return value.map((v) => substitute(v, values));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, values)]));
  }
  return value;
}

/** What the customer sees of a content send: the template's types rendered, and the body of the first with one. */
function renderContent(
  store: FakeStore,
  sid: string,
  variables: Record<string, string>,
): { body: string; rendered: Record<string, unknown> } {
  const content = store.contents.get(sid);
  if (!content) return { body: '', rendered: {} };
  const rendered = substitute(content.types, { ...content.variables, ...variables }) as Record<string, unknown>;
  const withBody = Object.values(rendered).find(
    (t): t is { body: string } => typeof t === 'object' && t !== null && typeof (t as { body?: unknown }).body === 'string',
  );
  return { body: withBody?.body ?? '', rendered };
}

function parseVariables(raw: string | undefined): Record<string, string> | null | 'invalid' {
  if (raw === undefined || raw === '') return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'invalid';
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
  } catch {
    return 'invalid';
  }
}

type Rejection = [status: number, code: number, message: string];

function validate(store: FakeStore, accountSid: string, req: Request): Rejection | FakeMessage {
  const to = field(req.body, 'To');
  const from = field(req.body, 'From') ?? null;
  const messagingServiceSid = field(req.body, 'MessagingServiceSid') ?? null;
  const body = field(req.body, 'Body') ?? '';
  const mediaUrls = fieldList(req.body, 'MediaUrl');
  const contentSid = field(req.body, 'ContentSid') ?? null;
  const contentVariables = parseVariables(field(req.body, 'ContentVariables'));

  if (!to) return [400, 21604, "A 'To' phone number is required."];
  if (!from && !messagingServiceSid) return [400, 21603, "A 'From' phone number is required."];
  if (!body && mediaUrls.length === 0 && !contentSid) return [400, 21602, 'Message body is required.'];
  if (!ADDRESS.test(to)) return [400, 21211, `Invalid 'To' Phone Number: ${to}`];
  if (from && from.startsWith('whatsapp:') !== to.startsWith('whatsapp:')) {
    return [400, 21910, 'Invalid From and To pair. From and To should be of the same channel'];
  }
  if ([...body].length > MAX_BODY) {
    return [400, 21617, 'The concatenated message body exceeds the 1600 character limit.'];
  }
  if (contentSid && store.contents.get(contentSid)?.accountSid !== accountSid) {
    return [400, 21655, 'The ContentSid is Invalid.'];
  }
  if (contentVariables === 'invalid') return [400, 21656, 'The ContentVariables Parameter is invalid.'];
  if (store.unsubscribed.has(to)) return [400, 21610, 'Attempt to send to unsubscribed recipient'];
  if (store.outsideWindow.has(to) && !store.isApprovedTemplate(contentSid)) {
    return [400, 63016, 'Failed to send freeform message because you are outside the allowed window. Please use a Template.'];
  }

  const content = contentSid ? renderContent(store, contentSid, contentVariables ?? {}) : undefined;
  if (content && [...content.body].length > MAX_BODY) {
    return [400, 21617, 'The concatenated message body exceeds the 1600 character limit.'];
  }
  return {
    sid: newSid('SM'),
    accountSid,
    to,
    from,
    body: content ? content.body : body,
    contentSid,
    contentVariables,
    rendered: content?.rendered ?? null,
    mediaUrls,
    statusCallback: field(req.body, 'StatusCallback') ?? null,
    messagingServiceSid,
    status: from ? 'queued' : 'accepted',
    dateCreated: new Date(),
  };
}

function pageEnvelope(req: Request, accountSid: string, all: FakeMessage[]): Record<string, unknown> {
  const pageSize = Math.min(Math.max(Number(field(req.query, 'PageSize') ?? 50) || 50, 1), 1000);
  const page = Math.max(Number(field(req.query, 'Page') ?? 0) || 0, 0);
  const start = page * pageSize;
  const items = all.slice(start, start + pageSize);
  const filters = new URLSearchParams();
  for (const key of ['To', 'From']) {
    const value = field(req.query, key);
    if (value !== undefined) filters.set(key, value);
  }
  const pageUri = (n: number): string => {
    const query = new URLSearchParams(filters);
    query.set('PageSize', String(pageSize));
    query.set('Page', String(n));
    return `/2010-04-01/Accounts/${accountSid}/Messages.json?${query.toString()}`;
  };
  return {
    end: start + Math.max(items.length - 1, 0),
    first_page_uri: pageUri(0),
    messages: items.map(messageResource),
    next_page_uri: start + pageSize < all.length ? pageUri(page + 1) : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 ? pageUri(page - 1) : null,
    start,
    uri: pageUri(page),
  };
}

export function messagesRouter(deps: FakeDeps): Router {
  const { store } = deps;
  const router = Router();

  router.post(`${API}/Messages.json`, guard(deps, 'messages.create'), (req, res) => {
    const accountSid = contextOf(req).accountSid ?? '';
    const result = validate(store, accountSid, req);
    if (Array.isArray(result)) {
      replyError(req, res, ...result);
      return;
    }
    store.addMessage(result);
    reply(req, res, 201, messageResource(result));
  });

  router.get(`${API}/Messages/:Sid.json`, guard(deps, 'messages.fetch'), (req, res) => {
    const accountSid = contextOf(req).accountSid;
    const message = store.messages.find((m) => m.sid === req.params['Sid'] && m.accountSid === accountSid);
    if (!message) {
      replyError(req, res, 404, 20404, `The requested resource ${req.path} was not found`);
      return;
    }
    reply(req, res, 200, messageResource(message));
  });

  router.get(`${API}/Messages.json`, guard(deps, 'messages.list'), (req, res) => {
    const accountSid = contextOf(req).accountSid ?? '';
    // Twilio lists newest first.
    const all = store.findMessages({ accountSid, to: field(req.query, 'To'), from: field(req.query, 'From') }).reverse();
    reply(req, res, 200, pageEnvelope(req, accountSid, all));
  });

  return router;
}
