/**
 * Tells subscribers in this process that something was appended. A generation counter closes the race
 * between "read to the end" and "start waiting": a waiter that started from an older generation
 * returns at once. Appends from other processes are picked up by the poll interval instead.
 */
export class AppendSignal {
  private generation = 0;
  private waiters = new Set<() => void>();

  get current(): number {
    return this.generation;
  }

  notify(): void {
    this.generation += 1;
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves on the next append after `since`, after `pollMs`, or when the signal aborts. */
  wait(since: number, pollMs: number, signal?: AbortSignal): Promise<void> {
    if (this.generation !== since || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      this.waiters.add(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }
}
