// The polling helper every integration test waits with: it must pass as soon as the probe does,
// and fail readably (with the probe's own assertion) when it never does.
import { eventually } from './eventually';

test('resolves with what the probe returns once its assertion passes', async () => {
  let calls = 0;
  const value = await eventually(
    () => {
      calls += 1;
      expect(calls).toBeGreaterThanOrEqual(3);
      return `after ${calls}`;
    },
    { intervalMs: 1 },
  );
  expect(value).toBe('after 3');
  expect(calls).toBe(3);
});

test('a probe that passes at once is called once', async () => {
  const probe = jest.fn(async () => 42);
  await expect(eventually(probe)).resolves.toBe(42);
  expect(probe).toHaveBeenCalledTimes(1);
});

test('on timeout it throws the last assertion error, saying how long it waited and for what', async () => {
  let count = 0;
  const started = Date.now();
  const failure = await eventually(() => expect(++count).toBe(0), { timeoutMs: 200, intervalMs: 20, what: 'the counter to reset' }).then(
    () => undefined,
    (err: unknown) => err as Error,
  );
  expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(failure?.message).toMatch(/^eventually: still failing after 200 ms \(\d+ attempts\), waiting for the counter to reset/);
  // The last attempt's diff, not the first one's.
  expect(failure?.message).toContain('Expected: 0');
  expect(failure?.message).toContain(`Received: ${count}`);
  // Jest prints the stack: the header once, then the diff.
  expect(failure?.stack?.split('still failing')).toHaveLength(2);
  expect(failure?.stack).toContain(`Received: ${count}`);
});
