/**
 * The consumer's side of the group protocol (KIP-848): a loop of heartbeats, each carrying the
 * subscription (when it changed) and the partitions the consumer still owns, each answered with
 * the member epoch, what it may own now and when to heartbeat again. Heartbeats run on their own,
 * apart from record processing, so a slow eachMessage never makes the member miss its session.
 *
 * Safety rests on the lease: after each answer the consumer may process its partitions until
 * `sentAt + leaseExpiresInMs` (its own clock, measured from before the request left, so never
 * later than the service's expiry). Past that deadline without a new answer it stops.
 */
import { randomUUID } from 'node:crypto';
import { CONSUMER_EVENTS, type ConsumerEventName } from './consumer-types.ts';
import { SluiceApiError, isRetriable } from './errors.ts';
import type { TopicPartitions } from './group-types.ts';
import type { Groups } from './groups.ts';
import { sleep } from './retry.ts';

export interface MembershipHooks {
  subscription(): { topics: string[]; pattern?: string };
  /** Partitions owned, revocations still in progress included. */
  owned(): TopicPartitions[];
  /** Applies an answer's assignment: starts revocations, sets up new partitions. True while revocations are in progress. */
  reconcile(assignment: TopicPartitions[]): Promise<boolean>;
  /** The member was fenced: every partition is gone, without a commit. */
  lost(): Promise<void>;
  /** A heartbeat failed in a way retrying cannot fix (a bad subscription, say). */
  crash(error: unknown): void;
  emit(type: ConsumerEventName, payload: Record<string, unknown>): void;
}

const FENCED = new Set(['UNKNOWN_MEMBER', 'FENCED_MEMBER_EPOCH']);

export class Membership {
  memberId = randomUUID();
  epoch = 0;
  /** Local time until which the owned partitions may be processed. */
  leaseDeadline = 0;
  intervalMs = 3_000;
  private stopped = false;
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private wake: AbortController | undefined;

  constructor(
    private readonly groups: Groups,
    private readonly groupId: string,
    private readonly options: { clientId: string; groupConfigs: Record<string, string | number> },
    private readonly hooks: MembershipHooks,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts heartbeating; resolves once the first heartbeat was answered (the member joined). */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.running = this.loop(resolve, reject);
    });
  }

  /** Ends the loop (the heartbeat in flight is abandoned) and waits for it. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.wake?.abort();
    await this.running;
  }

  /** Heartbeat now rather than at the next interval (a revocation finished, the subscription changed). */
  nudge(): void {
    this.wake?.abort();
  }

  leaseValid(): boolean {
    return this.now() < this.leaseDeadline;
  }

  /** Leaves the group, releasing every lease at once. A member the group already dropped is fine. */
  async leave(): Promise<void> {
    if (this.epoch === 0) return;
    try {
      await this.groups.leave(this.groupId, this.memberId, this.epoch);
    } catch (e) {
      if (!(e instanceof SluiceApiError && FENCED.has(e.code))) throw e;
    }
  }

  private async loop(joined: () => void, failed: (e: unknown) => void): Promise<void> {
    let sentSubscription: string | undefined;
    let hasJoined = false;
    const joinedAt = this.now();
    while (!this.stopped) {
      const subscription = this.hooks.subscription();
      const subKey = JSON.stringify(subscription);
      const sentAt = this.now();
      let res;
      try {
        res = await this.groups.heartbeat(this.groupId, {
          memberId: this.memberId,
          memberEpoch: this.epoch,
          clientId: this.options.clientId,
          ...(this.epoch === 0 || subKey !== sentSubscription ? { subscription } : {}),
          ...(this.epoch === 0 && Object.keys(this.options.groupConfigs).length ? { groupConfigs: this.options.groupConfigs } : {}),
          ownedPartitions: this.hooks.owned(),
        }, this.abort.signal);
      } catch (e) {
        if (this.stopped) break;
        if (e instanceof SluiceApiError && FENCED.has(e.code)) {
          // Fenced: give everything up without committing, and join again as a new incarnation.
          await this.hooks.lost();
          this.memberId = randomUUID();
          this.epoch = 0;
          this.leaseDeadline = 0;
          sentSubscription = undefined;
          continue;
        }
        if (isRetriable(e)) {
          // Unreachable past the lease: another member may take the partitions any time now.
          // Give them up (the member stays; a later answer hands back whatever it still holds).
          if (!this.leaseValid() && this.hooks.owned().length) await this.hooks.lost();
          await this.pause(Math.min(this.intervalMs, 1_000));
          continue;
        }
        this.hooks.crash(e);
        if (!hasJoined) failed(e);
        break;
      }
      sentSubscription = subKey;
      this.epoch = res.memberEpoch;
      this.intervalMs = res.heartbeatIntervalMs;
      this.leaseDeadline = sentAt + res.leaseExpiresInMs;
      this.hooks.emit(CONSUMER_EVENTS.HEARTBEAT, { groupId: this.groupId, memberId: this.memberId, memberEpoch: this.epoch });
      const revoking = await this.hooks.reconcile(res.assignment);
      if (!hasJoined) {
        hasJoined = true;
        this.hooks.emit(CONSUMER_EVENTS.GROUP_JOIN, {
          groupId: this.groupId, memberId: this.memberId, memberEpoch: this.epoch, duration: this.now() - joinedAt,
          memberAssignment: Object.fromEntries(res.assignment.map((t) => [t.topic, t.partitions])),
        });
        joined();
      }
      // Waiting on others to release partitions: look again sooner than the interval.
      const waitMs = res.pending.length || revoking ? Math.max(50, Math.floor(this.intervalMs / 4)) : this.intervalMs;
      await this.pause(waitMs);
    }
    if (!hasJoined) failed(new SluiceApiError({ code: 'ABORTED', message: 'the consumer stopped before joining its group', status: 0, retriable: false, noSideEffects: true }));
  }

  private async pause(ms: number): Promise<void> {
    this.wake = new AbortController();
    await sleep(ms, AbortSignal.any([this.wake.signal, this.abort.signal])).catch(() => undefined);
  }
}
