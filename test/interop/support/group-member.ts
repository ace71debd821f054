/**
 * A consumer-group member as the group scenario sees it, whichever client runs it: its current
 * assignment, the records it read, and a clean leave.
 */
import { KCAT } from './clients.ts';
import { LiveProcess } from './process.ts';
import { LiveScript } from './python-client.ts';

export interface ConsumedRecord {
  partition: number;
  offset: number;
  value: string;
}

export interface GroupMember {
  readonly name: string;
  /** Partitions held now: the last assignment, or none after a revocation. */
  assignment(): number[];
  /** Every record read, in order. */
  records(): ConsumedRecord[];
  /** Leaves the group the way the client does on a clean shutdown (commits first). */
  leave(): Promise<void>;
  kill(): void;
  describe(): string;
}

/** A member run by a test/interop/clients/*_group_member.py script. */
export class ScriptMember implements GroupMember {
  private readonly script: LiveScript;

  constructor(
    readonly name: string,
    scriptName: string,
    job: object,
  ) {
    this.script = new LiveScript(scriptName, job);
  }

  assignment(): number[] {
    let held: number[] = [];
    for (const e of this.script.events()) {
      if (e.event === 'assigned') held = e.partitions as number[];
      else if (e.event === 'revoked') held = held.filter((p) => !(e.partitions as number[]).includes(p));
    }
    return held;
  }

  records(): ConsumedRecord[] {
    return this.script
      .events()
      .filter((e) => e.event === 'record')
      .map((e) => ({ partition: e.partition as number, offset: e.offset as number, value: e.value as string }));
  }

  async leave(): Promise<void> {
    const r = await this.script.stop({ line: 'stop' }, 30_000);
    if (r.code !== 0 || !this.script.events().some((e) => e.event === 'closed')) {
      throw new Error(`${this.name} did not leave cleanly\n${this.script.describe()}`);
    }
  }

  kill(): void {
    this.script.kill();
  }

  describe(): string {
    return `${this.name}:\n${this.script.describe()}`;
  }
}

/**
 * A `kcat -G` balanced consumer. kcat reports rebalances on stderr
 * (`% Group g rebalanced (memberid …): assigned: t [0], t [1]` or `revoked: …`) and records on
 * stdout as JSON lines (-J), unbuffered (-u) since stdout is a pipe. It commits through librdkafka's auto-commit, and on SIGTERM closes
 * the consumer, which commits the offsets it stored and leaves the group.
 */
export class KcatMember implements GroupMember {
  private readonly proc: LiveProcess;

  constructor(
    readonly name: string,
    bootstrap: string,
    group: string,
    topic: string,
  ) {
    this.proc = new LiveProcess(KCAT, [
      '-b', bootstrap, '-G', group, '-J', '-u',
      '-X', 'auto.offset.reset=earliest',
      '-X', 'session.timeout.ms=10000',
      '-X', 'heartbeat.interval.ms=500',
      '-X', 'auto.commit.interval.ms=200',
      topic,
    ]);
  }

  assignment(): number[] {
    let held: number[] = [];
    for (const line of this.proc.stderrLines) {
      const m = /rebalanced \(memberid [^)]*\): (assigned|revoked): ?(.*)$/.exec(line);
      if (!m) continue;
      const parts = [...(m[2] ?? '').matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]));
      held = m[1] === 'assigned' ? parts.sort((a, b) => a - b) : held.filter((p) => !parts.includes(p));
    }
    return held;
  }

  records(): ConsumedRecord[] {
    return this.proc.stdoutLines
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { partition: number; offset: number; payload: string })
      .map((m) => ({ partition: m.partition, offset: m.offset, value: m.payload }));
  }

  async leave(): Promise<void> {
    const r = await this.proc.stop({ signal: 'SIGTERM' }, 30_000);
    if (r.signal === 'SIGKILL') throw new Error(`${this.name} did not stop on SIGTERM\n${this.proc.describe()}`);
  }

  kill(): void {
    this.proc.kill();
  }

  describe(): string {
    return `${this.name}:\n${this.proc.describe()}`;
  }
}
