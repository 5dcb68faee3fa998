// Cross-cutting helpers for activities: duration metrics, the Temporal attempt number, and
// best-effort dashboard events.
import { Context } from '@temporalio/activity';
import type { DashboardEvent } from '../events/publisher';
import type { ActivityDeps } from './deps';

type AsyncFn = (...args: never[]) => Promise<unknown>;

/** Wraps each activity so its duration is observed as sufrah_activity_duration_seconds{activity, outcome}. */
export function instrumented<T extends Record<string, AsyncFn>>(deps: ActivityDeps, activities: T): T {
  const wrapped: Record<string, AsyncFn> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      const end = deps.metrics.activityDuration.startTimer({ activity: name });
      try {
        const result = await fn(...args);
        end({ outcome: 'success' });
        return result;
      } catch (err) {
        end({ outcome: 'failure' });
        throw err;
      }
    };
  }
  return wrapped as T;
}

/** The attempt number of the running activity; 1 when called outside Temporal (scripts, tests). */
export function currentAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

/**
 * Dashboard events are notifications (the dashboard can always re-read over REST), so a Redis
 * outage must not fail or repeat the work that was done: log and go on (SPEC §7).
 */
export async function publishEvent(deps: ActivityDeps, restaurantId: string, event: DashboardEvent): Promise<void> {
  try {
    await deps.events.publish(restaurantId, event);
  } catch (err) {
    deps.log.warn({ restaurantId, type: event.type, err: err instanceof Error ? err.message : String(err) }, 'dashboard event not published');
  }
}
