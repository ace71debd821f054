import { describe, expect, it } from 'vitest';
import { Crash, FaultInjector, type FaultPlan } from '../../../chaos/faults.ts';
import { createRng } from '../../../chaos/rng.ts';
import { SluiceError } from '../../../shared/api/errors.ts';
import type { GroupStore, LeaseOutcome } from '../../../shared/groups/ports.ts';
import type { Storage } from '../../../shared/log/ports.ts';

/** A group store that only records which calls reached it. */
function recordingGroups() {
  const calls: string[] = [];
  const lease: LeaseOutcome = { ok: true, lease: { groupId: 'g', topic: 't', partition: 0, expiresAt: 0 } };
  const groups = new Proxy({} as GroupStore, {
    get: (_, name: string) => async () => {
      calls.push(name);
      return name === 'load' ? { members: [] } : name.endsWith('Lease') || name.endsWith('Offset') ? lease : true;
    },
  });
  return { groups, calls };
}

function wrapped(plan: FaultPlan) {
  const { groups, calls } = recordingGroups();
  const seen: string[] = [];
  const injector = new FaultInjector({ plan, rng: createRng(1), onFault: (kind) => seen.push(kind) });
  const storage = injector.wrap({ groups } as unknown as Storage);
  return { store: storage.groups!, calls, seen, injector };
}

const write = { offset: 5, metadata: '', committedAt: 0, topicId: 'id' };

describe('group store faults', () => {
  it('refuse a write before it happens', async () => {
    const w = wrapped({ 'group-write-error': 1 });
    await expect(w.store.commitOffset('g', { topic: 't', partition: 0 }, 'm', 1, 0, write)).rejects.toThrow(SluiceError);
    expect(w.calls).toEqual([]);
    expect(w.seen).toEqual(['group-write-error']);
  });

  it('lose the answer of a write that happened', async () => {
    const w = wrapped({ 'group-timeout-after-write': 1 });
    await expect(w.store.putMember({} as never, undefined)).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(w.calls).toEqual(['putMember']);
  });

  it('kill the instance right after a write: nothing after it runs', async () => {
    const w = wrapped({ 'crash-group-write': 1 });
    await expect(w.store.acquireLease('g', { topic: 't', partition: 0 }, 'm', 1, 10, 0)).rejects.toThrow(Crash);
    expect(w.injector.dead).toBe(true);
    await expect(w.store.load('g')).rejects.toThrow(Crash);
    expect(w.calls).toEqual(['acquireLease']);
  });

  it('fail reads, and leave everything alone when disabled', async () => {
    const w = wrapped({ 'group-read-error': 1, 'group-write-error': 1 });
    await expect(w.store.load('g')).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await expect(w.store.leases('g')).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    w.injector.enabled = false;
    await expect(w.store.load('g')).resolves.toEqual({ members: [] });
    await expect(w.store.deleteMember({} as never)).resolves.toBe(true);
    expect(w.calls).toEqual(['load', 'deleteMember']);
  });
});
