// The baseline's worker, a child process of the bench as our worker is: default worker options,
// the workflow bundle the bench built. Env: TEMPORAL_ADDRESS, TASK_QUEUE, BUNDLE_PATH, SINK_URL,
// and POLL_RATIO (nonStickyToStickyPollRatio) when the bench asks for one.
import { NativeConnection, Worker } from '@temporalio/worker';
import { createBaselineActivities } from './activities';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    taskQueue: env('TASK_QUEUE'),
    workflowBundle: { codePath: env('BUNDLE_PATH') },
    activities: createBaselineActivities(env('SINK_URL')),
    ...(process.env.POLL_RATIO ? { nonStickyToStickyPollRatio: Number(process.env.POLL_RATIO) } : {}),
  });
  process.on('SIGTERM', () => worker.shutdown());
  // The bench waits for this before it starts the load.
  await fetch(new URL('/ready', env('SINK_URL')), { method: 'POST' });
  await worker.run();
  await connection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`baseline worker: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
