// The load driver: M customers of one restaurant, each sending a short sequence and waiting for the
// bot's answer before the next, so order per customer is checkable. Webhooks are signed like
// Twilio's and retried like Twilio retries (same MessageSid, backoff) on a 5xx, a timeout or a
// refused connection.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import twilio from 'twilio';
import type { TwilioFake } from '../../src/twilio/fake-server';
import type { ChaosRestaurant } from './stack';
import { PUBLIC_BASE_URL } from './stack';

export type Params = Record<string, string>;

/** What a customer types or taps, in turn; the sequence wraps around. */
const SEQUENCE: Params[] = [
  { Body: 'hi' },
  { Body: 'New order', ButtonPayload: 'new_order' },
  { Body: 'Pickup', ButtonPayload: 'order_pickup' },
  { Body: '1' },
  { Body: '1' },
  { Body: 'hi' },
];

export interface SentMessage {
  sid: string;
  customer: string;
  /** Position in the customer's sequence. */
  index: number;
  posts: number;
  /** A 2xx answered some delivery: from then on the message must not be lost. */
  acked: boolean;
  /** Last status seen (0: no answer: timeout or connection error). */
  lastStatus: number;
  sentAt: number;
  /** From the first post until the next message to the customer reached the fake (null: none in time). */
  replyMs: number | null;
}

export interface LoadOptions {
  customers: number;
  messagesPerCustomer: number;
  /** Each message posted this many times at once (Twilio's duplicate deliveries). */
  deliveries: number;
  /** The API copies (read at every post); message n of customer c goes to copy (c + n) % copies. */
  apiUrls: () => string[];
  thinkMs: number;
  /** Wait for the bot's answer before the next message (default); false: write on after the ack
   * (so a customer's messages can be in flight together: order across copies and outages). */
  waitForReply?: boolean;
  /** How long a customer waits for an answer before it writes the next message anyway. */
  replyTimeoutMs: number;
  /** Customers start spread over this long. */
  rampMs: number;
}

export function signature(authToken: string, params: Params | Record<string, string | string[]>): string {
  return twilio.getExpectedTwilioSignature(authToken, `${PUBLIC_BASE_URL}/whatsapp/webhook`, params);
}

const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000];
/** Twilio gives a webhook 15 s. */
const WEBHOOK_TIMEOUT_MS = 15_000;

/** One delivery, retried the way Twilio does; resolves with the last status (0: no answer). */
async function deliver(urlFor: (attempt: number) => string, params: Params, authToken: string, onPost: () => void): Promise<number> {
  const body = new URLSearchParams(params).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature(authToken, params) };
  let status = 0;
  for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt += 1) {
    onPost();
    try {
      const res = await fetch(`${urlFor(attempt)}/whatsapp/webhook`, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      await res.arrayBuffer();
      status = res.status;
      if (status < 500) return status;
    } catch {
      status = 0;
    }
    const delay = RETRY_DELAYS_MS[attempt];
    if (delay === undefined) break;
    await sleep(delay);
  }
  return status;
}

/** Counts the fake's accepted messages per recipient as they arrive (one poller for all customers). */
export class ReplyWatch {
  private seen = 0;
  private readonly counts = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly fake: TwilioFake) {
    this.timer = setInterval(() => this.poll(), 50);
  }

  private poll(): void {
    const all = this.fake.sentMessages();
    for (; this.seen < all.length; this.seen += 1) {
      const to = all[this.seen]!.to;
      this.counts.set(to, (this.counts.get(to) ?? 0) + 1);
    }
  }

  count(to: string): number {
    this.poll();
    return this.counts.get(to) ?? 0;
  }

  async waitForMore(to: string, than: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.count(to) > than) return true;
      await sleep(50);
    }
    return false;
  }

  close(): void {
    clearInterval(this.timer);
  }
}

export const newMessageSid = () => `SM${randomBytes(16).toString('hex')}`;

/** The form Twilio posts for one inbound WhatsApp message; `input` is Body, ButtonPayload, ListId… */
export function inboundParams(restaurant: ChaosRestaurant, customer: string, sid: string, profileName: string, input: Params): Params {
  return {
    MessageSid: sid,
    SmsMessageSid: sid,
    SmsSid: sid,
    AccountSid: restaurant.accountSid,
    From: customer,
    To: restaurant.whatsappFrom,
    WaId: customer.replace('whatsapp:+', ''),
    ProfileName: profileName,
    NumMedia: '0',
    NumSegments: '1',
    MessageType: 'text',
    SmsStatus: 'received',
    ApiVersion: '2010-04-01',
    ...input,
  };
}

export const customerNumber = () => `whatsapp:+9665${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`;

/** Runs the whole load; resolves with every message sent, in send order per customer. */
export async function runLoad(restaurant: ChaosRestaurant, fake: TwilioFake, options: LoadOptions): Promise<SentMessage[]> {
  const watch = new ReplyWatch(fake);
  const sent: SentMessage[] = [];
  const customers = Array.from({ length: options.customers }, () => customerNumber());
  try {
    await Promise.all(
      customers.map(async (customer, c) => {
        await sleep(Math.floor((options.rampMs * c) / Math.max(options.customers, 1)));
        for (let index = 0; index < options.messagesPerCustomer; index += 1) {
          const sid = newMessageSid();
          const params = inboundParams(restaurant, customer, sid, `Chaos ${c}`, SEQUENCE[index % SEQUENCE.length]!);
          const message: SentMessage = { sid, customer, index, posts: 0, acked: false, lastStatus: 0, sentAt: Date.now(), replyMs: null };
          sent.push(message);
          const before = watch.count(customer);
          // Alternate copies per message (and per retry: a load balancer may pick another copy).
          const urlFor = (attempt: number) => {
            const urls = options.apiUrls();
            return urls[(c + index + attempt) % urls.length]!;
          };
          const statuses = await Promise.all(
            Array.from({ length: options.deliveries }, () =>
              deliver(urlFor, params, restaurant.authToken, () => {
                message.posts += 1;
              }),
            ),
          );
          message.acked = statuses.some((s) => s >= 200 && s < 300);
          message.lastStatus = statuses.find((s) => s >= 200 && s < 300) ?? statuses[0] ?? 0;
          const waitMs = options.waitForReply === false ? 0 : options.replyTimeoutMs;
          if (message.acked && (await watch.waitForMore(customer, before, waitMs))) message.replyMs = Date.now() - message.sentAt;
          await sleep(options.thinkMs);
        }
      }),
    );
  } finally {
    watch.close();
  }
  return sent;
}
