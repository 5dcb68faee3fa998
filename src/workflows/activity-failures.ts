// How an activity's permanent failure reaches workflow code: a (remote) activity's as an
// ActivityFailure whose cause is the ApplicationFailure it threw, a local activity's as that
// ApplicationFailure itself (Temporal's core SDK does not wrap local activities' failures).
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/** The activity's own failure, when `err` is an activity failing permanently; else undefined (a bug). */
export function activityFailure(err: unknown): Error | undefined {
  if (err instanceof ActivityFailure) return err.cause ?? err;
  if (err instanceof ApplicationFailure) return err;
  return undefined;
}

/** The type an activity's ApplicationFailure carries (OrderReferenceConflict, NotFound…). */
export function activityFailureType(err: unknown): string | undefined {
  const failure = activityFailure(err);
  return failure instanceof ApplicationFailure ? (failure.type ?? undefined) : undefined;
}
