// Cross-cutting helpers for activities: duration metrics, the Temporal attempt number, and
// best-effort dashboard events.
import { Context } from '@temporalio/activity';
import { publishBestEffort, type DashboardEvent } from '../events/publisher';
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

/** Dashboard events from activities: best effort, never failing or repeating the work done. */
export function publishEvent(deps: ActivityDeps, restaurantId: string, event: DashboardEvent): Promise<void> {
  return publishBestEffort(deps.events, deps.log, restaurantId, event);
}
