import { decodeBatches } from '../../../shared/codec/index.ts';
import type { Engine } from '../../../shared/log/engine.ts';
import { MaintenanceService, type MaintenanceSettings } from '../../../shared/maintenance/index.ts';
import { realEngine } from '../log/helpers.ts';

/** Settings that let a test merge and delete at once: no delete delay, small chunks. */
export const TEST_SETTINGS: Partial<MaintenanceSettings> = { entryDeleteDelayMs: 0, indexIntervalBytes: 2048, gcGraceMs: 0 };

/** An engine whose appender trusts no guess (the test deletes entries at once). */
export function testEngine(): Engine {
  return realEngine({ guessTrustMs: 0 });
}

export function maintenanceFor(engine: Engine, settings: Partial<MaintenanceSettings> = {}): MaintenanceService {
  return new MaintenanceService({ storage: engine.storage, settings: { ...TEST_SETTINGS, ...settings } });
}

/** Every record of a partition from `from`, fetched with `maxBytes` per fetch, with the raw bytes of each fetch. */
export async function readPartition(engine: Engine, topic: string, partition: number, from = 0, maxBytes = 1 << 20) {
  const records: { offset: number; value: string; key: string | null; timestamp: number }[] = [];
  const chunks: Buffer[] = [];
  let offset = from;
  let fetches = 0;
  for (;;) {
    const [d] = await engine.fetch.fetch([{ topic, partition, offset }], { maxBytes, maxWaitMs: 0 });
    if (d!.error) throw d!.error;
    fetches++;
    if (d!.batches.length === 0) return { records, bytes: Buffer.concat(chunks), highWatermark: d!.highWatermark, logStartOffset: d!.logStartOffset, fetches };
    chunks.push(d!.batches);
    for (const b of decodeBatches(d!.batches)) {
      for (const r of b.records) {
        if (r.offset < offset) continue;
        records.push({ offset: r.offset, value: r.value?.toString() ?? '', key: r.key?.toString() ?? null, timestamp: r.timestamp });
      }
    }
    offset = d!.nextOffset;
  }
}

/** The index entries of a partition, ascending (strong reads). */
export async function entriesOf(engine: Engine, topic: string, partition: number) {
  const t = await engine.topics.get(topic);
  const out = [];
  let after = -1;
  for (;;) {
    const page = await engine.storage.index.after(t.id, partition, after, 100);
    if (page.length === 0) return out;
    out.push(...page);
    after = page[page.length - 1]!.baseOffset;
  }
}
