/** Waits that can all be cut short at once: a client's loops pausing between requests, woken when it stops. */
export class Sleeper {
  private readonly wakers = new Set<() => void>();

  /** Resolves after `ms`, or at once when `ms` is not positive, or on {@link wakeAll}. */
  pause(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }
}
