import { describe, expect, it } from 'vitest';
import { startMaintenanceTimer, summaryLine } from '../../../local/maintenance-timer.ts';
import type { PassResult } from '../../../shared/maintenance/index.ts';
import { emptyReport } from '../../../shared/maintenance/report.ts';

const idle = (): PassResult => ({ jobs: 1, report: emptyReport(), ms: 1 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the local maintenance timer', () => {
  it('runs passes one after another, never overlapping, with GC every 10th', async () => {
    const gcs: boolean[] = [];
    let inFlight = 0;
    let most = 0;
    const timer = startMaintenanceTimer({
      intervalMs: 1,
      runPass: async ({ gc }) => {
        gcs.push(gc);
        most = Math.max(most, ++inFlight);
        await sleep(5);
        inFlight--;
        return idle();
      },
      log: () => undefined,
    });
    while (gcs.length < 12) await sleep(5);
    await timer.stop();
    expect(most).toBe(1);
    expect(gcs.slice(0, 12).map((gc, i) => (gc ? i + 1 : 0)).filter(Boolean)).toEqual([10]);
  });

  it('stops cleanly: waits for the pass in progress and starts no other', async () => {
    let started = 0;
    let finished = 0;
    const timer = startMaintenanceTimer({
      intervalMs: 1,
      runPass: async () => {
        started++;
        await sleep(30);
        finished++;
        return idle();
      },
      log: () => undefined,
    });
    while (started === 0) await sleep(1);
    await timer.stop();
    expect(finished).toBe(started);
    await sleep(20);
    expect(started).toBe(finished);
  });

  it('logs one line for a pass that did something, none for an idle one, and survives a failing pass', async () => {
    const lines: string[] = [];
    let n = 0;
    const timer = startMaintenanceTimer({
      intervalMs: 1,
      runPass: async () => {
        n++;
        if (n === 1) return idle();
        if (n === 2) throw new Error('DynamoDB is down');
        return { jobs: 2, report: { ...emptyReport(), segmentsWritten: 2, entriesMerged: 40, bytesMerged: 2 * 1024 * 1024, entriesDeleted: 38 }, ms: 12 };
      },
      log: (l) => lines.push(l),
    });
    while (n < 3) await sleep(2);
    await timer.stop();
    expect(lines.slice(0, 2)).toEqual([
      'maintenance: the pass failed: DynamoDB is down',
      'maintenance: 2 segments written (40 entries, 2.0 MiB), 38 entries deleted in 12 ms',
    ]);
  });

  it('names compaction of compacted topics', () => {
    const report = { ...emptyReport(), compactionPasses: 1, segmentsCompacted: 2, recordsCompactedAway: 90, tombstonesRemoved: 3 };
    expect(summaryLine({ jobs: 1, report, ms: 7 })).toBe('maintenance: 2 segments compacted (90 records and 3 tombstones removed) in 7 ms');
  });

  it('says nothing about a pass that did nothing', () => {
    expect(summaryLine(idle())).toBeUndefined();
    expect(summaryLine({ ...idle(), gc: { ran: true, objectsListed: 5, objectsPending: 5, objectsDeleted: 0, bytesDeleted: 0, entriesOfDeletedTopics: 0, topicsForgotten: 0 } })).toBeUndefined();
  });
});
