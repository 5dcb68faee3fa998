// The one dashboard event publisher: Redis pub/sub, one channel per restaurant and topic (SPEC §4 /ws).
import type { Logger } from '../logger';
import type { RedisClient } from '../redis';

export type DashboardEventType =
  'message.received' | 'message.sent' | 'message.status' | 'message.failed' | 'conversation.updated' | 'order.created' | 'order.updated';

export interface DashboardEvent {
  type: DashboardEventType;
  data: Record<string, unknown>;
}

export type Topic = 'messages' | 'orders' | 'conversations';

export const TOPICS: Topic[] = ['messages', 'orders', 'conversations'];

export function channelFor(restaurantId: string, topic: Topic): string {
  return `ws:restaurant:${restaurantId}:${topic}`;
}

export function topicOf(type: DashboardEventType): Topic {
  if (type.startsWith('message.')) return 'messages';
  if (type.startsWith('order.')) return 'orders';
  return 'conversations';
}

export interface EventPublisher {
  publish(restaurantId: string, event: DashboardEvent): Promise<void>;
}

/** Publishes to Redis; JSON-safe (Dates become ISO strings). Throws when Redis is down so an
 * activity can retry; callers on the request path catch and log instead. */
export function createEventPublisher(redis: RedisClient): EventPublisher {
  return {
    async publish(restaurantId, event) {
      await redis.publish(channelFor(restaurantId, topicOf(event.type)), JSON.stringify(event));
    },
  };
}

/**
 * Dashboard events are notifications (the dashboard can always re-read over REST), so a Redis
 * outage must not fail or repeat the work that was done: log and go on (SPEC §7). Never throws.
 */
export async function publishBestEffort(
  events: EventPublisher,
  log: Logger,
  restaurantId: string,
  ...batch: DashboardEvent[]
): Promise<void> {
  for (const event of batch) {
    try {
      await events.publish(restaurantId, event);
    } catch (err) {
      log.warn({ err, restaurantId, type: event.type }, 'dashboard event not published');
    }
  }
}
