import { describe, expect, it } from 'vitest';
import { formatSummary, maintenanceRun } from '../../../cli/commands/maintenance.ts';
import { deleteRecordsTargets } from '../../../cli/commands/topics.ts';
import { UsageError } from '../../../cli/io.ts';
import { SluiceApiError, type MaintenancePass, type SluiceClient } from '../../../sdk/index.ts';
import { emptyReport } from '../../../shared/maintenance/report.ts';
import { memoryIo } from './memory-io.ts';

const report = (over: Partial<MaintenancePass['report']> = {}): MaintenancePass['report'] => ({ ...emptyReport(), ...over });

/** A client whose admin answers from tables, recording the maintenance requests. */
function fakeClient(topics: string[], passes: Record<string, MaintenancePass | SluiceApiError>) {
  const requests: unknown[] = [];
  const admin = {
    listTopics: async () => topics,
    runMaintenance: async (o: { topics?: string[]; gc?: boolean }) => {
      requests.push(o);
      const answer = passes[o.topics?.length ? o.topics[0]! : 'gc'];
      if (answer instanceof Error) throw answer;
      return answer ?? { jobs: 0, report: report(), ms: 0 };
    },
  };
  return { client: { admin: () => admin } as unknown as SluiceClient, requests };
}

describe('sluice topics delete-records arguments', () => {
  it('pairs partitions and offsets by position, or one offset for all', () => {
    expect(deleteRecordsTargets({ topic: 't', partitions: [0, 2], offsets: [5, -1] })).toEqual([{ partition: 0, offset: 5 }, { partition: 2, offset: -1 }]);
    expect(deleteRecordsTargets({ topic: 't', partitions: [0, 1], offsets: [7] })).toEqual([{ partition: 0, offset: 7 }, { partition: 1, offset: 7 }]);
    expect(deleteRecordsTargets({ topic: 't', partitions: [], offsets: [-1], allPartitions: true }, 3)).toEqual([0, 1, 2].map((partition) => ({ partition, offset: -1 })));
  });

  it('refuses mismatched or missing pairs as usage errors', () => {
    for (const bad of [
      { topic: 't', partitions: [0], offsets: [] },
      { topic: 't', partitions: [], offsets: [1] },
      { topic: 't', partitions: [0, 1, 2], offsets: [1, 2] },
      { topic: 't', partitions: [1], offsets: [1], allPartitions: true },
      { topic: 't', partitions: [], offsets: [1, 2], allPartitions: true },
    ]) {
      expect(() => deleteRecordsTargets(bad, 2), JSON.stringify(bad)).toThrow(UsageError);
    }
  });
});

describe('sluice maintenance run', () => {
  it('runs one request per topic, then garbage collection, and sums what they did', async () => {
    const { client, requests } = fakeClient(['b', 'a'], {
      a: { jobs: 1, report: report({ partitions: 2, segmentsWritten: 1, entriesMerged: 10, bytesMerged: 3 * 1024 * 1024 }), ms: 5 },
      b: { jobs: 1, report: report({ partitions: 1, entriesDeleted: 4 }), ms: 5 },
      gc: { jobs: 1, report: report(), gc: { ran: true, objectsListed: 9, objectsPending: 2, objectsDeleted: 3, bytesDeleted: 4096, entriesOfDeletedTopics: 0, topicsForgotten: 0 }, ms: 5 },
    });
    const m = memoryIo();
    expect(await maintenanceRun({}, m.io, client)).toBe(0);
    expect(requests).toEqual([{ topics: ['a'], gc: false }, { topics: ['b'], gc: false }, { topics: [], gc: true }]);
    const out = m.stdout();
    expect(out).toMatch(/^maintenance: 2 topics, 3 partitions, garbage collection in \d+\.\d s\n/);
    expect(out).toMatch(/segments written\s+1\n/);
    expect(out).toMatch(/entries merged\s+10\n/);
    expect(out).toMatch(/MiB merged\s+3\.0\n/);
    expect(out).toMatch(/entries deleted\s+4\n/);
    expect(out).toMatch(/objects deleted\s+3\n/);
    expect(out).toMatch(/bytes freed\s+4096\n/);
    expect(out).toMatch(/failures\s+0\n/);
    expect(m.stderr()).toBe(''); // not a terminal: no progress line
  });

  it('exits 1 and names each failure', async () => {
    const { client, requests } = fakeClient([], {
      a: { jobs: 1, report: report({ failures: [{ topic: 'a', partition: 3, error: 'STORAGE_UNAVAILABLE: slow down' }] }), ms: 1 },
      b: new SluiceApiError({ code: 'UNKNOWN_TOPIC', message: 'topic "b" does not exist', status: 404, retriable: false, noSideEffects: true }),
    });
    const m = memoryIo();
    expect(await maintenanceRun({ topics: ['a', 'b'], gc: false }, m.io, client)).toBe(1);
    expect(requests).toEqual([{ topics: ['a'], gc: false }, { topics: ['b'], gc: false }]);
    expect(m.stderr()).toBe('failed: a partition 3: STORAGE_UNAVAILABLE: slow down\nfailed: b: UNKNOWN_TOPIC: topic "b" does not exist\n');
    expect(m.stdout()).toMatch(/failures\s+2\n/);
  });

  it('skips a listed topic deleted since the listing', async () => {
    const { client } = fakeClient(['gone'], {
      gone: new SluiceApiError({ code: 'UNKNOWN_TOPIC', message: 'gone', status: 404, retriable: false, noSideEffects: true }),
    });
    const m = memoryIo();
    expect(await maintenanceRun({ gc: false }, m.io, client)).toBe(0);
  });

  it('shows a progress line on a terminal unless quiet', async () => {
    const { client } = fakeClient(['a'], {});
    const m = memoryIo();
    Object.assign(m.io.stderr, { isTTY: true });
    await maintenanceRun({ gc: false }, m.io, client);
    expect(m.stderr()).toMatch(/\r\x1b\[2Kmaintenance: 0\/1 topics, \d+\.\d s \(a\)/);
    const quiet = memoryIo();
    Object.assign(quiet.io.stderr, { isTTY: true });
    await maintenanceRun({ gc: false, quiet: true }, quiet.io, client);
    expect(quiet.stderr()).toBe('');
  });

  it('formats a pass without garbage collection with dashes for what it did not do', () => {
    const text = formatSummary({ topics: 1, report: report({ partitions: 1 }), errors: [], ms: 1500 });
    expect(text).toMatch(/^maintenance: 1 topic, 1 partition in 1\.5 s\n/);
    expect(text).toMatch(/objects deleted\s+-\n/);
  });
});
