// Committed workflow histories for the replay test (tests/workflow/replay.test.ts).
// Regenerate them after an intended workflow change with:
//   RECORD_HISTORIES=1 npx jest tests/workflow tests/webhooks/inbound.test.ts tests/dashboard/window.test.ts tests/dashboard/opt-out.test.ts
// Each recording test writes tests/histories/<date>/<name>.run<N>.json for every run of its
// conversation (continue-as-new chains included); commit the new folder next to the older ones.
// Older folders keep proving that patched code still replays what earlier releases wrote; delete
// one only when no conversation started by that release can still be running.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

// The files are canonical proto3 JSON, the format of `temporal workflow show --output json`.
// The SDK's own historyToJSON/historyFromJSON fail in this install ("type must be a Type"):
// @temporalio/common and @temporalio/proto each carry their own protobufjs copy, so its
// instanceof check fails. Converting with the copy that built the proto types avoids that.
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}
interface ProtoRoot {
  lookupType(name: string): unknown;
}
const protojson = createRequire(require.resolve('@temporalio/proto'))('protobufjs/ext/protojson') as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as ProtoRoot).lookupType('temporal.api.history.v1.History');
const HistoryMessage = proto.temporal.api.history.v1.History;

const historyToJSON = (history: History): string =>
  JSON.stringify(protojson.toJson(historyType, HistoryMessage.fromObject(history)), null, 2);
const historyFromJSON = (json: unknown): History => protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as History;

export const HISTORIES_DIR = join(__dirname, '..', 'histories');
export const recordingHistories = process.env.RECORD_HISTORIES === '1';
/** The folder a recording run writes to: one per day, re-recording the same day replaces it. */
const recordingSet = (): string => new Date().toISOString().slice(0, 10);

/** Writes every run of the workflow's current continue-as-new chain (a no-op unless recording). */
export async function recordHistories(client: Client, workflowId: string, name: string): Promise<void> {
  if (!recordingHistories) return;
  const latest = await client.workflow.getHandle(workflowId).fetchHistory();
  let runId = latest.events?.[0]?.workflowExecutionStartedEventAttributes?.firstExecutionRunId ?? undefined;
  const dir = join(HISTORIES_DIR, recordingSet());
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(dir)) {
    if (file.startsWith(`${name}.run`)) rmSync(join(dir, file));
  }
  for (let run = 0; runId; run += 1) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    writeFileSync(join(dir, `${name}.run${run}.json`), `${historyToJSON(history)}\n`);
    runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
}

export interface StoredHistory {
  /** Recording folder, e.g. `2026-11-25`. */
  set: string;
  /** File name, e.g. `delivery-order.run0.json`. */
  file: string;
  /** Scenario, e.g. `delivery-order`. */
  scenario: string;
  workflowId: string;
  history: History;
}

/** Every committed history, oldest recording first. */
export function loadHistories(): StoredHistory[] {
  const sets = readdirSync(HISTORIES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return sets.flatMap((set) =>
    readdirSync(join(HISTORIES_DIR, set))
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => ({
        set,
        file,
        scenario: file.replace(/\.run\d+\.json$/, ''),
        workflowId: `${set}/${file.replace(/\.json$/, '')}`,
        history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, set, file), 'utf8'))),
      })),
  );
}
