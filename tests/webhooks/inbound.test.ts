// POST /whatsapp/webhook: who may post, what is stored, what Twilio is answered (SPEC §4).
import { randomBytes } from 'node:crypto';
import { updateTenant } from '../../src/tenants/store';
import { conversationWorkflowId } from '../../src/workflows/contract';
import { recordHistories } from '../workflow/histories';
import { startStack, randomWhatsApp, type TestStack, type TestRestaurant } from '../support/stack';
import { eventually } from '../support/eventually';
import { activityCalls } from '../support/history';
import { inboundParams, newMessageSid, postSigned, signatureFor, type WebhookTarget } from '../support/twilio-webhook';

const PUBLIC_BASE_URL = 'https://bot.example.com';
const PATH = '/whatsapp/webhook';

let stack: TestStack;
let restaurant: TestRestaurant;
let target: WebhookTarget;

beforeAll(async () => {
  // The API listens on 127.0.0.1:<port> while Twilio signs https://bot.example.com/...: a proxy setup.
  stack = await startStack({ api: true, worker: true, env: { PUBLIC_BASE_URL } });
  restaurant = await stack.createRestaurant({ locale: 'en' });
  target = { apiUrl: stack.api!.url, publicBaseUrl: PUBLIC_BASE_URL, authToken: restaurant.authToken };
});

afterAll(() => stack?.stop());

const to = () => restaurant.tenant.whatsappFrom;
const storedBySid = (waSid: string) => stack.prisma.message.findUnique({ where: { waSid } });
const auditFor = (messageSid: string) =>
  eventually(
    async () => {
      const rows = await stack.prisma.auditLog.findMany({
        where: { kind: 'webhook', details: { path: ['messageSid'], equals: messageSid } },
      });
      expect(rows).not.toHaveLength(0);
      return rows;
    },
    { timeoutMs: 5_000, what: 'audit row' },
  );

/** One series of the API's /metrics text, e.g. sufrah_webhooks_total{kind="inbound",...}; 0 before its first increment. */
function sample(metrics: string, name: string, labels: Record<string, string>): number {
  const line = metrics
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => l.includes(`${key}="${value}"`)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('a signed message from Twilio', () => {
  test('is answered 200 with empty TwiML, stored, and the customer gets a reply', async () => {
    const customer = randomWhatsApp();
    const params = inboundParams(to(), { Body: 'hi' }, customer);
    const res = await postSigned(target, PATH, params);

    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/text\/xml/);
    expect(res.text).toBe('<Response></Response>');

    const row = await storedBySid(params.MessageSid!);
    expect(row).toMatchObject({
      direction: 'IN',
      sender: 'customer',
      body: 'hi',
      type: 'text',
      restaurantId: restaurant.tenant.id,
      rateLimited: false,
    });
    const conversation = await stack.prisma.conversation.findUniqueOrThrow({ where: { id: row!.conversationId } });
    expect(conversation).toMatchObject({ customerWa: customer, customerName: 'Test Customer', unreadCount: 1 });

    const replies = await stack.twilio.waitForMessages(1, { to: customer, timeoutMs: 20_000 });
    expect(replies[0]!.from).toBe(to());
    await eventually(async () => expect((await storedBySid(params.MessageSid!))?.dispatchedAt).toBeInstanceOf(Date), {
      timeoutMs: 5_000,
      what: 'dispatchedAt',
    });
    // The signal says the webhook stored it: the workflow runs no activity to store it again.
    const workflowId = conversationWorkflowId(restaurant.tenant.id, customer);
    // (A local activity shows in the history once its workflow task has completed.)
    const calls = await eventually(async () => {
      const called = activityCalls((await stack.temporal.client.workflow.getHandle(workflowId).fetchHistory()).events ?? []);
      expect(called).toContain('sendReply');
      return called;
    });
    expect(calls).not.toContain('recordInbound');
    await recordHistories(stack.temporal.client, workflowId, 'webhook-message');
  });

  test('keeps parameters it does not map in metadata, never rejecting them', async () => {
    const params = inboundParams(to(), { Body: 'menu', SomethingNew: 'kept', ReferralCtwaClid: 'ctwa-1' });
    const res = await postSigned(target, PATH, params);
    expect(res.status).toBe(200);
    const row = await storedBySid(params.MessageSid!);
    const metadata = row!.metadata as { params: Record<string, string>; input: unknown };
    expect(metadata.params).toMatchObject({
      SomethingNew: 'kept',
      ReferralCtwaClid: 'ctwa-1',
      WaId: params.WaId,
      AccountSid: params.AccountSid,
    });
    expect(metadata.params).not.toHaveProperty('Body');
    expect(metadata.input).toEqual({ kind: 'text', text: 'menu' });
  });

  test.each([
    [
      'a button reply',
      { ButtonPayload: 'new_order', ButtonText: 'New order', Body: 'New order' },
      { kind: 'button', id: 'new_order', text: 'New order' },
      'button',
    ],
    [
      'a list reply',
      { ListId: 'cat_1', ListTitle: 'Burgers', Body: 'Burgers' },
      { kind: 'button', id: 'cat_1', text: 'Burgers' },
      'button',
    ],
    [
      'a location',
      { Body: '', Latitude: '24.7136', Longitude: '46.6753', Address: 'Olaya St' },
      { kind: 'location', lat: 24.7136, lng: 46.6753, address: 'Olaya St' },
      'location',
    ],
  ])('maps %s to the customer input', async (_name, extra, input, type) => {
    const params = inboundParams(to(), extra);
    expect((await postSigned(target, PATH, params)).status).toBe(200);
    const row = await storedBySid(params.MessageSid!);
    expect(row!.type).toBe(type);
    expect((row!.metadata as { input: unknown }).input).toEqual(input);
  });

  test('stores media URLs and content types for agents', async () => {
    const params = inboundParams(to(), {
      Body: 'look',
      NumMedia: '2',
      MediaUrl0: 'https://api.twilio.com/media/ME1',
      MediaContentType0: 'image/jpeg',
      MediaUrl1: 'https://api.twilio.com/media/ME2',
      MediaContentType1: 'audio/ogg',
    });
    expect((await postSigned(target, PATH, params)).status).toBe(200);
    const row = await storedBySid(params.MessageSid!);
    expect(row!.mediaUrls).toEqual([
      { url: 'https://api.twilio.com/media/ME1', contentType: 'image/jpeg' },
      { url: 'https://api.twilio.com/media/ME2', contentType: 'audio/ogg' },
    ]);
    expect((row!.metadata as { input: unknown }).input).toEqual({ kind: 'media', mediaType: 'image/jpeg' });
    expect(row!.body).toBe('look');
  });

  test('leaves an audit row with tenant, outcome, status and latency', async () => {
    const params = inboundParams(to());
    await postSigned(target, PATH, params, { headers: { 'x-request-id': 'req-audit-1' } });
    const [row] = await auditFor(params.MessageSid!);
    expect(row).toMatchObject({
      action: 'whatsapp.inbound',
      outcome: 'accepted',
      statusCode: 200,
      restaurantId: restaurant.tenant.id,
      requestId: 'req-audit-1',
    });
    expect(row!.latencyMs).toEqual(expect.any(Number));
  });
});

