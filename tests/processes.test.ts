// The two processes start from the environment and stop cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

function runUntil(entry: string, env: Record<string, string>, readyLine: RegExp) {
  // As `npm run start:api` runs it: node itself gets the signal (the tsx CLI relays it and kills
  // a child that has not answered within 30 ms, so a busy process was killed, not drained).
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (readyLine.test(output)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited early (${code}): ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => output };
}

test('the API drains and exits 0 on SIGTERM', async () => {
  const api = runUntil('src/server.ts', { PORT: '0' }, /api listening/);
  await api.ready;
  api.child.kill('SIGTERM');
  expect(await api.exited).toBe(0);
  expect(api.output()).toContain('api draining');
}, 60_000);

test('the worker polls its task queue, then drains and exits 0 on SIGTERM', async () => {
  const worker = runUntil(
    'src/worker.ts',
    { TEMPORAL_TASK_QUEUE: `processes-${Date.now()}`, WORKER_METRICS_PORT: '0', TEMPORAL_SDK_METRICS_PORT: '0' },
    /worker polling/,
  );
  await worker.ready;
  worker.child.kill('SIGTERM');
  expect(await worker.exited).toBe(0);
  expect(worker.output()).toContain('worker stopped');
}, 90_000);
