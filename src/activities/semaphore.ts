// At most `limit` concurrent holders; the rest wait in arrival order. Bounds in-flight Twilio
// sends per worker (OUTBOUND_SEND_CONCURRENCY) however many activity slots the worker has.
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be a positive integer, got ${limit}`);
  }

  /** Runs `task` in a slot; with `maxWaitMs`, gives up waiting for one after that long (SlotTimeout). */
  async run<T>(task: () => Promise<T>, maxWaitMs?: number): Promise<T> {
    if (this.active >= this.limit) await this.waitForSlot(maxWaitMs);
    else this.active += 1;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }

  private waitForSlot(maxWaitMs: number | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (maxWaitMs === undefined) {
        this.waiting.push(resolve);
        return;
      }
      const granted = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(granted);
        if (index < 0) return; // granted meanwhile
        this.waiting.splice(index, 1);
        reject(new SlotTimeout(maxWaitMs));
      }, maxWaitMs);
      this.waiting.push(granted);
    });
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }
}

export class SlotTimeout extends Error {
  constructor(readonly waitedMs: number) {
    super(`no free slot within ${waitedMs} ms`);
  }
}