describe('requests that are not a valid Twilio webhook change nothing', () => {
  const expectNothingStored = async (messageSid: string) => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await storedBySid(messageSid)).toBeNull();
  };

  test('a forged signature → 403', async () => {
    const params = inboundParams(to());
    const forged = signatureFor({ ...target, authToken: 'not-the-token' }, PATH, params);
    const res = await postSigned(target, PATH, params, { signature: forged });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text)).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
    await expectNothingStored(params.MessageSid!);
  });

  test('a signature over tampered parameters → 403', async () => {
    const params = inboundParams(to(), { Body: 'one coffee' });
    const signature = signatureFor(target, PATH, params);
    const res = await postSigned(target, PATH, { ...params, Body: 'ten coffees' }, { signature });
    expect(res.status).toBe(403);
    await expectNothingStored(params.MessageSid!);
  });

  test('no signature → 403', async () => {
    const params = inboundParams(to());
    expect((await postSigned(target, PATH, params, { signature: null })).status).toBe(403);
    await expectNothingStored(params.MessageSid!);
  });

  test('behind a proxy the public URL counts, not the Host the request arrived with', async () => {
    const params = inboundParams(to());
    const overHost = signatureFor({ ...target, publicBaseUrl: stack.api!.url }, PATH, params);
    expect((await postSigned(target, PATH, params, { signature: overHost })).status).toBe(403);
    const res = await postSigned(target, PATH, params, {
      headers: { 'x-forwarded-host': 'evil.example.com', 'x-forwarded-proto': 'http' },
    });
    expect(res.status).toBe(200);
  });

  test('a rotated auth token is honoured at once; the old one is refused', async () => {
    const rotating = await stack.createRestaurant();
    const before = { ...target, authToken: rotating.authToken };
    expect((await postSigned(before, PATH, inboundParams(rotating.tenant.whatsappFrom))).status).toBe(200);
    const newToken = randomBytes(16).toString('hex');
    await updateTenant(stack.prisma, stack.config.CREDENTIALS_KEY, rotating.tenant.id, { twilioAuthToken: newToken });
    expect((await postSigned({ ...target, authToken: newToken }, PATH, inboundParams(rotating.tenant.whatsappFrom))).status).toBe(200);
    expect((await postSigned(before, PATH, inboundParams(rotating.tenant.whatsappFrom))).status).toBe(403);
  });

  test('an unknown To → 404', async () => {
    const params = inboundParams('whatsapp:+15550000000');
    const res = await postSigned(target, PATH, params);
    expect(res.status).toBe(404);
    await expectNothingStored(params.MessageSid!);
  });

  test('an inactive restaurant → 404', async () => {
    const inactive = await stack.createRestaurant({ isActive: false });
    const params = inboundParams(inactive.tenant.whatsappFrom);
    const res = await postSigned({ ...target, authToken: inactive.authToken }, PATH, params);
    expect(res.status).toBe(404);
    await expectNothingStored(params.MessageSid!);
  });

  test('no MessageSid → 400 (before the tenant or signature is looked at)', async () => {
    const { MessageSid: _sid, ...params } = inboundParams('whatsapp:+15550000000');
    const res = await postSigned(target, PATH, params, { signature: null });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.code).toBe('bad_request');
  });

  test.each(['From', 'To'])('no %s → 400', async (field) => {
    const params = inboundParams(to());
    delete params[field];
    expect((await postSigned(target, PATH, params)).status).toBe(400);
    await expectNothingStored(params.MessageSid!);
  });

  test('a 2 MB body → 413', async () => {
    const params = inboundParams(to(), { Body: 'x'.repeat(2 * 1024 * 1024) });
    const res = await postSigned(target, PATH, params);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).error.code).toBe('payload_too_large');
    await expectNothingStored(params.MessageSid!);
  });

  test('a JSON body → 415 with a clear message', async () => {
    const sid = newMessageSid();
    const res = await fetch(target.apiUrl + PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ MessageSid: sid, From: randomWhatsApp(), To: to(), Body: 'hi' }),
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: unknown }).error).toEqual({
      code: 'unsupported_media_type',
      message: expect.stringMatching(/x-www-form-urlencoded/),
    });
    await expectNothingStored(sid);
  });

  test('a rejected request is audited without its body or signature', async () => {
    const params = inboundParams(to(), { Body: 'secret-ish body' });
    await postSigned(target, PATH, params, { signature: 'bogus-signature-value', headers: { 'x-request-id': 'req-rejected-1' } });
    const row = await eventually(
      async () => {
        const found = await stack.prisma.auditLog.findFirst({ where: { requestId: 'req-rejected-1' } });
        expect(found).not.toBeNull();
        return found!;
      },
      { timeoutMs: 5_000, what: 'the rejected request audited' },
    );
    expect(row).toMatchObject({ outcome: 'forbidden', statusCode: 403, restaurantId: restaurant.tenant.id });
    expect(JSON.stringify(row)).not.toMatch(/secret-ish|bogus-signature|MessageSid|Body/);
    expect(JSON.stringify(row)).not.toContain(restaurant.authToken);
  });

  test('metrics count webhooks by kind and outcome: this test\u2019s accepted and forbidden posts, each acked once, the accepted handed over', async () => {
    const counts = async () => {
      const metrics = await (await fetch(`${target.apiUrl}/metrics`)).text();
      return {
        accepted: sample(metrics, 'sufrah_webhooks_total', { kind: 'inbound', outcome: 'accepted' }),
        forbidden: sample(metrics, 'sufrah_webhooks_total', { kind: 'inbound', outcome: 'forbidden' }),
        acks: sample(metrics, 'sufrah_webhook_ack_seconds_count', { kind: 'inbound' }),
        // Temporal is up and each customer is new: both accepted messages are signalled at once.
        signalled: sample(metrics, 'sufrah_handoffs_total', { by: 'api', outcome: 'signalled' }),
      };
    };
    const before = await counts();
    expect((await postSigned(target, PATH, inboundParams(to()))).status).toBe(200);
    expect((await postSigned(target, PATH, inboundParams(to()), { signature: 'forged' })).status).toBe(403);
    expect((await postSigned(target, PATH, inboundParams(to()))).status).toBe(200);
    // Counted once the response has finished, which may be a moment after the client has it.
    await eventually(
      async () =>
        expect(await counts()).toEqual({
          accepted: before.accepted + 2,
          forbidden: before.forbidden + 1,
          acks: before.acks + 3,
          signalled: before.signalled + 2,
        }),
      {
        timeoutMs: 2_000,
        what: 'the three webhooks counted',
      },
    );
  });
});
