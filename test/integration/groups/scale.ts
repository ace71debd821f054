// Drives N simulated members of one group in-process against the coordinator on real storage,
// until the assignment has converged, counting heartbeats and DynamoDB requests. Used by
// scale.test.ts (small) and bench/groups-scale.ts (100 members x 1,000 partitions).
import { mapLimit } from '../../../shared/log/map-limit.ts';
import type { GroupCoordinator } from '../../../shared/groups/coordinator.ts';
import type { Meter } from '../../../shared/storage/metering.ts';
import { converged, SimMember } from './helpers.ts';

export interface ScaleResult {
  members: number;
  partitions: number;
  /** Rounds in which every member heartbeats once, the join included. */
  rounds: number;
  heartbeats: number;
  /** Heartbeats answered CONCURRENT_UPDATE (retried the next round, as the SDK would). */
  conflicts: number;
  dynamodbRequests: number;
  /** Requests by operation, e.g. { Query: 812, PutItem: 400, UpdateItem: 1203, TransactWriteItems: 9 }. */
  byOperation: Record<string, number>;
  wru: number;
  rru: number;
  seconds: number;
  epoch: number;
  /** Once converged: DynamoDB requests per heartbeat of a steady member. */
  steadyRequestsPerHeartbeat: number;
  loads: { min: number; max: number };
}

export async function runScale(opts: {
  groups: GroupCoordinator;
  meter: Meter;
  groupId: string;
  topic: string;
  members: number;
  partitions: number;
  concurrency?: number;
  maxRounds?: number;
  /** Called after each round, e.g. to print progress. */
  onRound?: (round: number, members: readonly SimMember[]) => void;
}): Promise<ScaleResult> {
  const config = { 'session.timeout.ms': 120_000, 'heartbeat.interval.ms': 5_000 };
  const members = Array.from({ length: opts.members }, () => new SimMember(opts.groups, opts.groupId, { topics: [opts.topic] }, config));
  const concurrency = opts.concurrency ?? 16;
  let heartbeats = 0;
  let conflicts = 0;
  const round = () =>
    mapLimit(members, concurrency, async (m) => {
      heartbeats++;
      try {
        await m.beat();
      } catch (e) {
        if ((e as { code?: string }).code !== 'CONCURRENT_UPDATE') throw e;
        conflicts++;
      }
    });
  opts.meter.reset();
  const started = Date.now();
  let rounds = 0;
  do {
    if (++rounds > (opts.maxRounds ?? 50)) throw new Error(`no convergence after ${rounds - 1} rounds`);
    await round();
    opts.onRound?.(rounds, members);
  } while (!converged(members, opts.partitions));
  const seconds = (Date.now() - started) / 1000;
  const snap = opts.meter.snapshot();
  const byOperation = Object.fromEntries(snap.operations.filter((o) => o.service === 'DynamoDB').map((o) => [o.operation, o.calls]));

  opts.meter.reset();
  const before = heartbeats;
  await round();
  const steady = opts.meter.snapshot().dynamodb.calls / (heartbeats - before);
  const counts = members.map((m) => m.count());
  return {
    members: opts.members,
    partitions: opts.partitions,
    rounds,
    heartbeats: before,
    conflicts,
    dynamodbRequests: snap.dynamodb.calls,
    byOperation,
    wru: Math.round(snap.dynamodb.wru),
    rru: Math.round(snap.dynamodb.rru),
    seconds,
    epoch: members[0]!.epoch,
    steadyRequestsPerHeartbeat: steady,
    loads: { min: Math.min(...counts), max: Math.max(...counts) },
  };
}
