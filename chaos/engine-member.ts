/**
 * A consumer-group member of the in-process target, written to the SDK consumer's rules
 * (sdk/consumer*.ts) so that it is their reference: it heartbeats on its own loop (KIP-848:
 * owned partitions in, epoch and assignment out), polls only while its lease is valid by its own
 * clock (sent time + leaseExpiresInMs), commits what it processed one commit at a time, commits a
 * revoked partition before it stops listing it, and gives everything up without a commit when it
 * is fenced or its lease runs out. Every request reaches a function instance through a
 * {@link Channel}, with the storage and group-store faults of chaos/faults.ts.
 */
import { SluiceError } from '../shared/api/errors.ts';
import { Channel, type ChannelHost } from './engine-channel.ts';
import { sendCommit } from './engine-commits.ts';
import { EngineConsumer } from './engine-consumer.ts';
import { coordinatorOf as coordinator } from './engine-instance.ts';
import { FENCED_CODES } from './member-records.ts';
import { Sleeper } from './sleeper.ts';
import type { GroupMember, MemberContext, OwedCommit } from './target.ts';

export interface MemberHost extends ChannelHost {
  readonly topic: string;
}

interface Owned {
  ownership: number;
  memberEpoch: number;
  /** Next offset to poll (and what a commit stores); undefined until read from the committed offsets. */
  position?: number;
  committed: number;
}

