// Reading a workflow's history in tests: which activities it called, remote or local. A remote
// activity is an ActivityTaskScheduled event; a local one is a marker (core_local_activity) whose
// `data` detail names its type.
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/** The activity type each event called, in history order (remote and local alike). */
export function activityCalls(events: HistoryEvent[]): string[] {
  const calls: string[] = [];
  for (const event of events) {
    const remote = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (remote) calls.push(remote);
    const marker = event.markerRecordedEventAttributes;
    const data = marker?.markerName === LOCAL_ACTIVITY_MARKER ? marker.details?.data?.payloads?.[0] : undefined;
    if (data) calls.push(defaultPayloadConverter.fromPayload<{ activity_type: string }>(data).activity_type);
  }
  return calls;
}

/** How often each activity was called. */
export function activityCounts(events: HistoryEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of activityCalls(events)) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}
