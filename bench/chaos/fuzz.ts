// Fuzzed webhooks: random and missing fields, huge values, invalid UTF-8, odd content types and
// request targets, signed and unsigned. No request may get a 5xx or crash the API; a refused one
// (4xx) stores no message and signals no workflow; unknown parameters of a valid signed message
// are kept (Message.metadata.params).
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { customerNumber, signature, type Params } from './driver';
import type { ScenarioContext } from './scenarios';
import type { ChaosRestaurant } from './stack';
import type { Figures } from './verify';

interface FuzzCase {
  kind: string;
  body: Buffer;
  contentType: string;
  signature?: string;
  /** Request target; absolute form for some. */
  path: string;
  messageSid?: string;
  from?: string;
  /** A valid signed message with unknown parameters: must be accepted and keep them. */
  unknownParam?: string;
}

type Random = () => number;

function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const oneOf = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const NASTY = [
  '',
  ' ',
  '\u0000',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '💥'.repeat(50),
  '\'; DROP TABLE "Message"; --',
  '<Response><Message>x</Message></Response>',
  '{"$ne":null}',
  '../../etc/passwd',
  'NaN',
  '1e309',
  '-0',
  '99999999999999999999999',
  'whatsapp:',
  'whatsapp:+',
  '\r\n\r\nX-Injected: 1',
  '%00%ff',
];

function randomValue(random: Random): string {
  const roll = random();
  if (roll < 0.4) return oneOf(random, NASTY);
  if (roll < 0.6) return randomBytes(1 + Math.floor(random() * 64)).toString('base64');
  if (roll < 0.75) return String(Math.floor((random() - 0.5) * 1e12));
  if (roll < 0.97) return 'x'.repeat(1000 + Math.floor(random() * 20_000));
  // Huge: past the webhook's body limit.
  return 'y'.repeat(200_000 + Math.floor(random() * 800_000));
}

function validParams(restaurant: ChaosRestaurant, from: string, sid: string): Params {
  return {
    MessageSid: sid,
    AccountSid: restaurant.accountSid,
    From: from,
    To: restaurant.whatsappFrom,
    Body: 'hi',
    NumMedia: '0',
    ProfileName: 'Fuzz',
    WaId: from.replace('whatsapp:+', ''),
  };
}

const FIELDS = [
  'MessageSid',
  'From',
  'To',
  'Body',
  'NumMedia',
  'Latitude',
  'Longitude',
  'ButtonPayload',
  'ListId',
  'MediaUrl0',
  'MediaContentType0',
  'ProfileName',
];

function fuzzCase(random: Random, restaurant: ChaosRestaurant): FuzzCase {
  const sid = `SMfz${randomBytes(14).toString('hex')}`;
  const from = customerNumber();
  const params = validParams(restaurant, from, sid);
  const form = (p: Params) => Buffer.from(new URLSearchParams(p).toString());
  const signed = (p: Params) => signature(restaurant.authToken, p);
  const base = { contentType: 'application/x-www-form-urlencoded', path: '/whatsapp/webhook', messageSid: sid, from };
  const roll = random();
  if (roll < 0.1) {
    const key = `Fuzz${randomBytes(3).toString('hex')}`;
    const p = { ...params, [key]: oneOf(random, ['1', 'x', '\u0645', '💥']) };
    return { ...base, kind: 'valid+unknown', body: form(p), signature: signed(p), unknownParam: key };
  }
  if (roll < 0.3) {
    const p: Params = { ...params };
    for (const field of FIELDS) if (random() < 0.35) p[field] = randomValue(random);
    for (const field of Object.keys(p)) if (random() < 0.15) delete p[field];
    // What was actually sent: a fuzzed MessageSid such as "NaN" may be valid, and repeat.
    return { ...base, kind: 'random fields, signed', body: form(p), signature: signed(p), messageSid: p.MessageSid, from: p.From };
  }
  if (roll < 0.45) {
    const p: Params = { ...params };
    delete p[oneOf(random, ['MessageSid', 'From', 'To'])];
    return { ...base, kind: 'missing field, signed', body: form(p), signature: signed(p) };
  }
  if (roll < 0.6) {
    const p: Params = { ...params, Body: randomValue(random) };
    return {
      ...base,
      kind: 'unsigned or forged',
      body: form(p),
      signature: random() < 0.5 ? undefined : randomBytes(20).toString('base64'),
    };
  }
  if (roll < 0.7) {
    // Invalid UTF-8 in a value, as raw bytes and percent-encoded, signed over what a server would decode.
    const raw = Buffer.concat([
      form({ ...params, Body: '' }),
      Buffer.from('&ProfileName='),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      Buffer.from('%C3%28%ED%A0%80'),
    ]);
    const decoded = Object.fromEntries(new URLSearchParams(raw.toString('latin1')));
    return { ...base, kind: 'invalid UTF-8', body: raw, signature: random() < 0.5 ? signed(decoded) : undefined };
  }
  if (roll < 0.8) {
    const contentType = oneOf(random, ['application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/xml', '']);
    const body = contentType === 'application/json' ? Buffer.from(JSON.stringify(params)) : randomBytes(Math.floor(random() * 4096));
    return { ...base, kind: 'wrong content type', contentType, body, signature: signed(params) };
  }
  if (roll < 0.9) {
    return {
      ...base,
      kind: 'garbage body',
      body: randomBytes(Math.floor(random() * 8192)),
      signature: random() < 0.5 ? signed(params) : undefined,
    };
  }
  if (roll < 0.95) {
    const p = { ...params, From: [from, customerNumber()].join(',') };
    const body = Buffer.from(
      `${new URLSearchParams(params).toString()}&From=${encodeURIComponent(customerNumber())}&To=${encodeURIComponent('whatsapp:+10000000000')}`,
    );
    return { ...base, kind: 'repeated keys', body, signature: signed(p) };
  }
  return {
    ...base,
    kind: 'absolute-form target',
    path: `http://chaos.sufrah.test/whatsapp/webhook`,
    body: form(params),
    signature: signed(params),
  };
}

