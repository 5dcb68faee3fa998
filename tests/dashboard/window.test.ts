// WhatsApp's 24-hour window (SPEC §7) on the real stack: templates created and submitted for a new
// restaurant and listed with WhatsApp's verdict; outside the window an order update goes as the
// approved template (ContentSid + variables), never as free text, or is held visibly without one;
// Twilio's 63016 (answered at once, or in a status callback) takes the same path; an agent's
// follow-up goes as an invitation and the agent's own text once the customer replies.
import { randomBytes } from 'node:crypto';
import { WINDOW_MS } from '../../src/conversations/window';
import { templateName } from '../../src/templates/kinds';
import { templatesWorkflowId } from '../../src/workflows/contract';
import { eventually } from '../support/eventually';
import { randomWhatsApp, startStack, type TestRestaurant, type TestStack } from '../support/stack';
import { postSigned, statusParams } from '../support/twilio-webhook';
import { recordHistories } from '../workflow/histories';
import { TestCustomer } from '../workflow/helpers';
import { admin, http, mintToken, seedOrder } from './helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ api: true, worker: true, env: { TEMPLATE_APPROVAL_POLL_SECONDS: '1' } });
});
afterAll(() => stack.stop());

/** A restaurant created through the admin API (which starts its template provisioning). */
async function createdRestaurant(): Promise<{ id: string; accountSid: string; authToken: string; whatsappFrom: string }> {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  stack.twilio.addAccount(accountSid, authToken);
  const res = await admin(stack, 'POST', '/api/admin/restaurants', {
    name: `window-${randomBytes(3).toString('hex')}`,
    restaurantName: 'Window Grill',
    whatsappFrom: randomWhatsApp(),
    twilioAccountSid: accountSid,
    twilioAuthToken: authToken,
    locale: 'en',
  });
  expect(res.status).toBe(201);
  return { id: res.body.id, accountSid, authToken, whatsappFrom: res.body.whatsappFrom };
}

const templatesOf = async (restaurantId: string) => {
  const res = await http(stack, 'GET', `/api/restaurants/${restaurantId}/templates`, {
    token: await mintToken(stack, restaurantId, 'agent'),
  });
  expect(res.status).toBe(200);
  return res.body.data as { kind: string; language: string; contentSid: string | null; approvalStatus: string }[];
};

/** Waits until all six templates are submitted, then WhatsApp approves (or rejects) them. */
async function decide(restaurantId: string, verdict: 'approved' | 'rejected' | 'none') {
  const submitted = await eventually(
    async () => {
      const rows = await templatesOf(restaurantId);
      expect(rows).toHaveLength(6);
      for (const row of rows) expect(row.approvalStatus).toBe('received');
      return rows;
    },
    { timeoutMs: 20_000 },
  );
  if (verdict === 'none') return submitted;
  for (const row of submitted) stack.twilio.setApproval(row.contentSid!, verdict, verdict === 'rejected' ? 'INVALID_FORMAT' : undefined);
  return eventually(
    async () => {
      const rows = await templatesOf(restaurantId);
      for (const row of rows) expect(row.approvalStatus).toBe(verdict);
      return rows;
    },
    { timeoutMs: 20_000 },
  );
}

/** A customer who ordered and last wrote `hoursAgo` hours ago (the window runs from that). */
async function customerWithOrder(restaurantId: string, hoursAgo: number) {
  const customerWa = randomWhatsApp();
  const lastInboundAt = new Date(Date.now() - hoursAgo * 3_600_000);
  const conversation = await stack.prisma.conversation.create({ data: { restaurantId, customerWa, lastInboundAt, locale: 'en' } });
  const seeded = await seedOrder(stack.prisma, conversation, { status: 'CONFIRMED', orderType: 'delivery' });
  // As the dialogue leaves an order it created: the customer was told it is confirmed.
  const order = await stack.prisma.order.update({ where: { id: seeded.id }, data: { notifiedStatus: 'CONFIRMED' } });
  return { customerWa, conversation, order };
}

const patchStatus = async (restaurantId: string, orderId: string, status: string) => {
  const res = await http(stack, 'PATCH', `/api/restaurants/${restaurantId}/orders/${orderId}`, {
    token: await mintToken(stack, restaurantId, 'owner'),
    body: { status },
  });
  expect(res.status).toBe(200);
};

