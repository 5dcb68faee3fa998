// What a customer message costs the workflow (real API, worker, Temporal, the Twilio fake): the
// webhook stored it and says what it saw, so with its restaurant context current a message is
// answered with its reply's send alone; a settings or menu change makes the next one re-read it.
import { conversationWorkflowId } from '../../src/workflows/contract';
import { admin, http, mintToken } from '../dashboard/helpers';
import { eventually } from '../support/eventually';
import { activityCounts } from '../support/history';
import { startStack, randomWhatsApp, type TestRestaurant, type TestStack } from '../support/stack';
import { inboundParams, postSigned, type WebhookTarget } from '../support/twilio-webhook';

let stack: TestStack;
let restaurant: TestRestaurant;
let target: WebhookTarget;

beforeAll(async () => {
  stack = await startStack({ api: true, worker: true });
  restaurant = await stack.createRestaurant({ locale: 'en' });
  target = { apiUrl: stack.api!.url, publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken: restaurant.authToken };
});
afterAll(() => stack?.stop());

/** Sends one message as Twilio would and waits for its reply. */
async function say(customer: string, params: Record<string, string>, replies: number): Promise<void> {
  const res = await postSigned(target, '/whatsapp/webhook', inboundParams(restaurant.tenant.whatsappFrom, params, customer));
  expect(res.status).toBe(200);
  await stack.twilio.waitForMessages(replies, { to: customer, timeoutMs: 20_000 });
}

/** How often each activity (remote or local) was called in the conversation's workflow, once its
 * history holds `sends` sendReply calls (a local activity shows once its workflow task completed). */
function activityCountsOf(customer: string, sends: number): Promise<Record<string, number>> {
  const handle = stack.temporal.client.workflow.getHandle(conversationWorkflowId(restaurant.tenant.id, customer));
  return eventually(async () => {
    const counts = activityCounts((await handle.fetchHistory()).events ?? []);
    if (counts.sendReply !== sends) throw new Error(`history shows ${counts.sendReply ?? 0} sendReply calls, not ${sends} yet`);
    return counts;
  });
}

test('with the context current a message costs one activity, its reply; changes are read on the next message', async () => {
  const customer = randomWhatsApp();
  await say(customer, { Body: 'hi' }, 1);
  await say(customer, { Body: '1', ButtonPayload: 'new_order' }, 2);
  await say(customer, { Body: 'Pickup', ButtonPayload: 'order_pickup' }, 3);
  // The fresh run read the context once; each message since then only sent its reply (the first
  // also remembered the customer's language).
  const counts = await activityCountsOf(customer, 3);
  expect(counts).toMatchObject({ loadConversationContext: 1, sendReply: 3 });
  expect(counts.recordInbound).toBeUndefined();

  // A restaurant update (settings version) and a staff sold-out toggle (menu version) are read.
  expect(
    (await admin(stack, 'PATCH', `/api/admin/restaurants/${restaurant.tenant.id}`, { supportContact: '+966 11 000 0000' })).status,
  ).toBe(200);
  await say(customer, { Body: 'help' }, 4);
  expect(await activityCountsOf(customer, 4)).toMatchObject({ loadConversationContext: 2, sendReply: 4 });

  const token = await mintToken(stack, restaurant.tenant.id, 'owner');
  const item = restaurant.menu.categories[0]!.items[0]!;
  const patch = await http(stack, 'PATCH', `/api/restaurants/${restaurant.tenant.id}/menu/items/${item.id}`, {
    token,
    body: { isAvailable: false },
  });
  expect(patch.status).toBe(200);
  await say(customer, { Body: 'help' }, 5);
  expect(await activityCountsOf(customer, 5)).toMatchObject({ loadConversationContext: 3, sendReply: 5 });
});
