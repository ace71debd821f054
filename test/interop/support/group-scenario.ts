/**
 * The consumer-group case every client runs: two members share a topic's partitions, one leaves
 * and the other takes over from the committed offsets, then a third member started after both
 * left resumes exactly where they stopped. Records are written through the SDK, so only the
 * group side of the client is under test here.
 */
import { expect } from 'vitest';
import type { ConsumedRecord, GroupMember } from './group-member.ts';
import { newTopic, sdk, uniqueName } from './stack.ts';

const PARTITIONS = 4;
const PER_PARTITION = 3;
/** Group joins and rebalances of the classic protocol take a few heartbeats each. */
const JOIN_MS = 60_000;

export type MemberFactory = (name: string, group: string, topic: string) => GroupMember;

async function produceBatch(topic: string, batch: string): Promise<string[]> {
  const values: string[] = [];
  const messages = [];
  for (let partition = 0; partition < PARTITIONS; partition++) {
    for (let n = 0; n < PER_PARTITION; n++) {
      const value = `${batch}-p${partition}-${n}`;
      values.push(value);
      messages.push({ partition, value });
    }
  }
  const producer = sdk().producer({ lingerMs: 0 });
  await producer.send({ topic, messages });
  await producer.disconnect();
  return values;
}

async function waitUntil<T>(what: string, members: GroupMember[], probe: () => T | undefined, timeoutMs = JOIN_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n\n${members.map((m) => m.describe()).join('\n\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const all = Array.from({ length: PARTITIONS }, (_, p) => p);

function values(records: ConsumedRecord[]): string[] {
  return records.map((r) => r.value);
}

/** Runs the scenario; `spawn` starts one member of the client under test. */
export async function runGroupScenario(spawn: MemberFactory): Promise<void> {
  const topic = await newTopic('group', PARTITIONS);
  const group = uniqueName('interop-group');
  const started: GroupMember[] = [];
  const member = (name: string): GroupMember => {
    const m = spawn(name, group, topic);
    started.push(m);
    return m;
  };
  try {
    const a = member('member A');
    await waitUntil('A to hold every partition alone', started, () => (a.assignment().length === PARTITIONS ? true : undefined));
    const b = member('member B');
    const split = await waitUntil('A and B to split the partitions', started, () => {
      const [pa, pb] = [a.assignment(), b.assignment()];
      const union = [...pa, ...pb].sort((x, y) => x - y);
      return pa.length > 0 && pb.length > 0 && JSON.stringify(union) === JSON.stringify(all) ? { pa, pb } : undefined;
    });

    const first = await produceBatch(topic, 'first');
    await waitUntil('A and B to read the first batch', started, () =>
      values([...a.records(), ...b.records()]).filter((v) => first.includes(v)).length >= first.length ? true : undefined,
    );
    // Each read only its own partitions, and every record once.
    expect(a.records().every((r) => split.pa.includes(r.partition))).toBe(true);
    expect(b.records().every((r) => split.pb.includes(r.partition))).toBe(true);
    expect(values([...a.records(), ...b.records()]).sort()).toEqual([...first].sort());

    await b.leave();
    await waitUntil('A to take over every partition after B left', started, () => (a.assignment().length === PARTITIONS ? true : undefined));
    const second = await produceBatch(topic, 'second');
    await waitUntil('A to read the second batch', started, () =>
      values(a.records()).filter((v) => second.includes(v)).length >= second.length ? true : undefined,
    );
    // A resumed B's partitions at B's committed offsets: nothing of the first batch read twice.
    expect(values([...a.records(), ...b.records()]).sort()).toEqual([...first, ...second].sort());
    await a.leave();

    const third = await produceBatch(topic, 'third');
    const c = member('member C');
    await waitUntil('C to read the third batch', started, () =>
      values(c.records()).filter((v) => third.includes(v)).length >= third.length ? true : undefined,
    );
    expect(c.assignment()).toEqual(all);
    // C started at the committed offsets: the first record it read per partition is the first of
    // the third batch (offset 2 × PER_PARTITION), and it read nothing from before.
    for (const p of all) {
      expect(c.records().find((r) => r.partition === p)?.offset, `C's first offset on partition ${p}`).toBe(2 * PER_PARTITION);
    }
    expect(values(c.records()).sort()).toEqual([...third].sort());
    await c.leave();
  } finally {
    for (const m of started) m.kill();
  }
}
