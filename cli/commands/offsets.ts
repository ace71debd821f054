/**
 * `sluice offsets TOPIC`: per partition the earliest offset (log start), the latest (high
 * watermark), and with `--time T` the first offset whose record is at or after T (ListOffsets by
 * timestamp; none when no record is that recent), like kafka-get-offsets / kcat -Q.
 */
import type { SluiceClient } from '../../sdk/index.ts';
import { write, type Io } from '../io.ts';

export interface OffsetsArgs {
  topic: string;
  partition?: number;
  /** Epoch ms. */
  time?: number;
  json?: boolean;
}

export interface OffsetsRow {
  partition: number;
  earliest: number;
  latest: number;
  /** With --time: the offset, or null when no record is at or after the time. */
  atTime?: number | null;
}

export async function offsets(args: OffsetsArgs, io: Io, client: SluiceClient): Promise<number> {
  const admin = client.admin();
  const [earliest, latest, byTime] = await Promise.all([
    admin.listOffsets(args.topic, 'earliest', args.partition),
    admin.listOffsets(args.topic, 'latest', args.partition),
    args.time === undefined ? Promise.resolve(undefined) : admin.listOffsets(args.topic, args.time, args.partition),
  ]);
  const of = (list: { partition: number; offset: number }[] | undefined, p: number) => list?.find((x) => x.partition === p)?.offset;
  const rows: OffsetsRow[] = earliest
    .map((e) => {
      const row: OffsetsRow = { partition: e.partition, earliest: e.offset, latest: of(latest, e.partition) ?? e.offset };
      if (byTime) {
        const at = of(byTime, e.partition);
        row.atTime = at === undefined || at < 0 ? null : at;
      }
      return row;
    })
    .sort((a, b) => a.partition - b.partition);
  if (args.json) {
    await write(io.stdout, `${JSON.stringify({ topic: args.topic, ...(args.time !== undefined ? { time: args.time } : {}), partitions: rows })}\n`);
    return 0;
  }
  const header = ['PARTITION', 'EARLIEST', 'LATEST', ...(args.time !== undefined ? [`AT ${new Date(args.time).toISOString()}`] : [])];
  const table = [header, ...rows.map((r) => [r.partition, r.earliest, r.latest, ...(args.time !== undefined ? [r.atTime ?? '-'] : [])].map(String))];
  const widths = header.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  await write(io.stdout, `${table.map((r) => r.map((c, i) => c.padStart(widths[i]!)).join('  ')).join('\n')}\n`);
  return 0;
}
