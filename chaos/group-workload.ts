/**
 * The consumer-group workload of a run: a few members of one group consume the topic while the
 * producers write it. A supervisor steps every 150–300 ms; at each step it picks a member slot
 * and may kill its member (`kill-member`: it stops heartbeating, polling and committing where it
 * stands, and never leaves) or have it leave cleanly (commit, then leave). Either way a new member
 * takes the slot. A killed member may send the commit it owed later (`zombie-commit`), under its
 * old member id and epoch, as a process paused in the middle of its work would on waking: the
 * lease fence must refuse it unless the member still held the lease.
 *
 * The sequence of decisions is drawn from streams named after the step, so a seed always makes
 * the same choices; when they happen, relative to the producers, is up to the machine.
 */
import { sleep } from './backoff.ts';
import type { FaultPlan } from './faults.ts';
import type { Recorder } from './history.ts';
import type { Rng } from './rng.ts';
import type { GroupMember, GroupSettings, OwedCommit, Target } from './target.ts';

/** Chance that a step has its member leave cleanly (a workload choice, not a fault). */
export const LEAVE_CHANCE = 0.03;

export interface GroupWorkloadOptions {
  target: Target;
  recorder: Recorder;
  plan: FaultPlan;
  rng: Rng;
  settings: GroupSettings;
  /** Member slots. */
  members: number;
  /** Supervisor steps to make before the workload may end, however fast the producers finish. Default 0. */
  minSteps?: number;
}

export class GroupWorkload {
  private readonly slots: GroupMember[] = [];
  private readonly generations: number[] = [];
  private readonly background = new Set<Promise<unknown>>();
  private finishing = false;
  private supervising: Promise<void> = Promise.resolve();

  constructor(private readonly o: GroupWorkloadOptions) {}

  start(): void {
    for (let slot = 0; slot < this.o.members; slot++) this.slots.push(this.spawn(slot));
    this.supervising = this.supervise();
  }

  /**
   * Stops the supervisor (once it made its minimum steps), has every member leave, waits for the
   * owed commits still to come, and records the group's committed offsets.
   */
  async finish(): Promise<void> {
    this.finishing = true;
    await this.supervising;
    await Promise.all(this.slots.map((m) => m.leave()));
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
    await Promise.all(this.slots.map((m) => m.stopped()));
    const { recorder, target, settings } = this.o;
    const invokeTime = recorder.now();
    const offsets = await target.committedOffsets!(settings.groupId);
    recorder.record({ type: 'committed', process: 'final', invokeTime, completeTime: recorder.now(), outcome: 'ok', offsets });
  }

  private spawn(slot: number): GroupMember {
    const generation = (this.generations[slot] ?? 0) + 1;
    this.generations[slot] = generation;
    const process = generation === 1 ? `g${slot}` : `g${slot}#${generation}`;
    const member = this.o.target.groupMember!(process, { settings: this.o.settings, recorder: this.o.recorder, rng: this.o.rng.fork(process) });
    member.start();
    return member;
  }

  private async supervise(): Promise<void> {
    const { plan, recorder } = this.o;
    const done = (step: number) => this.finishing && step >= (this.o.minSteps ?? 0);
    for (let step = 0; !done(step); step++) {
      const rng = this.o.rng.fork(`step${step}`);
      await sleep(150 + rng.int(150));
      if (done(step)) break;
      // One stream per decision: successive draws of one stream are not independent enough here.
      const slot = rng.fork('slot').int(this.slots.length);
      const member = this.slots[slot]!;
      if (rng.fork('kill').chance(plan['kill-member'] ?? 0)) {
        const owed = member.kill();
        recorder.fault('kill-member', member.process, owed ? `owed ${JSON.stringify(owed.offsets)}` : 'owed nothing');
        this.track(member.stopped());
        if (owed && rng.fork('zombie').chance(plan['zombie-commit'] ?? 0)) this.zombie(member, owed, rng.fork('wake'));
      } else if (rng.fork('leave').chance(LEAVE_CHANCE)) {
        await member.leave();
      } else continue;
      await sleep(rng.int(300));
      this.slots[slot] = this.spawn(slot);
    }
  }

  /** The owed commit, sent after half to two and a half session timeouts. */
  private zombie(member: GroupMember, owed: OwedCommit, rng: Rng): void {
    const delay = Math.round(this.o.settings.sessionTimeoutMs * (0.5 + 2 * rng.next()));
    this.track(sleep(delay).then(async () => {
      this.o.recorder.fault('zombie-commit', member.process, `member ${owed.member} epoch ${owed.memberEpoch}: ${JSON.stringify(owed.offsets)}`);
      await member.zombieCommit(owed);
    }));
  }

  private track(work: Promise<unknown>): void {
    const settled = work.then(() => undefined, () => undefined);
    this.background.add(settled);
    void settled.then(() => this.background.delete(settled));
  }
}
