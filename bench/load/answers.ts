// Answers as they arrive, by key, and waiters for them: resolves at once when the answer is
// already in (no polling, so the time a customer waits is not rounded up to a poll interval).
export class Answers {
  private readonly at = new Map<string, number>();
  private readonly waiters = new Map<string, (at: number) => void>();

  arrived(key: string, at: number): void {
    if (this.at.has(key)) return;
    this.at.set(key, at);
    this.waiters.get(key)?.(at);
    this.waiters.delete(key);
  }

  wait(key: string, timeoutMs: number): Promise<number | null> {
    const known = this.at.get(key);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        resolve(null);
      }, timeoutMs);
      this.waiters.set(key, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }
}
