/**
 * RecordBatch codec benchmark: our codec against KafkaJS 2.2.4's, same inputs, same process.
 *
 *   npx tsx bench/codec.ts [--quick] [--profile]
 *
 * Cases: 100 records x 200 B and 1,000 records x 1 KiB; none, gzip, lz4, zstd (KafkaJS has only
 * none and gzip built in, so lz4/zstd rows show ours alone). Each measurement warms up, then the
 * two codecs run in alternating fixed-time rounds and each keeps its best round. MB/s counts the
 * uncompressed batch bytes. `ratio` = ours / KafkaJS ops/s.
 * `--profile` adds a split of where encode and decode time goes, and the speed of each CRC-32C
 * implementation (see docs/codec.md).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { compress, crc32c, decodeBatch, decompress, encodeBatch } from '../shared/codec/index.ts';
import { crc32cBackend, crc32cInstruction, loadAwsCrtCrc32c } from '../shared/codec/crc32c.ts';
import type { Compression, RecordInput } from '../shared/codec/index.ts';
import { zstdBackend } from '../shared/codec/compression/zstd.ts';
import { kafkajsDecode, kafkajsEncode, kafkajsSupports } from './lib/kafkajs-codec.ts';
import { makeRecords } from './lib/records.ts';

export interface Throughput {
  opsPerSec: number;
  recordsPerSec: number;
  mbPerSec: number;
}

export interface CodecBenchResult {
  records: number;
  valueBytes: number;
  compression: Compression;
  /** 'decode' checks the CRC-32C (our default); 'decode, no CRC' does not, as KafkaJS never does. */
  op: 'encode' | 'decode' | 'decode, no CRC';
  /** Bytes of the batch as encoded (compressed size for a codec). */
  batchBytes: number;
  sluice: Throughput;
  kafkajs: Throughput | null;
  /** sluice.opsPerSec / kafkajs.opsPerSec, or null when KafkaJS lacks the codec. */
  ratio: number | null;
}

const SIZES = [
  { records: 100, valueBytes: 200 },
  { records: 1000, valueBytes: 1024 },
];
const CODECS: Compression[] = ['none', 'gzip', 'lz4', 'zstd'];

type Op = () => unknown;

/** Runs `op` for about `ms`; returns ops per second. Awaits only async ops. */
async function runFor(op: Op, isAsync: boolean, ms: number): Promise<number> {
  let ops = 0;
  const start = performance.now();
  let now = start;
  do {
    for (let k = 0; k < 8; k++) {
      const r = op();
      if (isAsync) await r;
    }
    ops += 8;
    now = performance.now();
  } while (now - start < ms);
  return ops / ((now - start) / 1000);
}

/**
 * Times one or more ops on the same input. Each warms up, then they run in alternating short
 * rounds and each keeps its best round: on a shared machine (2 cores, other work running),
 * alternating exposes both to the same interference and the best round is the least disturbed.
 */
async function timeOps(ops: Op[], warmMs: number, rounds: number, roundMs: number): Promise<number[]> {
  const isAsync: boolean[] = [];
  for (const op of ops) {
    const probe = op();
    isAsync.push(probe instanceof Promise);
    await probe;
  }
  for (const [i, op] of ops.entries()) await runFor(op, isAsync[i]!, warmMs);
  const best = ops.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    for (const [i, op] of ops.entries()) best[i] = Math.max(best[i]!, await runFor(op, isAsync[i]!, roundMs));
  }
  return best;
}

function throughput(opsPerSec: number, records: number, plainBytes: number): Throughput {
  return { opsPerSec, recordsPerSec: opsPerSec * records, mbPerSec: (opsPerSec * plainBytes) / 1e6 };
}

/** Checks that both codecs agree on this input before timing them. */
async function crossCheck(records: RecordInput[], compression: Compression, ours: Buffer): Promise<void> {
  if (!kafkajsSupports(compression)) return;
  const theirs = await kafkajsEncode(records, { compression });
  if (compression === 'none' && !theirs.equals(ours)) throw new Error('KafkaJS and Sluice encode different bytes');
  const decoded = decodeBatch(theirs).records;
  const back = await kafkajsDecode(ours);
  if (decoded.length !== records.length || back.length !== records.length) throw new Error('record counts differ');
  if (!decoded[records.length - 1]!.value!.equals(back[records.length - 1]!.value!)) throw new Error('values differ');
}

