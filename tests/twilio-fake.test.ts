// The Twilio fake, driven through the real `twilio` library via the project's client factory.
import twilio from 'twilio';
import { createTwilioClient, rewriteTwilioUrl, TwilioClientCache, type TwilioClient } from '../src/twilio/client';
import { createContentTemplate } from '../src/twilio/content';
import { classifyTwilioError } from '../src/twilio/errors';
import { startTwilioFake, type TwilioFake } from '../src/twilio/fake-server';

const SID = 'AC' + 'a'.repeat(32);
const TOKEN = '0123456789abcdef0123456789abcdef';
const OTHER_SID = 'AC' + 'b'.repeat(32);
const FROM = 'whatsapp:+14155238886';
const CUSTOMER = 'whatsapp:+966500000001';
const OTHER_CUSTOMER = 'whatsapp:+966500000002';

let fake: TwilioFake;
let client: TwilioClient;

beforeAll(async () => {
  fake = await startTwilioFake();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.addAccount(SID, TOKEN);
  client = createTwilioClient({ accountSid: SID, authToken: TOKEN }, { apiBaseUrl: fake.url });
});

const send = (to = CUSTOMER, c: TwilioClient = client) => c.messages.create({ to, from: FROM, body: 'مرحبا' });

/** Runs `fn`, expecting it to throw; returns what it threw. */
async function failure(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

describe('sending through the real twilio library', () => {
  it('sends a message with the tenant credentials and records it', async () => {
    const message = await send();

    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.status).toBe('queued');
    expect(message.dateCreated).toBeInstanceOf(Date);
    expect(fake.sentMessages()).toEqual([
      expect.objectContaining({ sid: message.sid, accountSid: SID, to: CUSTOMER, from: FROM, body: 'مرحبا' }),
    ]);
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${SID}/Messages.json`,
      accountSid: SID,
      body: { To: CUSTOMER, From: FROM, Body: 'مرحبا' },
      status: 201,
    });
  });

  it('fetches a message and lists them by recipient across pages', async () => {
    const first = await send();
    await send();
    await send();
    await send(OTHER_CUSTOMER);

    expect((await client.messages(first.sid).fetch()).to).toBe(CUSTOMER);
    const listed = await client.messages.list({ to: CUSTOMER, pageSize: 2 });
    expect(listed).toHaveLength(3);
    expect(listed.every((m) => m.to === CUSTOMER)).toBe(true);
    expect(fake.requests.filter((r) => r.endpoint === 'messages.list')).toHaveLength(2);
  });

  it('rejects a wrong auth token with RestException 20003 / 401 and records nothing sent', async () => {
    const intruder = createTwilioClient({ accountSid: SID, authToken: 'f'.repeat(32) }, { apiBaseUrl: fake.url });

    const err = await failure(() => send(CUSTOMER, intruder));

    expect(err).toBeInstanceOf(twilio.RestException);
    expect(err).toMatchObject({ code: 20003, status: 401, message: 'Authenticate' });
    expect(classifyTwilioError(err)).toMatchObject({ retryable: false, code: 20003, status: 401 });
    expect(classifyTwilioError(err).message).not.toContain('f'.repeat(32));
    expect(fake.sentMessages()).toHaveLength(0);
  });

  it('rejects a URL account that is not the authenticated one', async () => {
    const err = await failure(() => client.api.v2010.accounts(OTHER_SID).messages.create({ to: CUSTOMER, from: FROM, body: 'x' }));
    expect(err).toMatchObject({ code: 20003, status: 401 });
  });

  it('refuses a body over 1,600 characters with 21617, as Twilio does, and accepts 1,600', async () => {
    const err = await failure(() => client.messages.create({ to: CUSTOMER, from: FROM, body: 'ش'.repeat(1601) }));
    expect(err).toMatchObject({ code: 21617, status: 400 });
    expect(fake.sentMessages()).toHaveLength(0);
    await client.messages.create({ to: CUSTOMER, from: FROM, body: 'ش'.repeat(1600) });
    expect(fake.sentMessages()).toHaveLength(1);
  });

  it('answers 21610 for a recipient who unsubscribed, until they resubscribe', async () => {
    fake.unsubscribe(CUSTOMER);
    expect(await failure(() => send())).toMatchObject({ code: 21610, status: 400 });
    await send(OTHER_CUSTOMER);
    fake.resubscribe(CUSTOMER);
    await send();
    expect(fake.sentMessages().map((m) => m.to)).toEqual([OTHER_CUSTOMER, CUSTOMER]);
  });

  it('answers an invalid recipient with 21211 like Twilio', async () => {
    const err = await failure(() => send('whatsapp:0500'));
    expect(err).toMatchObject({ code: 21211, status: 400 });
  });
});

describe('fault injection', () => {
  it('an injected 21211 is a RestException classified as permanent', async () => {
    fake.failNext({ status: 400, code: 21211, message: "Invalid 'To' Phone Number" });

    const err = await failure(() => send());

    expect(err).toBeInstanceOf(twilio.RestException);
    expect(err).toMatchObject({ code: 21211, status: 400 });
    expect(classifyTwilioError(err)).toEqual({
      retryable: false,
      code: 21211,
      status: 400,
      message: "Twilio HTTP 400 error 21211: Invalid 'To' Phone Number",
    });
    await expect(send()).resolves.toMatchObject({ to: CUSTOMER }); // only the next call failed
  });

  it('429/20429 and 500 are retryable, and the library does not retry on its own', async () => {
    fake.failNext({ status: 429, code: 20429 });
    fake.failNext({ status: 500 });

    const throttled = await failure(() => send());
    const broken = await failure(() => send());

    expect(classifyTwilioError(throttled)).toMatchObject({ retryable: true, code: 20429, status: 429 });
    expect(classifyTwilioError(broken)).toMatchObject({ retryable: true, code: 20500, status: 500 });
    expect(fake.requests).toHaveLength(2);
    expect(fake.sentMessages()).toHaveLength(0);
  });

  it('a lost response fails the client although Twilio accepted the message', async () => {
    fake.dropNextResponse();

    const err = await failure(() => send());

    expect(classifyTwilioError(err).retryable).toBe(true);
    expect(fake.sentMessages()).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ dropped: true });
  });

  it('faults can target one recipient and stay until cleared', async () => {
    fake.failAll({ status: 400, code: 21610 }, { to: OTHER_CUSTOMER });

    await expect(send(OTHER_CUSTOMER)).rejects.toMatchObject({ code: 21610 });
    await expect(send(OTHER_CUSTOMER)).rejects.toMatchObject({ code: 21610 });
    await expect(send(CUSTOMER)).resolves.toMatchObject({ to: CUSTOMER });
    fake.clearFaults();
    await expect(send(OTHER_CUSTOMER)).resolves.toMatchObject({ to: OTHER_CUSTOMER });
  });

  it('a delay beyond the client timeout is a retryable error, and the send still lands', async () => {
    const impatient = createTwilioClient({ accountSid: SID, authToken: TOKEN }, { apiBaseUrl: fake.url, timeoutMs: 100 });
    fake.delayNext(400);

    const err = await failure(() => send(CUSTOMER, impatient));

    expect(classifyTwilioError(err).retryable).toBe(true);
    await expect(fake.waitForMessages(1, { timeoutMs: 2000 })).resolves.toHaveLength(1);
  });

  it('an unreachable Twilio is a retryable network error', async () => {
    const nowhere = createTwilioClient({ accountSid: SID, authToken: TOKEN }, { apiBaseUrl: 'http://127.0.0.1:1' });
    const err = await failure(() => send(CUSTOMER, nowhere));
    expect(classifyTwilioError(err)).toMatchObject({ retryable: true });
    expect(classifyTwilioError(err).message).toMatch(/ECONNREFUSED/);
    expect(classifyTwilioError(err).message).not.toContain(TOKEN);
  });
});

describe('Content API', () => {
  it('creates a quick-reply template and sends it by ContentSid', async () => {
    const content = await createContentTemplate(client, {
      friendly_name: 'welcome_en',
      language: 'en',
      variables: { '1': 'friend' },
      types: {
        'twilio/quick-reply': {
          body: 'Hi {{1}}, what would you like?',
          actions: [
            { title: 'New order', id: 'new_order' },
            { title: 'Track order', id: 'track_order' },
          ],
        },
        'twilio/text': { body: 'Hi {{1}}: 1) New order 2) Track order' },
      },
    });
    expect(content.sid).toMatch(/^HX[0-9a-f]{32}$/);
    expect((await client.content.v1.contents(content.sid).fetch()).friendlyName).toBe('welcome_en');

    await client.messages.create({ to: CUSTOMER, from: FROM, contentSid: content.sid, contentVariables: '{"1":"Sara"}' });

    expect(fake.sentMessages()[0]).toMatchObject({
      contentSid: content.sid,
      contentVariables: { '1': 'Sara' },
      body: 'Hi Sara, what would you like?',
    });
  });

  it('rejects camelCase types, which real Twilio does not understand', async () => {
    const err = await failure(() => client.content.v1.contents.create({ language: 'en', types: { twilioText: { body: 'hi' } } }));
    expect(err).toMatchObject({ status: 400, code: 92001 });
  });

  it('rejects an unknown ContentSid with 21655', async () => {
    const err = await failure(() => client.messages.create({ to: CUSTOMER, from: FROM, contentSid: 'HX' + '0'.repeat(32) }));
    expect(err).toMatchObject({ code: 21655 });
  });
});

describe('URL rewriting', () => {
  it('maps every *.twilio.com host onto the base URL, keeping path and query', () => {
    const base = 'http://127.0.0.1:4010/';
    expect(rewriteTwilioUrl(`https://api.twilio.com/2010-04-01/Accounts/${SID}/Messages.json`, base)).toBe(
      `http://127.0.0.1:4010/2010-04-01/Accounts/${SID}/Messages.json`,
    );
    expect(rewriteTwilioUrl('https://content.twilio.com/v1/Content/HX1', base)).toBe('http://127.0.0.1:4010/v1/Content/HX1');
    expect(rewriteTwilioUrl('https://messaging.dublin.ie1.twilio.com/v1/Services?PageSize=2', 'http://h/twilio')).toBe(
      'http://h/twilio/v1/Services?PageSize=2',
    );
    expect(rewriteTwilioUrl('https://example.com/media/1.jpg', base)).toBe('https://example.com/media/1.jpg');
    expect(rewriteTwilioUrl('https://eviltwilio.com/x', base)).toBe('https://eviltwilio.com/x');
  });

  it('sends both api.twilio.com and content.twilio.com calls to the fake', async () => {
    await createContentTemplate(client, { friendly_name: 't', language: 'ar', types: { 'twilio/text': { body: 'أهلا' } } });
    await send();
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/Content',
      `POST /2010-04-01/Accounts/${SID}/Messages.json`,
    ]);
  });
});

