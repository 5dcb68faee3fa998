// A scripted WhatsApp customer for workflow tests: signals the conversation workflow directly
// (as the webhook would), reads what the bot sent from the Twilio fake, and walks the usual
// order steps (start a pickup or delivery, add items, check out) by menu names.
import { randomBytes } from 'node:crypto';
import type { ConversationSettings, ConversationView } from '../../src/workflows/contract';
import { conversationWorkflowId } from '../../src/workflows/contract';
import { Conversations } from '../../src/temporal/conversations';
import type { CustomerInput } from '../../src/dialogue/types';
import { eventually } from '../support/eventually';
import { randomWhatsApp, TestRestaurant, TestStack } from '../support/stack';

export const newMessageSid = (): string => `SM${randomBytes(16).toString('hex')}`;
export const ORDER_REFERENCE = /ORD-[2-9A-HJ-NP-Z]{6}/;

/** The stack's task queue with conversation settings of the test's own (tiny timers, short histories). */
export function conversationsWith(stack: TestStack, settings: Partial<ConversationSettings>): Conversations {
  return new Conversations(stack.temporal.client, stack.config.TEMPORAL_TASK_QUEUE, settings);
}

export class TestCustomer {
  readonly sids: string[] = [];

  constructor(
    private readonly stack: TestStack,
    readonly restaurant: TestRestaurant,
    readonly customerWa: string = randomWhatsApp(),
    private readonly conversations: Conversations = stack.conversations,
  ) {}

  get ref(): { restaurantId: string; customerWa: string } {
    return { restaurantId: this.restaurant.tenant.id, customerWa: this.customerWa };
  }

  get workflowId(): string {
    return conversationWorkflowId(this.restaurant.tenant.id, this.customerWa);
  }

  /** Signals one inbound message (without waiting for the answer); returns its MessageSid. */
  async send(input: CustomerInput, messageSid: string = newMessageSid()): Promise<string> {
    await this.conversations.inbound(this.ref, { messageSid, input, receivedAt: new Date().toISOString() });
    this.sids.push(messageSid);
    return messageSid;
  }

  /** Bot messages this customer received from this restaurant, in arrival order. */
  received(): string[] {
    return this.stack.twilio.sentMessages({ to: this.customerWa, accountSid: this.restaurant.tenant.twilioAccountSid }).map((m) => m.body);
  }

  /** All replies so far, once there are at least `count`. */
  waitForReplies(count: number, timeoutMs = 15_000): Promise<string[]> {
    return eventually(
      () => {
        const received = this.received();
        if (received.length < count)
          throw new Error(`expected ${count} replies to ${this.customerWa}, got ${received.length}:\n${received.join('\n---\n')}`);
        return received;
      },
      { timeoutMs, intervalMs: 25 },
    );
  }

  /** Sends one message and returns the one reply it gets. */
  async say(input: CustomerInput): Promise<string> {
    const before = this.received().length;
    await this.send(input);
    const replies = await this.waitForReplies(before + 1);
    return replies[before]!;
  }

  text(text: string): Promise<string> {
    return this.say({ kind: 'text', text });
  }

  tap(id: string): Promise<string> {
    return this.say({ kind: 'button', id });
  }

  /** new_order → order_pickup → the branch: at the category list. The three replies. */
  async startPickup(branchName: string): Promise<string[]> {
    const { branch } = menuIds(this.restaurant);
    return [await this.tap('new_order'), await this.tap('order_pickup'), await this.tap(`branch_${branch(branchName).id}`)];
  }

  /** new_order → order_delivery → the location: at the category list. The three replies. */
  async startDelivery(location: CustomerInput): Promise<string[]> {
    return [await this.tap('new_order'), await this.tap('order_delivery'), await this.say(location)];
  }

  /** Category → item → quantity, tapped (`2`) or typed (`{ typed: '٢' }`). The three replies, the last "Added n × item". */
  async addToCart(categoryName: string, itemName: string, quantity: number | { typed: string }): Promise<string[]> {
    const { category, item } = menuIds(this.restaurant);
    return [
      await this.tap(`cat_${category(categoryName).id}`),
      await this.tap(`item_${item(itemName).id}`),
      typeof quantity === 'number' ? await this.tap(`qty_${quantity}`) : await this.text(quantity.typed),
    ];
  }

  /** checkout → pay_cash or pay_online: the order is placed; its reference is read from the confirmation. */
  async checkOut(payment: 'cash' | 'online'): Promise<{ replies: string[]; confirmation: string; orderReference: string }> {
    const replies = [await this.tap('checkout'), await this.tap(`pay_${payment}`)];
    const confirmation = replies[1]!;
    const orderReference = ORDER_REFERENCE.exec(confirmation)?.[0];
    if (!orderReference) throw new Error(`no order reference in the reply to pay_${payment}:\n${confirmation}`);
    return { replies, confirmation, orderReference };
  }

  state(): Promise<ConversationView> {
    return this.conversations.state(this.ref);
  }

  /** Asserts that nothing more arrives for a while (what "answered once" looks like from outside). */
  async expectNoMoreReplies(count: number, quietMs = 1_500): Promise<void> {
    await sleep(quietMs);
    expect(this.received()).toHaveLength(count);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Menu IDs by English name, from the restaurant's stored menu. */
export function menuIds(restaurant: TestRestaurant) {
  const category = (nameEn: string) => {
    const found = restaurant.menu.categories.find((c) => c.nameEn === nameEn);
    if (!found) throw new Error(`no category ${nameEn}`);
    return found;
  };
  const item = (nameEn: string) => {
    const found = restaurant.menu.categories.flatMap((c) => c.items).find((i) => i.nameEn === nameEn);
    if (!found) throw new Error(`no item ${nameEn}`);
    return found;
  };
  const branch = (nameEn: string) => {
    const found = restaurant.menu.branches.find((b) => b.nameEn === nameEn);
    if (!found) throw new Error(`no branch ${nameEn}`);
    return found;
  };
  return { category, item, branch };
}

/** Inside the demo menu's Olaya branch delivery radius. */
export const OLAYA_LOCATION: CustomerInput = { kind: 'location', lat: 24.695, lng: 46.68, address: 'King Fahd Rd, Riyadh' };
