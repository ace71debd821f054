import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TailWatcher } from '../../../gateway/handlers/data/tail-watcher.ts';

/** A partition log whose end the test moves; counts the watcher's reads. */
function fakeLog() {
  const ends = new Map<string, number>();
  const reads: string[] = [];
  return {
    reads,
    set: (topicId: string, partition: number, end: number) => ends.set(`${topicId}#${partition}`, end),
    read: async (topicId: string, partition: number) => {
      reads.push(`${topicId}#${partition}`);
      return ends.get(`${topicId}#${partition}`);
    },
  };
}

describe('the tail watcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('polls a partition once per round for all its waiters and wakes them all when it grows', async () => {
    const log = fakeLog();
    log.set('t', 0, 5);
    const watcher = new TailWatcher({ readHighWatermark: log.read, minIntervalMs: 100, maxIntervalMs: 250 });
    const waits = Array.from({ length: 50 }, () => watcher.waitForAny([{ topicId: 't', partition: 0, above: 5 }], 10_000));
    await vi.advanceTimersByTimeAsync(100);
    expect(log.reads).toHaveLength(1);
    log.set('t', 0, 6);
    await vi.advanceTimersByTimeAsync(200);
    expect(await Promise.all(waits)).toEqual(Array(50).fill(true));
    expect(log.reads.length).toBeLessThanOrEqual(2);
    expect(watcher.watching).toBe(0);
  });

  it('backs off from the shortest to the longest interval while nothing changes', async () => {
    const log = fakeLog();
    log.set('t', 0, 5);
    const watcher = new TailWatcher({ readHighWatermark: log.read, minIntervalMs: 100, maxIntervalMs: 250 });
    const wait = watcher.waitForAny([{ topicId: 't', partition: 0, above: 5 }], 2_000);
    // Reads at 100 (first; the value is new), 200, 400, 650, 900, ... 250 apart once capped.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log.reads.length).toBe(5);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await wait).toBe(false);
    expect(watcher.watching).toBe(0);
    const after = log.reads.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(log.reads.length).toBe(after);
  });

  it('times out at the wait given, and stops at once when the signal aborts', async () => {
    const log = fakeLog();
    const watcher = new TailWatcher({ readHighWatermark: log.read });
    const timed = watcher.waitForAny([{ topicId: 't', partition: 0, above: 0 }], 300);
    await vi.advanceTimersByTimeAsync(299);
    let settled = false;
    void timed.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await timed).toBe(false);

    const abort = new AbortController();
    const aborted = watcher.waitForAny([{ topicId: 't', partition: 0, above: 0 }], 60_000, abort.signal);
    abort.abort();
    expect(await aborted).toBe(false);
    expect(watcher.watching).toBe(0);
  });

  it('wakes a waiter of several partitions on the first that grows, and a notify wakes without a poll', async () => {
    const log = fakeLog();
    log.set('t', 0, 3);
    log.set('t', 1, 7);
    const watcher = new TailWatcher({ readHighWatermark: log.read, minIntervalMs: 100, maxIntervalMs: 250 });
    const both = watcher.waitForAny(
      [
        { topicId: 't', partition: 0, above: 3 },
        { topicId: 't', partition: 1, above: 7 },
      ],
      10_000,
    );
    await vi.advanceTimersByTimeAsync(150);
    const readsBefore = log.reads.length;
    watcher.notify('t', 1, 9);
    expect(await both).toBe(true);
    expect(log.reads.length).toBe(readsBefore);
    expect(watcher.watching).toBe(0);
  });

  it('keeps polling through failed reads, reporting them', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const watcher = new TailWatcher({
      readHighWatermark: async () => {
        if (fail) throw new Error('throttled');
        return 10;
      },
      onError: (e) => errors.push(e),
    });
    const wait = watcher.waitForAny([{ topicId: 't', partition: 0, above: 4 }], 5_000);
    await vi.advanceTimersByTimeAsync(400);
    expect(errors.length).toBeGreaterThan(0);
    fail = false;
    await vi.advanceTimersByTimeAsync(300);
    expect(await wait).toBe(true);
  });

  it('answers at once when asked to wait on nothing, for nothing, or already aborted', async () => {
    const watcher = new TailWatcher({ readHighWatermark: async () => 0 });
    expect(await watcher.waitForAny([], 1_000)).toBe(false);
    expect(await watcher.waitForAny([{ topicId: 't', partition: 0, above: 0 }], 0)).toBe(false);
    expect(await watcher.waitForAny([{ topicId: 't', partition: 0, above: 0 }], 1_000, AbortSignal.abort())).toBe(false);
    expect(watcher.watching).toBe(0);
  });
});
