// The live feed end to end: a signed Twilio webhook to restaurant A shows up on A's dashboard
// WebSocket within a second, and never on B's.
import { postSigned, inboundParams } from '../support/twilio-webhook';
import { startStack, randomWhatsApp, type TestStack } from '../support/stack';
import { connectWs, mintToken, sleep, wsUrl } from './helpers';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ api: true, worker: true });
});
afterAll(() => stack.stop());

test("a webhook to A reaches A's dashboard as message.received within 1 s, and not B's", async () => {
  const restaurant = await stack.createRestaurant();
  const other = await stack.createRestaurant();
  const token = await mintToken(stack, restaurant.tenant.id, 'agent');
  const clientA = await connectWs(wsUrl(stack, { token }));
  const clientB = await connectWs(wsUrl(stack, { token: await mintToken(stack, other.tenant.id, 'owner') }));
  const params = inboundParams(restaurant.tenant.whatsappFrom, { Body: 'hello dashboard' }, randomWhatsApp());
  const started = Date.now();
  const res = await postSigned(
    { apiUrl: stack.api!.url, publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken: restaurant.authToken },
    '/whatsapp/webhook',
    params,
  );
  expect(res.status).toBe(200);
  const event = await clientA.waitFor((m) => m.type === 'message.received' && m.data.waSid === params.MessageSid, 1000);
  expect(Date.now() - started).toBeLessThan(1000);
  expect(event.data).toMatchObject({ body: 'hello dashboard', direction: 'IN' });
  await sleep(1000);
  expect(clientB.received).toEqual([]);
  clientA.close();
  clientB.close();
});