describe('TwilioClientCache', () => {
  it('reuses a client while credentials are unchanged and replaces it after rotation', async () => {
    const cache = new TwilioClientCache({ apiBaseUrl: fake.url });
    const first = cache.get('restaurant-1', { accountSid: SID, authToken: TOKEN });
    expect(cache.get('restaurant-1', { accountSid: SID, authToken: TOKEN })).toBe(first);
    expect(cache.get('restaurant-2', { accountSid: SID, authToken: TOKEN })).not.toBe(first);

    const rotated = 'fedcba9876543210fedcba9876543210';
    fake.addAccount(SID, rotated);
    await expect(send(CUSTOMER, first)).rejects.toMatchObject({ code: 20003 });
    const second = cache.get('restaurant-1', { accountSid: SID, authToken: rotated });
    expect(second).not.toBe(first);
    await expect(send(CUSTOMER, second)).resolves.toMatchObject({ accountSid: SID });

    cache.evict('restaurant-1');
    expect(cache.get('restaurant-1', { accountSid: SID, authToken: rotated })).not.toBe(second);
  });
});

describe('waitForMessages', () => {
  it('resolves once enough messages arrived, and otherwise says what did arrive', async () => {
    const waiting = fake.waitForMessages(2, { to: CUSTOMER, timeoutMs: 2000 });
    await send();
    await send();
    await expect(waiting).resolves.toHaveLength(2);

    await expect(fake.waitForMessages(1, { to: OTHER_CUSTOMER, timeoutMs: 100 })).rejects.toThrow(
      /expected 1 message\(s\) to whatsapp:\+966500000002 within 100 ms, got 0[\s\S]*→ whatsapp:\+966500000001: "مرحبا"/,
    );
  });
});