export class EngineMember implements GroupMember {
  private readonly hb: Channel;
  private readonly io: Channel;
  private readonly reader: EngineConsumer;
  private memberId = '';
  private joins = 0;
  private epoch = 0;
  private leaseDeadline = 0;
  private state: 'new' | 'running' | 'leaving' | 'dead' = 'new';
  private readonly owned = new Map<number, Owned>();
  private readonly ownerships = new Map<number, number>();
  private readonly sleeper = new Sleeper();
  private loops: Promise<unknown> = Promise.resolve();
  private commits: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: MemberHost,
    readonly process: string,
    private readonly ctx: MemberContext,
  ) {
    this.hb = new Channel(host, `${process}/hb`, process, ctx.rng.fork('hb'));
    this.io = new Channel(host, `${process}/io`, process, ctx.rng.fork('io'));
    this.reader = new EngineConsumer(host.topic, () => host.spawn(`${process}/fetch`), ctx.rng.fork('fetch'));
    this.rejoin();
  }

  start(): void {
    this.state = 'running';
    this.loops = Promise.all([this.heartbeatLoop(), this.pollLoop()]);
  }

  stopped(): Promise<void> {
    return this.loops.then(() => undefined);
  }

  async leave(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'leaving';
    this.sleeper.wakeAll();
    await this.loops;
    await this.commit('leave-commit', this.hb, [...this.owned.keys()]);
    if (this.epoch === 0) return;
    const { recorder } = this.ctx;
    const base = { type: 'leave' as const, process: this.process, member: this.memberId, invokeTime: recorder.now() };
    try {
      await this.hb.call('leave', (i) => coordinator(i).leave(this.ctx.settings.groupId, base.member, this.epoch));
      recorder.record({ ...base, completeTime: recorder.now(), outcome: 'ok' });
    } catch (e) {
      recorder.record({ ...base, completeTime: recorder.now(), outcome: 'info', error: String(e) });
    }
    this.owned.clear();
  }

  kill(): OwedCommit | undefined {
    if (this.state !== 'running') return undefined;
    this.state = 'dead';
    this.sleeper.wakeAll();
    const offsets: Record<string, number> = {};
    for (const [p, o] of this.owned) if (o.position !== undefined) offsets[p] = o.position;
    return this.epoch > 0 && Object.keys(offsets).length > 0 ? { member: this.memberId, memberEpoch: this.epoch, offsets } : undefined;
  }

  async zombieCommit(owed: OwedCommit): Promise<void> {
    const channel = new Channel(this.host, `${this.process}/zombie`, this.process, this.ctx.rng.fork('zombie'));
    await sendCommit(this.ctx, channel, 'zombie', { process: this.process, topic: this.host.topic, ...owed, zombie: true });
  }

  private rejoin(): void {
    this.memberId = `${this.process.replace(/[^a-zA-Z0-9_-]/g, '_')}-j${++this.joins}`;
    this.epoch = 0;
    this.leaseDeadline = 0;
    this.owned.clear();
  }

  private async heartbeatLoop(): Promise<void> {
    while (this.state === 'running') await this.pause(await this.heartbeat());
  }

  /** One heartbeat and what follows from its answer; answers how long to wait before the next. */
  private async heartbeat(): Promise<number> {
    const { settings, recorder } = this.ctx;
    const topic = this.host.topic;
    const owned = [...this.owned.keys()].sort((a, b) => a - b);
    const sentAt = Date.now();
    const base = { type: 'heartbeat' as const, process: this.process, member: this.memberId, invokeTime: recorder.now() };
    let res;
    try {
      res = await this.hb.call('hb', (i) => coordinator(i).heartbeat(settings.groupId, {
        memberId: base.member, memberEpoch: this.epoch, clientId: this.process,
        ...(this.epoch === 0 ? { subscription: { topics: [topic] }, groupConfigs: groupConfigs(settings) } : {}),
        ownedPartitions: owned.length ? [{ topic, partitions: owned }] : [],
      }));
    } catch (e) {
      // Whatever the error, a retried attempt inside the call may have renewed or taken leases.
      recorder.record({ ...base, completeTime: recorder.now(), outcome: 'info', error: String(e) });
      if (this.state !== 'running') return 0;
      if (e instanceof SluiceError && FENCED_CODES.has(e.code)) {
        this.rejoin();
        return 0;
      }
      if (!this.leaseValid()) this.owned.clear();
      return Math.min(settings.heartbeatIntervalMs, 200);
    }
    const assignment = res.assignment.find((t) => t.topic === topic)?.partitions ?? [];
    recorder.record({
      ...base, completeTime: recorder.now(), outcome: 'ok', memberEpoch: res.memberEpoch, assignment,
      leaseExpiresInMs: res.leaseExpiresInMs, sessionTimeoutMs: res.sessionTimeoutMs,
    });
    if (this.state !== 'running' || base.member !== this.memberId) return 0;
    this.epoch = res.memberEpoch;
    this.leaseDeadline = sentAt + res.leaseExpiresInMs;
    for (const p of assignment) {
      if (this.owned.has(p)) continue;
      const ownership = (this.ownerships.get(p) ?? 0) + 1;
      this.ownerships.set(p, ownership);
      this.owned.set(p, { ownership, memberEpoch: res.memberEpoch, committed: -1 });
    }
    const revoked = [...this.owned.keys()].filter((p) => !assignment.includes(p));
    if (revoked.length > 0) {
      // Commit what was processed, then stop: the next heartbeat no longer lists them.
      await this.commit('hb-commit', this.hb, revoked);
      for (const p of revoked) this.owned.delete(p);
      return 0;
    }
    return res.pending.length > 0 ? Math.max(50, Math.floor(res.heartbeatIntervalMs / 4)) : res.heartbeatIntervalMs;
  }

  private async pollLoop(): Promise<void> {
    const { settings, recorder } = this.ctx;
    for (let n = 0, turn = 0; this.state === 'running'; n++) {
      const rng = this.ctx.rng.fork(`step${n}`);
      const ready = [...this.owned.entries()].sort(([a], [b]) => a - b);
      if (ready.length === 0 || !this.leaseValid()) {
        await this.pause(20 + rng.int(40));
        continue;
      }
      const [partition, own] = ready[turn++ % ready.length]!;
      if (own.position === undefined) {
        await this.startPosition(partition, own);
        continue;
      }
      const from = own.position;
      const invokeTime = recorder.now();
      // Who polls is who the member was when it asked: a slow answer may come after it was fenced and joined again.
      const member = this.memberId;
      try {
        const { records, nextOffset, reset } = await this.reader.poll(partition, from, settings.pollBytes);
        const group = { member, memberEpoch: own.memberEpoch, ownership: own.ownership };
        recorder.record({
          type: 'poll', process: this.process, invokeTime, completeTime: recorder.now(), outcome: 'ok', partition, from, records, group, ...(reset !== undefined ? { reset } : {}),
        });
        if (this.owned.get(partition) === own && own.position === from) own.position = Math.max(nextOffset, from);
        if (records.length === 0) await this.pause(10 + rng.int(20));
      } catch (e) {
        recorder.record({ type: 'poll', process: this.process, invokeTime, completeTime: recorder.now(), outcome: 'fail', partition, from, records: [], error: String(e) });
        await this.pause(50 + rng.int(50));
      }
      if (this.state === 'running' && rng.chance(0.3)) await this.commit('commit', this.io, [...this.owned.keys()]);
    }
  }

  /** A new partition starts at the group's committed offset, or at the log start (0) without one. */
  private async startPosition(partition: number, own: Owned): Promise<void> {
    try {
      const { offsets } = await this.io.call('offsets', (i) => coordinator(i).fetchOffsets(this.ctx.settings.groupId, this.host.topic));
      if (this.owned.get(partition) !== own) return;
      own.committed = offsets.find((o) => o.partition === partition)?.offset ?? -1;
      own.position = Math.max(own.committed, 0);
    } catch {
      await this.pause(50);
    }
  }

  /** Commits processed offsets of `partitions`, one commit at a time (two in flight could land out of order). */
  private commit(label: string, channel: Channel, partitions: number[]): Promise<void> {
    const run = this.commits.then(async () => {
      const offsets: Record<string, number> = {};
      const states = new Map<number, Owned>();
      for (const p of partitions) {
        const o = this.owned.get(p);
        if (o?.position === undefined || o.position === o.committed) continue;
        offsets[p] = o.position;
        states.set(p, o);
      }
      if (states.size === 0 || this.epoch === 0) return;
      const spec = { process: this.process, topic: this.host.topic, member: this.memberId, memberEpoch: this.epoch, offsets, zombie: false };
      const { accepted, rejected } = await sendCommit(this.ctx, channel, label, spec);
      for (const p of accepted) states.get(p)!.committed = offsets[p]!;
      // Fenced: the lease is gone; stop processing at once, without committing.
      for (const p of rejected) if (this.owned.get(p) === states.get(p)) this.owned.delete(p);
    });
    this.commits = run.catch(() => undefined);
    return run;
  }

  private leaseValid(): boolean {
    return Date.now() < this.leaseDeadline;
  }

  private pause(ms: number): Promise<void> {
    return this.state === 'running' ? this.sleeper.pause(ms) : Promise.resolve();
  }
}

function groupConfigs(s: MemberContext['settings']): Record<string, number> {
  return { 'session.timeout.ms': s.sessionTimeoutMs, 'heartbeat.interval.ms': s.heartbeatIntervalMs, 'rebalance.timeout.ms': s.rebalanceTimeoutMs };
}
