/** `sluice groups list|describe|reset-offsets|delete`, in the spirit of kafka-consumer-groups. */
import type { GroupDescription, ResetOffsetsResult, ResetTo, SluiceClient } from '../../sdk/index.ts';
import { write, type Io } from '../io.ts';

export async function groupsList(args: { json?: boolean }, io: Io, client: SluiceClient): Promise<number> {
  const groups = await client.groups().listGroups();
  if (args.json) {
    await write(io.stdout, `${JSON.stringify(groups, null, 2)}\n`);
    return 0;
  }
  for (const g of [...groups].sort((a, b) => a.groupId.localeCompare(b.groupId))) await write(io.stdout, `${g.groupId}\n`);
  return 0;
}

export async function groupsDescribe(args: { group: string; json?: boolean }, io: Io, client: SluiceClient): Promise<number> {
  const d = await client.groups().describeGroup(args.group);
  await write(io.stdout, args.json ? `${JSON.stringify(d, null, 2)}\n` : formatGroup(d));
  return 0;
}

export async function groupsDelete(args: { group: string }, io: Io, client: SluiceClient): Promise<number> {
  const out = await client.groups().deleteGroup(args.group);
  await write(io.stdout, `deleted group ${out.deleted} (${out.offsets} committed offset${out.offsets === 1 ? '' : 's'})\n`);
  return 0;
}

export interface ResetArgs {
  group: string;
  topic: string;
  to: ResetTo;
  partitions?: number[];
  dryRun?: boolean;
  json?: boolean;
}

export async function groupsResetOffsets(args: ResetArgs, io: Io, client: SluiceClient): Promise<number> {
  const out = await client.groups().resetOffsets(args.group, {
    ...args.to, topic: args.topic, ...(args.partitions ? { partitions: args.partitions } : {}), ...(args.dryRun ? { dryRun: true } : {}),
  });
  await write(io.stdout, args.json ? `${JSON.stringify(out, null, 2)}\n` : formatReset(out));
  return 0;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

const ranges = (partitions: number[]) => partitions.join(',');

/** The human form of `groups describe`: a header, the members, and a partition table with lag. */
export function formatGroup(d: GroupDescription): string {
  const members = [['MEMBER', 'CLIENT', 'EPOCH', 'ASSIGNMENT']];
  for (const m of d.members) {
    members.push([m.memberId, m.clientId || '-', String(m.memberEpoch), m.assignment.map((t) => `${t.topic}:${ranges(t.partitions)}`).join(' ') || '-']);
  }
  const partitions = [['TOPIC', 'PARTITION', 'OWNER', 'COMMITTED', 'HIGH_WATERMARK', 'LAG']];
  for (const p of d.partitions) {
    partitions.push([p.topic, String(p.partition), p.owner ?? '-', p.committedOffset < 0 ? '-' : String(p.committedOffset), String(p.highWatermark), p.lag === null ? '-' : String(p.lag)]);
  }
  return [
    `Group:    ${d.groupId}`,
    `State:    ${d.state}`,
    `Epoch:    ${d.epoch}`,
    `Assignor: ${d.configs.assignor ?? '-'}`,
    `Configs:  ${Object.entries(d.configs).filter(([k]) => k !== 'assignor').map(([k, v]) => `${k}=${v}`).join(', ')}`,
    '',
    d.members.length ? table(members) : '(no members)',
    '',
    d.partitions.length ? table(partitions) : '(no partitions)',
    '',
    `Total lag: ${d.totalLag}`,
    '',
  ].join('\n');
}

export function formatReset(r: ResetOffsetsResult): string {
  const rows = [['PARTITION', 'PREVIOUS', 'NEW']];
  for (const p of r.partitions) rows.push([String(p.partition), p.previousOffset < 0 ? '-' : String(p.previousOffset), String(p.offset)]);
  const head = r.dryRun ? `would reset group ${r.groupId} on ${r.topic} (dry run, nothing written):` : `reset group ${r.groupId} on ${r.topic}:`;
  return `${head}\n${table(rows)}\n`;
}
