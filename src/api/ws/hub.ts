// One Redis subscriber connection per API process, shared by every WebSocket client: a restaurant's
// three channels are subscribed when its first client arrives and unsubscribed when its last leaves.
import type { Logger } from '../../logger';
import { createRedis, RedisClient } from '../../redis';
import { TOPICS, channelFor } from '../../events/publisher';

/** Receives each event exactly as published (a JSON `{ type, data }` string). */
export type EventListener = (raw: string) => void;

const CHANNEL = /^ws:restaurant:(.+):(messages|orders|conversations)$/;
const SUBSCRIBE_TIMEOUT_MS = 3000;

export class EventHub {
  private readonly subscriber: RedisClient;
  private readonly listeners = new Map<string, Set<EventListener>>();
  private readonly subscribed = new Map<string, Promise<void>>();

  constructor(
    redisUrl: string,
    private readonly log: Logger,
  ) {
    // Queue commands while connecting (the first client may arrive before the connection is up);
    // ioredis re-subscribes every channel after a reconnect.
    this.subscriber = createRedis(redisUrl, { enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.subscriber.on('error', (err: Error) => log.warn({ err }, 'websocket subscriber redis error'));
    this.subscriber.on('message', (channel: string, raw: string) => this.dispatch(channel, raw));
  }

  /** Resolves once the restaurant's channels are subscribed; returns the (idempotent) removal. */
  async add(restaurantId: string, listener: EventListener): Promise<() => void> {
    let set = this.listeners.get(restaurantId);
    if (!set) {
      set = new Set();
      this.listeners.set(restaurantId, set);
      this.subscribed.set(restaurantId, this.subscribe(restaurantId));
    }
    set.add(listener);
    let removed = false;
    const remove = () => {
      if (removed) return;
      removed = true;
      this.remove(restaurantId, listener);
    };
    try {
      await this.subscribed.get(restaurantId);
    } catch (err) {
      remove();
      throw err;
    }
    return remove;
  }

  async stop(): Promise<void> {
    this.listeners.clear();
    this.subscribed.clear();
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  private async subscribe(restaurantId: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.subscriber.subscribe(...TOPICS.map((t) => channelFor(restaurantId, t))),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('redis subscribe timed out')), SUBSCRIBE_TIMEOUT_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private remove(restaurantId: string, listener: EventListener): void {
    const set = this.listeners.get(restaurantId);
    if (!set) return;
    set.delete(listener);
    if (set.size > 0) return;
    this.listeners.delete(restaurantId);
    this.subscribed.delete(restaurantId);
    this.subscriber.unsubscribe(...TOPICS.map((t) => channelFor(restaurantId, t))).catch((err: Error) => {
      this.log.warn({ err, restaurantId }, 'websocket unsubscribe failed');
    });
  }

  private dispatch(channel: string, raw: string): void {
    const restaurantId = CHANNEL.exec(channel)?.[1];
    const set = restaurantId ? this.listeners.get(restaurantId) : undefined;
    if (!set) return;
    for (const listener of [...set]) listener(raw);
  }
}
