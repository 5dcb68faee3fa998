// Replies with options as WhatsApp buttons or lists (Content API) when the restaurant has
// interactive messages on; the numbered text form otherwise and whenever the Content API fails.
// Templates are per shape and language, the body and options passed as content variables.
import { randomUUID } from 'node:crypto';
import type { SendReplyArgs } from '../../src/workflows/contract';
import type { Reply } from '../../src/dialogue/types';
import { randomWhatsApp, type TestRestaurant } from '../support/stack';
import { retriedLikeTemporal, startActivityHarness, type ActivityHarness } from './harness';

let h: ActivityHarness;
let interactive: TestRestaurant;

beforeAll(async () => {
  h = await startActivityHarness({ SEND_AMBIGUITY_WINDOW_MS: '200' });
});
afterAll(() => h.close());
// A restaurant (and Twilio account) per test: the Content SIDs its worker caches are its own.
beforeEach(async () => {
  h.stack.twilio.reset();
  interactive = await h.stack.createRestaurant({ interactiveMessages: true });
});

const threeButtons: Reply = {
  body: 'Delivery or pickup?',
  options: [
    { id: 'order_delivery', title: 'Delivery' },
    { id: 'order_pickup', title: 'Pickup' },
    { id: 'cancel', title: 'Cancel' },
  ],
};

const categories: Reply = {
  body: 'Choose a category',
  options: ['Grills', 'Starters', 'Drinks', 'Desserts', 'Sandwiches'].map((title, i) => ({ id: `cat_${i}`, title })),
};

const send = (restaurantId: string, customerWa: string, reply: Reply): SendReplyArgs => ({
  restaurantId,
  customerWa,
  reply,
  sender: 'bot',
  language: 'en',
  idempotencyKey: `interactive:${randomUUID()}`,
});

test('up to three short options go out as quick-reply buttons, the template created once', async () => {
  const customer = randomWhatsApp();
  const first = await h.activities.sendReply(send(interactive.tenant.id, customer, threeButtons));
  await h.activities.sendReply(send(interactive.tenant.id, customer, threeButtons));
  const sent = h.stack.twilio.sentMessages({ to: customer });
  expect(sent).toHaveLength(2);
  expect(sent[0]!.contentSid).toMatch(/^HX/);
  expect(sent[1]!.contentSid).toBe(sent[0]!.contentSid);
  const [template] = h.stack.twilio.contents();
  expect(h.stack.twilio.contents()).toHaveLength(1);
  // The template is the shape: every word of it a variable.
  expect(template!.types['twilio/quick-reply']).toEqual({
    body: '{{1}}',
    actions: [
      { id: '{{2}}', title: '{{3}}' },
      { id: '{{4}}', title: '{{5}}' },
      { id: '{{6}}', title: '{{7}}' },
    ],
  });
  // The customer sees the reply itself.
  expect(sent[0]!.body).toBe('Delivery or pickup?');
  expect(sent[0]!.rendered!['twilio/quick-reply']).toEqual({
    body: 'Delivery or pickup?',
    actions: threeButtons.options!.map(({ id, title }) => ({ id, title })),
  });
  // The row keeps the text form, readable by agents, and the template used.
  const row = await h.deps.prisma.message.findUniqueOrThrow({ where: { id: first.messageId } });
  expect(row.body).toBe('Delivery or pickup?\n\n1. Delivery\n2. Pickup\n3. Cancel');
  expect(row.metadata).toEqual({ contentSid: sent[0]!.contentSid });
});

test('more options go out as a list picker', async () => {
  const customer = randomWhatsApp();
  await h.activities.sendReply(send(interactive.tenant.id, customer, categories));
  const [template] = h.stack.twilio.contents();
  const [sent] = h.stack.twilio.sentMessages({ to: customer });
  expect(sent!.contentSid).toBe(template!.sid);
  expect(sent!.rendered!['twilio/list-picker']).toMatchObject({
    body: 'Choose a category',
    button: 'Options',
    items: categories.options!.map(({ id, title }) => ({ id, item: title })),
  });
});

test('a Content API failure falls back to the text form', async () => {
  const customer = randomWhatsApp();
  h.stack.twilio.failNext({ status: 500 }, { endpoint: 'content.create' });
  const result = await h.activities.sendReply(send(interactive.tenant.id, customer, categories));
  expect(result.status).toBe('sent');
  const [sent] = h.stack.twilio.sentMessages({ to: customer });
  expect(sent!.contentSid).toBeNull();
  expect(sent!.body).toBe('Choose a category\n\n1. Grills\n2. Starters\n3. Drinks\n4. Desserts\n5. Sandwiches');
});

test('a lost interactive send is recovered on retry, not sent twice', async () => {
  const customer = randomWhatsApp();
  const args = send(interactive.tenant.id, customer, { ...threeButtons, body: `Delivery or pickup? ${randomUUID().slice(0, 4)}` });
  h.stack.twilio.dropNextResponse();
  await expect(h.activities.sendReply(args)).rejects.toThrow();
  const retried = await retriedLikeTemporal(h.activities.sendReply, args);
  const sent = h.stack.twilio.sentMessages({ to: customer });
  expect(sent).toHaveLength(1);
  expect(sent[0]!.contentSid).toMatch(/^HX/);
  expect(retried.waSid).toBe(sent[0]!.sid);
});

