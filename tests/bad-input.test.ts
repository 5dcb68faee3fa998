// Bad input of any kind gets a clear 4xx and changes nothing (SPEC §7), on the real stack.
import { connect } from 'node:net';
import { encodeCursor } from '../src/api/paging';
import { admin, http, mintToken } from './dashboard/helpers';
import { startStack, type TestRestaurant, type TestStack } from './support/stack';
import { inboundParams, postSigned, signatureFor, type WebhookTarget } from './support/twilio-webhook';

let stack: TestStack;
let restaurant: TestRestaurant;

beforeAll(async () => {
  stack = await startStack({ api: true });
  restaurant = await stack.createRestaurant();
});
afterAll(() => stack.stop());

/** One raw HTTP/1.1 request, so the request target can be written in absolute form. */
function rawPost(target: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  const url = new URL(stack.api!.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), '127.0.0.1', () => {
      const lines = Object.entries({ Host: url.host, 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close', ...headers });
      socket.write(`POST ${target} HTTP/1.1\r\n${lines.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`);
    });
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('end', () => resolve({ status: Number(answer.split(' ')[1]), body: answer.slice(answer.indexOf('\r\n\r\n') + 4) }));
  });
}

test('a webhook with an absolute-form request target is 400 and stores nothing, however it is signed', async () => {
  const target: WebhookTarget = { apiUrl: stack.api!.url, publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken: restaurant.authToken };
  const absolute = `http://${new URL(stack.api!.url).host}/whatsapp/webhook`;
  for (const signedPath of ['/whatsapp/webhook', absolute]) {
    const params = inboundParams(restaurant.tenant.whatsappFrom, { Body: 'hi' });
    const answer = await rawPost(
      absolute,
      { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signatureFor(target, signedPath, params) },
      new URLSearchParams(params as Record<string, string>).toString(),
    );
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'bad_request' } });
    await expect(stack.prisma.message.count({ where: { waSid: params.MessageSid as string } })).resolves.toBe(0);
  }
});

test('a cursor whose time is out of range is 400, not 500', async () => {
  const token = await mintToken(stack, restaurant.tenant.id, 'owner');
  for (const at of [8.64e15 + 1, -1, 1e20]) {
    const cursor = encodeCursor({ at, id: 'x' });
    const res = await http(stack, 'GET', `/api/restaurants/${restaurant.tenant.id}/conversations?cursor=${cursor}`, { token });
    expect({ at, status: res.status }).toEqual({ at, status: 400 });
  }
});

test('fees and minimum orders beyond what an order total can hold are 400 and change nothing', async () => {
  for (const body of [{ deliveryFee: 1e12 }, { minDeliveryOrder: 2 ** 40 }]) {
    const res = await admin(stack, 'PATCH', `/api/admin/restaurants/${restaurant.tenant.id}`, body);
    expect(res.status).toBe(400);
  }
  await expect(stack.prisma.restaurantBot.findUniqueOrThrow({ where: { id: restaurant.tenant.id } })).resolves.toMatchObject({
    deliveryFee: restaurant.tenant.deliveryFee,
    minDeliveryOrder: restaurant.tenant.minDeliveryOrder,
  });
});

test('a signed webhook whose values hold a NUL character is 400 and stores nothing (PostgreSQL could not)', async () => {
  const target: WebhookTarget = { apiUrl: stack.api!.url, publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken: restaurant.authToken };
  const withNul: Record<string, string>[] = [{ Body: 'hi\u0000there' }, { ProfileName: '\u0000' }, { 'Custom\u0000Key': 'x' }];
  for (const overrides of withNul) {
    const params = inboundParams(restaurant.tenant.whatsappFrom, overrides);
    const res = await postSigned(target, '/whatsapp/webhook', params);
    expect({ overrides, status: res.status }).toEqual({ overrides, status: 400 });
    await expect(stack.prisma.message.count({ where: { waSid: params.MessageSid as string } })).resolves.toBe(0);
  }
  const from = inboundParams(restaurant.tenant.whatsappFrom, {}, 'whatsapp:+9665\u00001');
  expect((await postSigned(target, '/whatsapp/webhook', from)).status).toBe(400);
});

test('a JSON body with a NUL character in a string is 400, not 500', async () => {
  const token = await mintToken(stack, restaurant.tenant.id, 'owner');
  const conversation = await stack.prisma.conversation.create({
    data: { restaurantId: restaurant.tenant.id, customerWa: 'whatsapp:+966500000777' },
  });
  const send = await http(stack, 'POST', `/api/restaurants/${restaurant.tenant.id}/conversations/${conversation.id}/send`, {
    token,
    body: { text: 'hello\u0000' },
  });
  expect(send.status).toBe(400);
  const patch = await admin(stack, 'PATCH', `/api/admin/restaurants/${restaurant.tenant.id}`, { restaurantName: 'A\u0000B' });
  expect(patch.status).toBe(400);
  await expect(stack.prisma.message.count({ where: { conversationId: conversation.id } })).resolves.toBe(0);
});