test('a new restaurant gets its templates created, submitted and listed with their approval', async () => {
  const restaurant = await createdRestaurant();
  const submitted = await decide(restaurant.id, 'none');
  expect(submitted.map((t) => `${t.kind}/${t.language}`).sort()).toEqual([
    'agent_followup/ar',
    'agent_followup/en',
    'order_status/ar',
    'order_status/en',
    'rating_request/ar',
    'rating_request/en',
  ]);
  const inAccount = stack.twilio.contents().filter((c) => c.accountSid === restaurant.accountSid);
  expect(inAccount.map((c) => c.friendlyName).sort()).toEqual(
    submitted.map((t) => templateName(t.kind as never, t.language as never)).sort(),
  );
  const approvals = stack.twilio.requests.filter((r) => r.path.endsWith('/ApprovalRequests/whatsapp'));
  expect(approvals.filter((r) => r.accountSid === restaurant.accountSid)).toHaveLength(6);
  expect(approvals[0]!.body).toMatchObject({ category: 'UTILITY' });

  const approved = await decide(restaurant.id, 'approved');
  expect(approved.every((t) => t.contentSid?.startsWith('HX'))).toBe(true);
});

test('outside the window a status change goes as the approved template with variables, never as free text', async () => {
  const restaurant = await createdRestaurant();
  const templates = await decide(restaurant.id, 'approved');
  const { customerWa, conversation, order } = await customerWithOrder(restaurant.id, 25);
  const listed = await http(stack, 'GET', `/api/restaurants/${restaurant.id}/conversations?q=${encodeURIComponent(customerWa.slice(10))}`, {
    token: await mintToken(stack, restaurant.id),
  });
  expect(listed.body.data[0]).toMatchObject({
    windowOpen: false,
    windowClosesAt: new Date(conversation.lastInboundAt!.getTime() + WINDOW_MS).toISOString(),
  });

  await patchStatus(restaurant.id, order.id, 'PREPARING');
  const [sent] = await stack.twilio.waitForMessages(1, { to: customerWa, timeoutMs: 15_000 });
  const orderStatus = templates.find((t) => t.kind === 'order_status' && t.language === 'en')!;
  expect(sent!.contentSid).toBe(orderStatus.contentSid);
  expect(sent!.contentVariables).toEqual({ 1: 'Window Grill', 2: order.orderReference, 3: 'being prepared' });
  expect(sent!.body).toContain(order.orderReference);
  await eventually(async () => {
    const row = await stack.prisma.message.findFirstOrThrow({ where: { conversationId: conversation.id, direction: 'OUT' } });
    expect(row).toMatchObject({ status: 'sent', waSid: sent!.sid });
  });

  // Delivered: the rating request's own template.
  await patchStatus(restaurant.id, order.id, 'OUT_FOR_DELIVERY');
  await patchStatus(restaurant.id, order.id, 'DELIVERED');
  const all = await stack.twilio.waitForMessages(3, { to: customerWa, timeoutMs: 15_000 });
  expect(all[2]!.contentSid).toBe(templates.find((t) => t.kind === 'rating_request' && t.language === 'en')!.contentSid);
  expect(stack.twilio.sentMessages({ to: customerWa }).every((m) => m.contentSid !== null)).toBe(true);
});

test('a template WhatsApp approved since the last look is asked about at the send and used at once', async () => {
  const restaurant = await createdRestaurant();
  const submitted = await decide(restaurant.id, 'none');
  // Provisioning stops looking; only the send itself can learn of the approval.
  await stack.temporal.client.workflow.getHandle(templatesWorkflowId(restaurant.id)).terminate('test: no more polling');
  for (const row of submitted) stack.twilio.setApproval(row.contentSid!, 'approved');
  const { customerWa, order } = await customerWithOrder(restaurant.id, 25);
  await patchStatus(restaurant.id, order.id, 'PREPARING');
  const [sent] = await stack.twilio.waitForMessages(1, { to: customerWa, timeoutMs: 15_000 });
  expect(sent!.contentSid).toBe(submitted.find((t) => t.kind === 'order_status' && t.language === 'en')!.contentSid);
  const listed = await templatesOf(restaurant.id);
  expect(listed.find((t) => t.kind === 'order_status' && t.language === 'en')!.approvalStatus).toBe('approved');
});

test('without an approved template the update is held visibly: failed, outside 24-hour window, in failed-sends', async () => {
  const restaurant = await createdRestaurant();
  await decide(restaurant.id, 'rejected');
  const { customerWa, conversation, order } = await customerWithOrder(restaurant.id, 30);
  await patchStatus(restaurant.id, order.id, 'PREPARING');
  const held = await eventually(async () => {
    const row = await stack.prisma.message.findFirstOrThrow({ where: { conversationId: conversation.id, direction: 'OUT' } });
    expect(row.status).toBe('failed');
    return row;
  });
  expect(held).toMatchObject({ failureReason: 'outside_window', errorMessage: 'outside 24-hour window', waSid: null });
  const failed = await http(stack, 'GET', `/api/restaurants/${restaurant.id}/failed-sends`, {
    token: await mintToken(stack, restaurant.id),
  });
  expect(failed.body.data.map((m: { id: string }) => m.id)).toContain(held.id);
  expect(stack.twilio.sentMessages({ to: customerWa })).toHaveLength(0);
});