test('a template Twilio no longer knows (21655) is sent as text, then created again', async () => {
  const customer = randomWhatsApp();
  const reply = { ...threeButtons, body: `Pickup or delivery? ${randomUUID().slice(0, 4)}` };
  await h.activities.sendReply(send(interactive.tenant.id, customer, reply));
  h.stack.twilio.reset(); // the cached Content SID now points at nothing
  await h.activities.sendReply(send(interactive.tenant.id, customer, reply));
  await h.activities.sendReply(send(interactive.tenant.id, customer, reply));
  const [asText, again] = h.stack.twilio.sentMessages({ to: customer });
  expect(asText!.contentSid).toBeNull();
  expect(asText!.body).toContain('1. Delivery');
  expect(again!.contentSid).toBe(h.stack.twilio.contents()[0]!.sid);
});

test('restaurants without interactive messages get numbered text', async () => {
  const plain = await h.stack.createRestaurant();
  const customer = randomWhatsApp();
  await h.activities.sendReply(send(plain.tenant.id, customer, threeButtons));
  expect(h.stack.twilio.contents()).toHaveLength(0);
  expect(h.stack.twilio.sentMessages({ to: customer })[0]!.body).toBe('Delivery or pickup?\n\n1. Delivery\n2. Pickup\n3. Cancel');
});

/** A cart summary as the checkout shows it: the customer's own lines, then pay online or cash. */
const cartSummary = (lines: string[]): Reply => ({
  body: `Your order:\n${lines.join('\n')}\nTotal: ${lines.length * 25}.00 SAR`,
  options: [
    { id: 'pay_online', title: 'Pay online' },
    { id: 'pay_cash', title: 'Cash' },
  ],
});

test('two customers with different carts create no second template for the same shape', async () => {
  const sara = randomWhatsApp();
  const omar = randomWhatsApp();
  await h.activities.sendReply(send(interactive.tenant.id, sara, cartSummary(['2 × Kebab', '1 × Laban'])));
  await h.activities.sendReply(send(interactive.tenant.id, omar, cartSummary(['3 × Shawarma'])));
  const creates = h.stack.twilio.requests.filter((r) => r.endpoint === 'content.create');
  expect(creates).toHaveLength(1);
  const [template] = h.stack.twilio.contents();
  // No customer's details in the account's templates.
  expect(JSON.stringify(template!.types)).not.toMatch(/Kebab|Shawarma|SAR/);
  const [toSara] = h.stack.twilio.sentMessages({ to: sara });
  const [toOmar] = h.stack.twilio.sentMessages({ to: omar });
  expect(toSara!.contentSid).toBe(template!.sid);
  expect(toOmar!.contentSid).toBe(template!.sid);
  expect(toSara!.body).toContain('2 × Kebab');
  expect(toOmar!.body).toContain('3 × Shawarma');
  expect(toOmar!.body).not.toContain('Kebab');
  const create = h.stack.twilio.requests.find((r) => r.endpoint === 'messages.create')!.body as Record<string, string>;
  expect(JSON.parse(create['ContentVariables']!)).toMatchObject({ '2': 'pay_online', '3': 'Pay online' });
});

test('a template per shape and language: Arabic and a two-button reply are other templates', async () => {
  const customer = randomWhatsApp();
  const twoButtons: Reply = { body: 'Checkout?', options: threeButtons.options!.slice(0, 2) };
  await h.activities.sendReply(send(interactive.tenant.id, customer, threeButtons));
  await h.activities.sendReply({ ...send(interactive.tenant.id, customer, threeButtons), language: 'ar' });
  await h.activities.sendReply(send(interactive.tenant.id, customer, twoButtons));
  await h.activities.sendReply(send(interactive.tenant.id, customer, { ...twoButtons, body: 'Another body' }));
  expect(h.stack.twilio.contents().map((c) => [c.friendlyName, c.language])).toEqual([
    ['sufrah_v2_buttons3_en', 'en'],
    ['sufrah_v2_buttons3_ar', 'ar'],
    ['sufrah_v2_buttons2_en', 'en'],
  ]);
});

test('list rows are cut to 24 and 72 characters, and then the full text goes in the body', async () => {
  const customer = randomWhatsApp();
  const long: Reply = {
    body: 'Choose a branch',
    options: [
      {
        id: 'branch_1',
        title: 'Olaya — King Fahd Road, next to the tower',
        description: 'Open until 2 am every day of the week, parking behind the building',
      },
      { id: 'branch_2', title: 'Malqa', description: 'Anas Ibn Malik Rd' },
      { id: 'branch_3', title: 'Nakheel', description: 'Exit 2' },
      { id: 'branch_4', title: 'Yasmin', description: 'Near the park' },
    ],
  };
  await h.activities.sendReply(send(interactive.tenant.id, customer, long));
  const [sent] = h.stack.twilio.sentMessages({ to: customer });
  const list = sent!.rendered!['twilio/list-picker'] as { body: string; items: { item: string; description?: string }[] };
  expect(list.items.every((i) => [...i.item].length <= 24 && [...(i.description ?? '')].length <= 72)).toBe(true);
  expect(list.items[0]!.item.endsWith('…')).toBe(true);
  expect(list.body).toContain('Olaya — King Fahd Road, next to the tower');
  expect(sent!.body).toBe(list.body);
});

test('more than ten options, or a body too long for an interactive message, go as text', async () => {
  const customer = randomWhatsApp();
  const eleven: Reply = { body: 'Pick one', options: Array.from({ length: 11 }, (_, i) => ({ id: `cat_${i}`, title: `Category ${i}` })) };
  await h.activities.sendReply(send(interactive.tenant.id, customer, eleven));
  await h.activities.sendReply(send(interactive.tenant.id, customer, { ...threeButtons, body: 'x'.repeat(1100) }));
  expect(h.stack.twilio.sentMessages({ to: customer }).map((m) => m.contentSid)).toEqual([null, null]);
  expect(h.stack.twilio.contents()).toHaveLength(0);
});
