// loadConversationContext, recordInbound and updateConversation against the real database.
import { randomUUID } from 'node:crypto';
import { menuInput } from '../../src/menu/schema';
import { replaceMenu } from '../../src/menu/store';
import type { InboundMessage } from '../../src/workflows/contract';
import { demoMenu } from '../../prisma/demo-menu';
import { randomWhatsApp, type TestRestaurant } from '../support/stack';
import { listenToRestaurant, startActivityHarness, type ActivityHarness } from './harness';

let h: ActivityHarness;
let restaurant: TestRestaurant;

beforeAll(async () => {
  h = await startActivityHarness();
  restaurant = await h.stack.createRestaurant({ locale: 'en', deliveryFee: 700 });
});
afterAll(() => h.close());

const key = (customerWa: string) => ({ restaurantId: restaurant.tenant.id, customerWa });

const inbound = (overrides: Partial<InboundMessage> = {}): InboundMessage => ({
  messageSid: `SM${randomUUID().replace(/-/g, '')}`,
  input: { kind: 'text', text: 'hello' },
  receivedAt: new Date().toISOString(),
  profileName: 'Sara',
  ...overrides,
});

describe('rememberLanguage', () => {
  test("keeps the customer's language for the next context, also for a customer not seen before", async () => {
    const customer = randomWhatsApp();
    await h.activities.rememberLanguage({ ...key(customer), locale: 'ar' });
    await expect(h.activities.loadConversationContext(key(customer))).resolves.toMatchObject({ locale: 'ar' });
    await h.activities.rememberLanguage({ ...key(customer), locale: 'en' });
    await expect(h.activities.loadConversationContext(key(customer))).resolves.toMatchObject({ locale: 'en' });
  });
});

describe('loadConversationContext', () => {
  test('returns the profile, the menu, and creates the conversation', async () => {
    const customer = randomWhatsApp();
    const context = await h.activities.loadConversationContext(key(customer));
    expect(context.profile).toMatchObject({ id: restaurant.tenant.id, restaurantName: 'Test Grill', locale: 'en', deliveryFee: 700 });
    expect(context.menu?.categories.map((c) => c.nameEn)).toEqual(restaurant.menu.categories.map((c) => c.nameEn));
    expect(context).toMatchObject({ botEnabled: true, locale: null });
    expect(context.lastOrder).toBeUndefined();
    expect(JSON.stringify(context)).not.toContain(restaurant.authToken);
    await expect(h.deps.prisma.conversation.count({ where: { restaurantId: restaurant.tenant.id, customerWa: customer } })).resolves.toBe(
      1,
    );
  });

  test('sends no menu while the caller knows the current version, and reloads after a menu change', async () => {
    const own = await h.stack.createRestaurant();
    const customer = randomWhatsApp();
    const ref = { restaurantId: own.tenant.id, customerWa: customer };
    const first = await h.activities.loadConversationContext(ref);
    const known = first.menu!.version;
    await expect(h.activities.loadConversationContext({ ...ref, knownMenuVersion: known })).resolves.toMatchObject({ menu: null });

    // An edit that does not bump the version is not seen: the worker serves its cached menu.
    const firstItem = own.menu.categories[0]!.items[0]!;
    await h.deps.prisma.menuItem.update({ where: { id: firstItem.id }, data: { nameEn: 'Not yet visible' } });
    const cached = await h.activities.loadConversationContext(ref);
    expect(cached.menu?.categories[0]!.items[0]!.nameEn).toBe(firstItem.nameEn);

    // replaceMenu bumps menuVersion: the next context carries the new menu.
    const changed = structuredClone(demoMenu);
    changed.categories[0]!.items![0]!.nameEn = 'Chicken Shawarma';
    await replaceMenu(h.deps.prisma, own.tenant.id, menuInput.parse(changed));
    const reloaded = await h.activities.loadConversationContext({ ...ref, knownMenuVersion: known });
    expect(reloaded.menu?.version).toBe(known + 1);
    expect(reloaded.menu?.categories[0]!.items[0]!.nameEn).toBe('Chicken Shawarma');
  });

  test("carries the customer's latest order and the bot flag", async () => {
    const customer = randomWhatsApp();
    const item = restaurant.menu.categories[0]!.items[0]!;
    for (const [orderReference, status] of [
      ['ORD-CTX1', 'CONFIRMED'],
      ['ORD-CTX2', 'AWAITING_PAYMENT'],
    ] as const) {
      await h.activities.createOrder({
        ...key(customer),
        order: {
          orderReference: `${orderReference}${process.pid}`,
          orderType: 'pickup',
          branchId: restaurant.menu.branches[0]!.id,
          paymentMethod: status === 'CONFIRMED' ? 'cash' : 'online',
          status,
          items: [{ menuItemId: item.id, name: item.nameEn, quantity: 1, unitPrice: item.price, lineTotal: item.price }],
          subtotal: item.price,
          deliveryFee: 0,
          total: item.price,
          currency: 'SAR',
        },
      });
    }
    await h.activities.updateConversation({ ...key(customer), isBotActive: false, status: 'NEEDS_AGENT' });
    const context = await h.activities.loadConversationContext(key(customer));
    expect(context.lastOrder).toEqual({
      orderReference: `ORD-CTX2${process.pid}`,
      status: 'AWAITING_PAYMENT',
      orderType: 'pickup',
      total: item.price,
    });
    expect(context.botEnabled).toBe(false);
  });
});