/** One raw request (node:http, so any body, content type and request target can be sent). */
function send(apiUrl: string, fuzz: FuzzCase): Promise<number> {
  const { hostname, port } = new URL(apiUrl);
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { 'content-length': fuzz.body.length };
    if (fuzz.contentType) headers['content-type'] = fuzz.contentType;
    if (fuzz.signature !== undefined) headers['x-twilio-signature'] = fuzz.signature;
    const req = request({ host: hostname, port, method: 'POST', path: fuzz.path, headers, timeout: 15_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(fuzz.body);
  });
}

export async function fuzzWebhooks(ctx: ScenarioContext, count: number): Promise<Figures> {
  const { stack } = ctx;
  const startedAt = Date.now();
  const crashesBefore = stack.crashes().length;
  const restaurant = await stack.createRestaurant('fuzz');
  const random = seeded(ctx.seed);
  const inboundBefore = await stack.prisma.message.count({ where: { restaurantId: restaurant.id, direction: 'IN' } });
  const results: { fuzz: FuzzCase; status: number }[] = [];
  const api = stack.apis[0]!.url;
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        next += 1;
        const fuzz = fuzzCase(random, restaurant);
        results.push({ fuzz, status: await send(api, fuzz) });
      }
    }),
  );
  await sleep(3000); // the hand-over after a 200 happens in the background

  const accepted = results.filter((r) => r.status >= 200 && r.status < 300);
  const refused = results.filter((r) => r.status >= 400 && r.status < 500);
  const serverErrors = results.filter((r) => r.status >= 500);
  const noAnswer = results.filter((r) => r.status === 0);
  const evidence: string[] = [];
  for (const r of [...serverErrors, ...noAnswer].slice(0, 10))
    evidence.push(`${r.status || 'no answer'} for ${r.fuzz.kind} (${r.fuzz.body.length} bytes)`);

  // A SID with a NUL cannot be stored (nor looked up) in PostgreSQL: leave it out of the lookups.
  const storable = (sid: string | undefined): sid is string => sid !== undefined && sid !== '' && !sid.includes('\u0000');
  const acceptedSids = [...new Set(accepted.flatMap((r) => (storable(r.fuzz.messageSid) ? [r.fuzz.messageSid] : [])))];
  // A refused request's SID must not be stored, unless another request with that SID was accepted.
  const acceptedSet = new Set(acceptedSids);
  const refusedSids = refused.flatMap((r) =>
    storable(r.fuzz.messageSid) && !acceptedSet.has(r.fuzz.messageSid) ? [r.fuzz.messageSid] : [],
  );
  const storedAfterRefusal = await stack.prisma.message.findMany({ where: { waSid: { in: refusedSids } }, select: { waSid: true } });
  for (const m of storedAfterRefusal.slice(0, 10)) evidence.push(`refused but stored: ${m.waSid}`);
  const inboundAfter = await stack.prisma.message.count({ where: { restaurantId: restaurant.id, direction: 'IN' } });
  const storedAccepted = await stack.prisma.message.findMany({
    where: { waSid: { in: acceptedSids } },
    select: { waSid: true, metadata: true },
  });

  // Signals: no refused request's customer may have a conversation workflow.
  const workflowIds = await stack.temporalClient(async (client) => {
    const ids = new Set<string>();
    for await (const execution of client.workflow.list({ query: `RestaurantId = "${restaurant.id}"` })) ids.add(execution.workflowId);
    return ids;
  });
  const acceptedFrom = new Set(accepted.map((r) => r.fuzz.from));
  const signalled = refused.filter(
    (r) => r.fuzz.from && !acceptedFrom.has(r.fuzz.from) && workflowIds.has(`conversation:${restaurant.id}:${r.fuzz.from}`),
  );
  for (const r of signalled.slice(0, 10)) evidence.push(`refused (${r.status}, ${r.fuzz.kind}) but its workflow exists: ${r.fuzz.from}`);

  // Unknown parameters of valid signed messages are kept.
  const unknown = results.filter((r) => r.fuzz.unknownParam);
  const metadataBySid = new Map(storedAccepted.map((m) => [m.waSid, JSON.stringify(m.metadata ?? {})]));
  const notKept = unknown.filter((r) => !(metadataBySid.get(r.fuzz.messageSid!) ?? '').includes(r.fuzz.unknownParam!));
  for (const r of notKept.slice(0, 10))
    evidence.push(`unknown parameter ${r.fuzz.unknownParam} of ${r.fuzz.messageSid} answered ${r.status}, not kept`);

  const health = await fetch(`${api}/health`).then(
    (res) => res.status,
    () => 0,
  );
  const crashes = stack.crashes().slice(crashesBefore);
  const statuses = new Map<number, number>();
  for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  const kinds = new Map<string, Map<number, number>>();
  for (const r of results) {
    const byStatus = kinds.get(r.fuzz.kind) ?? new Map<number, number>();
    byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    kinds.set(r.fuzz.kind, byStatus);
  }
  const tally = (m: Map<number, number>) =>
    [...m]
      .sort((a, b) => a[0] - b[0])
      .map(([status, n]) => `${status || 'no answer'}×${n}`)
      .join(' ');
  const lost = acceptedSids.length - storedAccepted.length;
  const storedSet = new Set(storedAccepted.map((m) => m.waSid));
  for (const sid of acceptedSids.filter((sid) => !storedSet.has(sid)).slice(0, 10)) evidence.push(`accepted (2xx) but not stored: ${sid}`);
  return {
    sent: results.length,
    posts: results.length,
    acked: accepted.length,
    stored: inboundAfter - inboundBefore,
    answered: storedAccepted.length,
    duplicated: 0,
    lost,
    outOfOrder: 0,
    twilioMessages: stack.twilio.sentMessages({ accountSid: restaurant.accountSid }).length,
    outboundRows: await stack.prisma.message.count({ where: { restaurantId: restaurant.id, direction: 'OUT' } }),
    crashes: crashes.length,
    violations:
      serverErrors.length + storedAfterRefusal.length + signalled.length + notKept.length + crashes.length + (health === 200 ? 0 : 1),
    seconds: Math.round((Date.now() - startedAt) / 1000),
    evidence,
    notes: [
      `statuses: ${tally(statuses)}`,
      `by kind: ${[...kinds].map(([kind, byStatus]) => `${kind} (${tally(byStatus)})`).join(', ')}`,
      `5xx ${serverErrors.length}; refused ${refused.length}, of them stored ${storedAfterRefusal.length}, signalled ${signalled.length}; ` +
        `accepted ${accepted.length}, inbound rows +${inboundAfter - inboundBefore}; unknown params kept ${unknown.length - notKept.length}/${unknown.length}; ` +
        `no answer (connection closed) ${noAnswer.length}; /health after: ${health}`,
      ...crashes,
    ],
  };
}
