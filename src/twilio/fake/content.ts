// Content API v1 (content.twilio.com): create and fetch content templates.
// Twilio takes the JSON body in wire form — `friendly_name`, and `types` keyed by
// "twilio/quick-reply", "twilio/list-picker", ... — and twilio-node sends its argument
// verbatim, so camelCase keys (`twilioQuickReply`) are rejected here as Twilio rejects them.
import { Router } from 'express';
import { contextOf, guard, reply, replyError, type FakeDeps } from './http';
import { newSid, type FakeContent } from './store';

export const CONTENT_TYPES = [
  'twilio/text',
  'twilio/media',
  'twilio/location',
  'twilio/list-picker',
  'twilio/call-to-action',
  'twilio/quick-reply',
  'twilio/card',
  'twilio/catalog',
  'twilio/carousel',
  'twilio/flows',
  'twilio/schedule',
  'whatsapp/card',
  'whatsapp/authentication',
  'whatsapp/flows',
] as const;

const KNOWN_TYPES: ReadonlySet<string> = new Set(CONTENT_TYPES);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function contentResource(c: FakeContent): Record<string, unknown> {
  const url = `https://content.twilio.com/v1/Content/${c.sid}`;
  const date = c.dateCreated.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    account_sid: c.accountSid,
    date_created: date,
    date_updated: date,
    friendly_name: c.friendlyName,
    language: c.language,
    links: {
      approval_create: `${url}/ApprovalRequests/whatsapp`,
      approval_fetch: `${url}/ApprovalRequests`,
    },
    sid: c.sid,
    types: c.types,
    url,
    variables: c.variables,
  };
}

type Parsed = FakeContent | { status: number; code: number; message: string };

function parseContent(body: unknown, accountSid: string): Parsed {
  if (!isRecord(body)) return { status: 400, code: 20001, message: 'Expected a JSON request body' };
  const language = body['language'];
  // Twilio's code for a missing language is not documented; 20001 stands in for it.
  if (typeof language !== 'string' || language === '') {
    return { status: 400, code: 20001, message: 'Missing required parameter language in the post body' };
  }
  const types = isRecord(body['types']) ? body['types'] : {};
  const keys = Object.keys(types);
  const unknownKeys = keys.filter((k) => !KNOWN_TYPES.has(k));
  if (keys.length === 0 || unknownKeys.length > 0) {
    const hint = unknownKeys.length ? ` Unknown: ${unknownKeys.join(', ')} (use wire keys such as "twilio/text").` : '';
    return { status: 400, code: 92001, message: `Invalid types. At least one content type definition is required.${hint}` };
  }
  const variables = isRecord(body['variables'])
    ? Object.fromEntries(Object.entries(body['variables']).map(([k, v]) => [k, String(v)]))
    : {};
  const friendlyName = body['friendly_name'];
  return {
    sid: newSid('HX'),
    accountSid,
    friendlyName: typeof friendlyName === 'string' ? friendlyName : '',
    language,
    variables,
    types,
    dateCreated: new Date(),
  };
}

export function contentRouter(deps: FakeDeps): Router {
  const { store } = deps;
  const router = Router();

  router.post('/v1/Content', guard(deps, 'content.create'), (req, res) => {
    const parsed = parseContent(req.body, contextOf(req).accountSid ?? '');
    if (!('sid' in parsed)) {
      replyError(req, res, parsed.status, parsed.code, parsed.message);
      return;
    }
    store.contents.set(parsed.sid, parsed);
    reply(req, res, 201, contentResource(parsed));
  });

  router.get('/v1/Content/:Sid', guard(deps, 'content.fetch'), (req, res) => {
    const sid = req.params['Sid'];
    const content = typeof sid === 'string' ? store.contents.get(sid) : undefined;
    if (!content || content.accountSid !== contextOf(req).accountSid) {
      replyError(req, res, 404, 20404, `The requested resource ${req.path} was not found`);
      return;
    }
    reply(req, res, 200, contentResource(content));
  });

  return router;
}