export async function runCodecBench({ quick = false }: { quick?: boolean } = {}): Promise<CodecBenchResult[]> {
  const [warmMs, rounds, roundMs] = quick ? [100, 6, 60] : [400, 20, 100];
  const results: CodecBenchResult[] = [];
  for (const { records: count, valueBytes } of SIZES) {
    const records = makeRecords(count, valueBytes);
    const plainBytes = encodeBatch(records).length;
    for (const compression of CODECS) {
      const batch = encodeBatch(records, { compression });
      await crossCheck(records, compression, batch);
      const kjs = kafkajsSupports(compression) ? compression : null;
      const ops: Array<[CodecBenchResult['op'], Op, Op | null]> = [
        ['encode', () => encodeBatch(records, { compression }), kjs && (() => kafkajsEncode(records, { compression: kjs }))],
        ['decode', () => decodeBatch(batch), kjs && (() => kafkajsDecode(batch))],
      ];
      if (kjs) ops.push(['decode, no CRC', () => decodeBatch(batch, 0, { verifyCrc: false }), () => kafkajsDecode(batch)]);
      for (const [op, ours, theirs] of ops) {
        const [oursOps, theirsOps] = await timeOps(theirs ? [ours, theirs] : [ours], warmMs, rounds, roundMs);
        const sluice = throughput(oursOps!, count, plainBytes);
        const kafkajs = theirsOps === undefined ? null : throughput(theirsOps, count, plainBytes);
        results.push({
          records: count,
          valueBytes,
          compression,
          op,
          batchBytes: batch.length,
          sluice,
          kafkajs,
          ratio: kafkajs ? sluice.opsPerSec / kafkajs.opsPerSec : null,
        });
      }
    }
  }
  return results;
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function codecBenchMarkdown(results: CodecBenchResult[]): string {
  const lines = [
    '| case | codec | op | batch B | Sluice rec/s | Sluice MB/s | KafkaJS rec/s | KafkaJS MB/s | ratio |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.records} x ${r.valueBytes} B | ${r.compression} | ${r.op} | ${fmt(r.batchBytes)} | ${fmt(r.sluice.recordsPerSec)} | ${fmt(r.sluice.mbPerSec, 1)} | ` +
        `${r.kafkajs ? fmt(r.kafkajs.recordsPerSec) : '-'} | ${r.kafkajs ? fmt(r.kafkajs.mbPerSec, 1) : '-'} | ${r.ratio === null ? '-' : `${fmt(r.ratio, 1)}x`} |`,
    );
  }
  return lines.join('\n');
}

export interface CodecProfileRow {
  case: string;
  part: string;
  microsPerBatch: number;
}

/**
 * Where the time goes, by subtraction: the whole operation, then its parts timed alone on the
 * same bytes (CRC-32C over the batch, the codec over the records). "records" is the rest: sizing,
 * varint writing / parsing and copying.
 */
