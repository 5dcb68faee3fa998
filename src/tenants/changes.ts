// "This restaurant changed" (rotated token, deactivated, new number), told to every API copy over
// Redis pub/sub the moment the admin API has written it, so caches of tenants (the webhooks' tenant
// directory) and live sessions (WebSocket) judge the next request by the new state. One subscriber
// connection per process. While it is down, `live` is false and listeners are told `null` (anything
// may have changed) once it is back, because messages published meanwhile are lost.
import type { Logger } from '../logger';
import { closeRedis, createRedis, type RedisClient } from '../redis';

const CHANNEL = 'tenants:changed';

/** A restaurant id, or null: everything may have changed (after the subscription was down). */
export type TenantChangeListener = (restaurantId: string | null) => void;

/** Publishes a change; never throws (a Redis outage leaves the other copies on their short fallback cache). */
export async function announceTenantChange(redis: RedisClient, log: Logger, restaurantId: string): Promise<void> {
  try {
    await redis.publish(CHANNEL, restaurantId);
  } catch (err) {
    log.warn({ err, restaurantId }, 'tenant change not announced over redis');
  }
}

export class TenantChanges {
  private readonly subscriber: RedisClient;
  private readonly listeners = new Set<TenantChangeListener>();
  private subscribed = false;

  constructor(redisUrl: string, log: Logger) {
    this.subscriber = createRedis(redisUrl, { enableOfflineQueue: true, maxRetriesPerRequest: null, autoResubscribe: false });
    this.subscriber.on('error', (err: Error) => log.warn({ err }, 'tenant changes subscriber redis error'));
    this.subscriber.on('message', (channel: string, id: string) => {
      if (channel === CHANNEL) this.emit(id);
    });
    this.subscriber.on('close', () => {
      this.subscribed = false;
    });
    this.subscriber.on('ready', () => {
      this.subscriber.subscribe(CHANNEL).then(
        () => {
          this.subscribed = true;
          this.emit(null);
        },
        (err: unknown) => log.warn({ err }, 'tenant changes subscribe failed'),
      );
    });
  }

  /** True while changes arrive: caches may then keep entries for their full time. */
  get live(): boolean {
    return this.subscribed && this.subscriber.status === 'ready';
  }

  /** Returns the removal. */
  onChange(listener: TenantChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.listeners.clear();
    await closeRedis(this.subscriber);
  }

  private emit(restaurantId: string | null): void {
    for (const listener of [...this.listeners]) listener(restaurantId);
  }
}