test("Twilio's 63016, at once or in a status callback, closes the window and the update goes as its template", async () => {
  const restaurant = await createdRestaurant();
  const templates = await decide(restaurant.id, 'approved');
  const orderStatus = templates.find((t) => t.kind === 'order_status' && t.language === 'en')!;

  // At once: our clock says the window is open, Twilio says it is not.
  const early = await customerWithOrder(restaurant.id, 2);
  stack.twilio.setOutsideWindow(early.customerWa);
  await patchStatus(restaurant.id, early.order.id, 'PREPARING');
  const [asTemplate] = await stack.twilio.waitForMessages(1, { to: early.customerWa, timeoutMs: 15_000 });
  expect(asTemplate!.contentSid).toBe(orderStatus.contentSid);
  const refused = stack.twilio.requests.filter((r) => r.status === 400 && (r.body as { To?: string })?.To === early.customerWa);
  expect(refused).toHaveLength(1);
  const closed = await stack.prisma.conversation.findUniqueOrThrow({ where: { id: early.conversation.id } });
  expect(closed.windowClosedAt).not.toBeNull();

  // In a status callback: the free-form message was accepted, then failed.
  const late = await customerWithOrder(restaurant.id, 2);
  await patchStatus(restaurant.id, late.order.id, 'PREPARING');
  const [freeForm] = await stack.twilio.waitForMessages(1, { to: late.customerWa, timeoutMs: 15_000 });
  expect(freeForm!.contentSid).toBeNull();
  const target = { apiUrl: stack.api!.url, publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken: restaurant.authToken };
  const params = statusParams(restaurant.whatsappFrom, late.customerWa, freeForm!.sid, 'undelivered', { ErrorCode: '63016' });
  expect((await postSigned(target, '/whatsapp/status', params)).status).toBe(200);
  const resent = await stack.twilio.waitForMessages(2, { to: late.customerWa, timeoutMs: 15_000 });
  expect(resent[1]!.contentSid).toBe(orderStatus.contentSid);
  await eventually(async () => {
    const row = await stack.prisma.message.findFirstOrThrow({ where: { conversationId: late.conversation.id, direction: 'OUT' } });
    expect(row).toMatchObject({ status: 'sent', waSid: resent[1]!.sid });
  });
  // The same callback again changes nothing more.
  expect((await postSigned(target, '/whatsapp/status', params)).status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(stack.twilio.sentMessages({ to: late.customerWa })).toHaveLength(2);
});

test("an agent's follow-up outside the window invites the customer; the agent's text goes once they reply", async () => {
  const restaurant = await createdRestaurant();
  const templates = await decide(restaurant.id, 'approved');
  const tenant = await stack.prisma.restaurantBot.findUniqueOrThrow({ where: { id: restaurant.id } });
  const menu = { branches: [], categories: [] };
  const customer = new TestCustomer(stack, { tenant, authToken: restaurant.authToken, menu } as unknown as TestRestaurant);
  await customer.text('hello'); // the welcome
  const conversation = await stack.prisma.conversation.update({
    where: { restaurantId_customerWa: { restaurantId: restaurant.id, customerWa: customer.customerWa } },
    data: { lastInboundAt: new Date(Date.now() - 26 * 3_600_000), isBotActive: false },
  });
  const token = await mintToken(stack, restaurant.id, 'agent');
  const sent = await http(stack, 'POST', `/api/restaurants/${restaurant.id}/conversations/${conversation.id}/send`, {
    token,
    body: { text: 'Sorry for the wait yesterday: your refund is on its way.' },
  });
  expect(sent.status).toBe(202);
  const [, invite] = await stack.twilio.waitForMessages(2, { to: customer.customerWa, timeoutMs: 15_000 });
  expect(invite!.contentSid).toBe(templates.find((t) => t.kind === 'agent_followup' && t.language === 'en')!.contentSid);
  expect(invite!.body).not.toContain('refund');
  const waiting = await stack.prisma.message.findUniqueOrThrow({ where: { id: sent.body.messageId } });
  expect(waiting).toMatchObject({ status: 'queued', waSid: null });
  await new Promise((resolve) => setTimeout(resolve, 800));
  expect(stack.twilio.sentMessages({ to: customer.customerWa })).toHaveLength(2);

  await customer.send({ kind: 'text', text: 'ok, what is it?' });
  const all = await stack.twilio.waitForMessages(3, { to: customer.customerWa, timeoutMs: 15_000 });
  expect(all[2]!.body).toBe('Sorry for the wait yesterday: your refund is on its way.');
  expect(all[2]!.contentSid).toBeNull();
  await eventually(async () => {
    expect(await stack.prisma.message.findUniqueOrThrow({ where: { id: sent.body.messageId } })).toMatchObject({ status: 'sent' });
  });
  await recordHistories(stack.temporal.client, customer.workflowId, 'agent-follow-up-held');
});
