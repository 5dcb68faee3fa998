// The one way tests wait for something that happens in the background (a reply sent, a row
// written, a workflow completed): poll a probe until it stops throwing.

export interface EventuallyOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between attempts (default 50 ms). */
  intervalMs?: number;
  /** What is awaited, for the failure message (e.g. 'all 20 dispatched'). */
  what?: string;
}

/**
 * Runs `probe` until it returns without throwing and resolves with what it returned. The probe
 * states what it waits for with `expect()` (or by throwing an Error of its own). On timeout the
 * last failure is thrown, prefixed with how long was waited, so the report shows the real diff.
 */
export async function eventually<T>(probe: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 50, what } = options;
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await probe();
    } catch (err) {
      if (Date.now() >= deadline) {
        throw withContext(
          err,
          `eventually: still failing after ${timeoutMs} ms (${attempt} attempts)${what ? `, waiting for ${what}` : ''}`,
        );
      }
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(intervalMs, deadline - Date.now()))));
  }
}

/** The probe's own error (a Jest assertion keeps its diff) with `header` in front of its message. */
function withContext(err: unknown, header: string): Error {
  if (!(err instanceof Error)) return new Error(`${header}\n\n${String(err)}`);
  // Jest reports the stack, which V8 renders from the message on first read: read it before.
  const { message, stack } = err;
  err.message = `${header}\n\n${message}`;
  if (stack?.includes(message)) err.stack = stack.replace(message, () => err.message);
  return err;
}
