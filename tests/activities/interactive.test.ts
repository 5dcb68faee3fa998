// Replies with options as WhatsApp buttons or lists (Content API) when the restaurant has
// interactive messages on; the numbered text form otherwise and whenever the Content API fails.
import { randomUUID } from 'node:crypto';
import type { SendReplyArgs } from '../../src/workflows/contract';
import type { Reply } from '../../src/dialogue/types';
import { randomWhatsApp, type TestRestaurant } from '../support/stack';
import { retriedLikeTemporal, startActivityHarness, type ActivityHarness } from './harness';

let h: ActivityHarness;
let interactive: TestRestaurant;

beforeAll(async () => {
  h = await startActivityHarness({ SEND_AMBIGUITY_WINDOW_MS: '200' });
  interactive = await h.stack.createRestaurant({ interactiveMessages: true });
});
afterAll(() => h.close());
beforeEach(() => h.stack.twilio.reset());

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
  expect(template!.types['twilio/quick-reply']).toEqual({
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
  expect(template!.types['twilio/list-picker']).toMatchObject({
    body: 'Choose a category',
    items: categories.options!.map(({ id, title }) => ({ id, item: title })),
  });
  expect(h.stack.twilio.sentMessages({ to: customer })[0]!.contentSid).toBe(template!.sid);
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