export async function profileCodec({ quick = false }: { quick?: boolean } = {}): Promise<CodecProfileRow[]> {
  const [warmMs, rounds, roundMs] = quick ? [50, 4, 40] : [200, 10, 80];
  const rows: CodecProfileRow[] = [];
  const us = async (op: Op): Promise<number> => 1e6 / (await timeOps([op], warmMs, rounds, roundMs))[0]!;
  for (const { records: count, valueBytes } of SIZES) {
    const records = makeRecords(count, valueBytes);
    const plainBatch = encodeBatch(records);
    const plainRecords = plainBatch.subarray(61);
    // --quick profiles the uncompressed case only (the goal's); the full run adds lz4 and zstd.
    for (const compression of (quick ? ['none'] : ['none', 'lz4', 'zstd']) as Compression[]) {
      const name = `${count} x ${valueBytes} B, ${compression}`;
      const batch = encodeBatch(records, { compression });
      const packed = batch.subarray(61);
      const encode = await us(() => encodeBatch(records, { compression }));
      const decode = await us(() => decodeBatch(batch));
      const crc = await us(() => crc32c(batch.subarray(21)));
      const codecEnc = compression === 'none' ? 0 : await us(() => compress(compression, plainRecords));
      const codecDec = compression === 'none' ? 0 : await us(() => decompress(compression, packed, 64 << 20));
      rows.push(
        { case: name, part: 'encode: total', microsPerBatch: encode },
        { case: name, part: 'encode: CRC-32C', microsPerBatch: crc },
        { case: name, part: 'encode: compression', microsPerBatch: codecEnc },
        { case: name, part: 'encode: records (sizing + varints + copies)', microsPerBatch: encode - crc - codecEnc },
        { case: name, part: 'decode: total', microsPerBatch: decode },
        { case: name, part: 'decode: CRC-32C', microsPerBatch: crc },
        { case: name, part: 'decode: decompression', microsPerBatch: codecDec },
        { case: name, part: 'decode: records (varints + views + objects)', microsPerBatch: decode - crc - codecDec },
      );
    }
  }
  return rows;
}

export interface CrcSpeedRow {
  implementation: string;
  bytes: number;
  gbPerSec: number;
}

/** GB/s of each CRC-32C implementation this process can load, on a 1 KiB and a 1 MiB input. */
export async function crcSpeeds({ quick = false }: { quick?: boolean } = {}): Promise<CrcSpeedRow[]> {
  const [warmMs, rounds, roundMs] = quick ? [50, 4, 40] : [200, 10, 80];
  const impls: Array<[string, (b: Uint8Array) => number]> = [['@node-rs/crc32 (CRC32 instruction)', (b) => crc32cInstruction(b)]];
  const folding = loadAwsCrtCrc32c();
  if (folding) impls.push(['aws-crt (folding)', (b) => folding(b, 0)]);
  const rows: CrcSpeedRow[] = [];
  for (const bytes of [1024, 1 << 20]) {
    const buf = Buffer.alloc(bytes);
    for (let i = 0; i < bytes; i++) buf[i] = (i * 131 + (i >> 8)) & 0xff;
    const speeds = await timeOps(impls.map(([, f]) => () => f(buf)), warmMs, rounds, roundMs);
    impls.forEach(([implementation], i) => rows.push({ implementation, bytes, gbPerSec: (speeds[i]! * bytes) / 1e9 }));
  }
  return rows;
}

export interface CodecSection {
  cases: CodecBenchResult[];
  profile: CodecProfileRow[];
  crc: CrcSpeedRow[];
  /** The implementation that checks batches of 16 KiB and more in this process. */
  crcBackend: string;
}

/** What `npm run bench` reports for the codec: the comparison, the profile and the CRC speeds. */
export async function runCodecSection({ quick = false }: { quick?: boolean } = {}): Promise<CodecSection> {
  const cases = await runCodecBench({ quick });
  return { cases, profile: await profileCodec({ quick }), crc: await crcSpeeds({ quick }), crcBackend: crc32cBackend() };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const started = performance.now();
  console.log(`# RecordBatch codec: Sluice vs KafkaJS 2.2.4 (Node ${process.version}, CRC-32C via ${crc32cBackend()}, zstd via ${zstdBackend}${quick ? ', --quick' : ''})\n`);
  console.log(codecBenchMarkdown(await runCodecBench({ quick })));
  if (process.argv.includes('--profile')) {
    console.log('\n## Where the time goes (us per batch)\n\n| case | part | us |\n|---|---|---:|');
    for (const r of await profileCodec({ quick })) console.log(`| ${r.case} | ${r.part} | ${fmt(r.microsPerBatch, 1)} |`);
    console.log('\n## CRC-32C implementations\n\n| implementation | input | GB/s |\n|---|---:|---:|');
    for (const r of await crcSpeeds({ quick })) console.log(`| ${r.implementation} | ${fmt(r.bytes)} B | ${fmt(r.gbPerSec, 1)} |`);
  }
  console.log(`\n(${fmt((performance.now() - started) / 1000, 1)} s)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