describe('recordInbound', () => {
  test('stores a new message once, counts it unread, and publishes message.received and conversation.updated', async () => {
    const customer = randomWhatsApp();
    const events = await listenToRestaurant(h.stack.config.REDIS_URL, restaurant.tenant.id);
    try {
      const message = inbound();
      const first = await h.activities.recordInbound({ ...key(customer), message });
      const again = await h.activities.recordInbound({ ...key(customer), message });
      expect(first.created).toBe(true);
      expect(again).toEqual({ messageId: first.messageId, created: false });

      const row = await h.deps.prisma.message.findUniqueOrThrow({ where: { waSid: message.messageSid } });
      expect(row).toMatchObject({ direction: 'IN', sender: 'customer', status: 'received', body: 'hello', type: 'text' });
      expect(row.dispatchedAt).toBeInstanceOf(Date);
      const conversation = await h.deps.prisma.conversation.findUniqueOrThrow({ where: { id: row.conversationId } });
      expect(conversation).toMatchObject({ customerName: 'Sara', unreadCount: 1, customerWa: customer });

      expect((await events.next('message.received')).data).toMatchObject({ id: first.messageId, direction: 'IN', body: 'hello' });
      expect((await events.next('conversation.updated')).data).toMatchObject({ customerWa: customer, unreadCount: 1 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(events.events.filter((e) => e.type === 'message.received')).toHaveLength(1);
    } finally {
      await events.close();
    }
  });

  test('keeps buttons and locations in metadata', async () => {
    const customer = randomWhatsApp();
    const button = inbound({ input: { kind: 'button', id: 'order_delivery', text: 'Delivery' } });
    const location = inbound({ input: { kind: 'location', lat: 24.7, lng: 46.6, address: 'King Fahd Rd' } });
    await h.activities.recordInbound({ ...key(customer), message: button });
    await h.activities.recordInbound({ ...key(customer), message: location });
    const rows = await h.deps.prisma.message.findMany({
      where: { waSid: { in: [button.messageSid, location.messageSid] } },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((r) => [r.type, r.body, r.metadata])).toEqual([
      ['button', 'Delivery', { buttonPayload: 'order_delivery' }],
      ['location', 'King Fahd Rd', { latitude: 24.7, longitude: 46.6, address: 'King Fahd Rd' }],
    ]);
    const conversation = await h.deps.prisma.conversation.findUniqueOrThrow({
      where: { restaurantId_customerWa: key(customer) },
    });
    expect(conversation.unreadCount).toBe(2);
  });
});

test('updateConversation publishes conversation.updated', async () => {
  const customer = randomWhatsApp();
  const events = await listenToRestaurant(h.stack.config.REDIS_URL, restaurant.tenant.id);
  try {
    await h.activities.updateConversation({ ...key(customer), isBotActive: false, status: 'NEEDS_AGENT' });
    const event = await events.next('conversation.updated');
    expect(event.data).toMatchObject({ customerWa: customer, isBotActive: false, status: 'NEEDS_AGENT' });
  } finally {
    await events.close();
  }
});
