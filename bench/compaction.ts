/**
 * Compacted topics on the local stack: a changelog of many updates over fewer keys, merged into
 * segments and compacted, and the key map's memory.
 *
 *   1. A one-partition topic with cleanup.policy=compact gets a changelog: 1,000,000 updates over
 *      10,000 keys (100,000 over 1,000 with --quick), 100-byte values, produced through the engine
 *      in requests of 5,000 records (one batch each) against DynamoDB Local and s3rver.
 *   2. A maintenance pass merges it into segments (64 MiB, the default) without compacting
 *      (min.compaction.lag.ms held high), then a second pass compacts (the lag lifted).
 *   3. Reported: the log's bytes and records before and after; compaction throughput, MiB of
 *      segments read per second of the compacting pass (it reads each dirty segment twice: once to
 *      map the keys, once to rewrite); the key map's memory per million keys, measured by
 *      building one with a million keys.
 *
 *   npx tsx bench/compaction.ts [--quick]
 */
import { performance } from 'node:perf_hooks';
import type { RunningStack } from '../local/stack.ts';
import { createEngine } from '../shared/log/engine.ts';
import { MaintenanceService } from '../shared/maintenance/index.ts';
import { OffsetMap } from '../shared/maintenance/offset-map.ts';
import { createStorage } from '../shared/storage/index.ts';

const MiB = 1024 * 1024;

export interface CompactionBenchResult {
  skipped?: string;
  note: string;
  updates: number;
  keys: number;
  valueBytes: number;
  before: { bytes: number; records: number; segments: number };
  after: { bytes: number; records: number; segments: number };
  /** Seconds of the compacting pass, and MiB of segment input per second. */
  compactSeconds: number;
  compactMiBPerSec: number;
  mergeSeconds: number;
  produceSeconds: number;
  /** Bytes the key map takes per million keys: allocated, and as measured in the heap. */
  mapBytesPerMillionKeys: number;
  mapMeasuredBytesPerMillionKeys: number;
  /** Time to put a million keys in the map (digest included). */
  mapMillionPutsSeconds: number;
}

export async function runCompactionBench({ quick = false }: { quick?: boolean } = {}): Promise<CompactionBenchResult> {
  const note = 'Local stack (DynamoDB Local + s3rver) on a shared 2-core machine: throughput is emulator- and machine-bound.';
  const updates = quick ? 100_000 : 1_000_000;
  const keys = quick ? 1_000 : 10_000;
  const valueBytes = 100;
  const perRequest = 5_000;
  const { startLocalStackServices } = await import('../local/stack.ts');
  const { DEFAULT_LOCAL_CREDENTIALS } = await import('../local/credentials.ts');
  const suffix = Date.now().toString(36);
  let stack: RunningStack;
  try {
    stack = await startLocalStackServices({
      names: { bucket: `sluice-cbench-${suffix}`, metadataTable: `sluice-cbench-meta-${suffix}`, logTable: `sluice-cbench-log-${suffix}` },
      region: 'us-east-1',
      credentials: { ...DEFAULT_LOCAL_CREDENTIALS },
      port: 0,
      log: () => undefined,
    });
  } catch (e) {
    return { skipped: `local stack not available: ${e instanceof Error ? e.message : String(e)}`, note } as CompactionBenchResult;
  }
  try {
    const storage = createStorage(stack.storage);
    const engine = createEngine(storage, { guessTrustMs: 0 });
    const topic = 'changelog';
    await engine.topics.create({ name: topic, partitions: 1, configs: { 'cleanup.policy': 'compact', 'segment.ms': '1000', 'min.compaction.lag.ms': '86400000' } });
    const value = Buffer.alloc(valueBytes, 'v');
    const t0 = performance.now();
    for (let i = 0; i < updates; i += perRequest) {
      const n = Math.min(perRequest, updates - i);
      await engine.produce.produceJson(
        topic,
        Array.from({ length: n }, (_, j) => ({ key: Buffer.from(`key-${(i + j) % keys}`), value, headers: [], partition: 0 })),
      );
    }
    const produceSeconds = (performance.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 1100));
    const service = new MaintenanceService({ storage, settings: { entryDeleteDelayMs: 0 } });
    const t1 = performance.now();
    const merged = await service.runAll({ topics: [topic], gc: false });
    const mergeSeconds = (performance.now() - t1) / 1000;
    if (merged.report.failures.length > 0) throw new Error(`merge failed: ${merged.report.failures[0]!.error}`);
    const before = await measure(engine, topic);
    await engine.topics.alterConfigs(topic, { 'min.compaction.lag.ms': null });
    const t2 = performance.now();
    const compacted = await new MaintenanceService({ storage, settings: { entryDeleteDelayMs: 0 } }).runAll({ topics: [topic], gc: false });
    const compactSeconds = (performance.now() - t2) / 1000;
    if (compacted.report.compactionPasses !== 1) throw new Error(`expected one compaction pass, got ${JSON.stringify(compacted.report)}`);
    const after = await measure(engine, topic);
    if (after.records !== keys) throw new Error(`expected ${keys} records after compaction, found ${after.records}`);
    const map = mapMemory();
    return {
      note,
      updates,
      keys,
      valueBytes,
      before,
      after,
      compactSeconds,
      compactMiBPerSec: before.bytes / MiB / compactSeconds,
      mergeSeconds,
      produceSeconds,
      ...map,
    };
  } finally {
    await stack.stop();
  }
}

/** The partition's segments: bytes and records, read back in full. */
async function measure(engine: ReturnType<typeof createEngine>, topic: string) {
  const t = await engine.topics.get(topic);
  let bytes = 0;
  let segments = 0;
  let after = -1;
  for (;;) {
    const page = await engine.storage.index.after(t.id, 0, after, 100);
    if (page.length === 0) break;
    for (const e of page) {
      bytes += e.byteLength;
      if (e.chunks) segments++;
    }
    after = page[page.length - 1]!.baseOffset;
  }
  const { decodeBatches } = await import('../shared/codec/index.ts');
  let records = 0;
  let offset = 0;
  for (;;) {
    const [d] = await engine.fetch.fetch([{ topic, partition: 0, offset }], { maxBytes: 8 * MiB, maxWaitMs: 0 });
    if (d!.error) throw d!.error;
    if (d!.nextOffset === offset) break;
    for (const b of decodeBatches(d!.batches)) records += b.records.filter((r) => r.offset >= offset).length;
    offset = d!.nextOffset;
  }
  return { bytes, records, segments };
}

/** The key map's memory for a million keys, allocated and measured, and the time to fill it. */
function mapMemory() {
  const million = 1_000_000;
  global.gc?.();
  const heap0 = process.memoryUsage();
  const map = new OffsetMap((Math.ceil(million / 0.9) + 16) * 24);
  const heap1 = process.memoryUsage();
  const t0 = performance.now();
  for (let i = 0; i < million; i++) map.put(Buffer.from(`user-${i}`), i);
  const mapMillionPutsSeconds = (performance.now() - t0) / 1000;
  if (map.size !== million) throw new Error(`map holds ${map.size} keys, expected ${million}`);
  const allocated = heap1.arrayBuffers - heap0.arrayBuffers;
  return { mapBytesPerMillionKeys: map.slots * 24, mapMeasuredBytesPerMillionKeys: allocated, mapMillionPutsSeconds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runCompactionBench({ quick: process.argv.includes('--quick') });
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
