/**
 * A gateway-wide budget for request bytes held in memory (Kafka's queued.max.request.bytes). A
 * connection reserves a frame's size as soon as it reads the size prefix, and releases it when
 * the request has been answered. When the budget is spent the connection stops reading until
 * another releases. A reservation always succeeds while nothing is reserved, so one frame up to
 * the maximum frame size can always make progress; frames being read already hold their bytes,
 * so they complete, and no set of connections can wait on each other.
 */
export class MemoryBudget {
  private used = 0;
  private readonly waiting = new Set<() => void>();

  constructor(readonly limit: number) {}

  get inUse(): number {
    return this.used;
  }

  /** Reserves `n` bytes, or registers `wake` to be called once bytes are released. */
  reserve(n: number, wake: () => void): boolean {
    if (this.used > 0 && this.used + n > this.limit) {
      this.waiting.add(wake);
      return false;
    }
    this.waiting.delete(wake);
    this.used += n;
    return true;
  }

  release(n: number): void {
    if (n <= 0) return;
    this.used = Math.max(0, this.used - n);
    const woken = [...this.waiting];
    this.waiting.clear();
    for (const wake of woken) wake();
  }

  /** A closed connection stops waiting. */
  forget(wake: () => void): void {
    this.waiting.delete(wake);
  }
}
