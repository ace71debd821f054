/**
 * Faults at the group store's seam (shared/groups/ports.ts), for one function instance, drawn by
 * its {@link FaultInjector} like the log's storage faults:
 *
 * - `group-read-error`: loading the group, or the leases, fails;
 * - `group-write-error`: a conditional write (group, member or lease item) is refused before it
 *   happens (throttling, a 500): nothing written;
 * - `group-timeout-after-write`: the write happened, its answer is lost;
 * - `crash-group-write`: the instance dies right after the write (a heartbeat, commit or leave cut
 *   off between two of its writes).
 *
 * The coordinator is not told; it sees what it would see from DynamoDB.
 */
import { SluiceError } from '../shared/api/errors.ts';
import type { GroupStore } from '../shared/groups/ports.ts';
import { Crash, type FaultInjector } from './faults.ts';

type Gate = Pick<FaultInjector, 'roll'>;

export function wrapGroupStore(store: GroupStore, gate: Gate): GroupStore {
  const read = async <T>(name: string, call: () => Promise<T>): Promise<T> => {
    if (gate.roll(`group/read/${name}`, ['group-read-error'], `group ${name}`)) {
      throw new SluiceError('STORAGE_UNAVAILABLE', `injected read failure (group ${name})`);
    }
    return call();
  };
  const write = async <T>(name: string, call: () => Promise<T>): Promise<T> => {
    if (gate.roll(`group/write/${name}`, ['group-write-error'], `group ${name}`)) {
      throw new SluiceError('STORAGE_UNAVAILABLE', `DynamoDB: injected 500 before the write (group ${name})`);
    }
    const result = await call();
    const after = gate.roll(`group/written/${name}`, ['crash-group-write', 'group-timeout-after-write'], `group ${name}`);
    if (after === 'crash-group-write') throw new Crash(`after the group write ${name}`);
    if (after === 'group-timeout-after-write') throw new SluiceError('STORAGE_UNAVAILABLE', `DynamoDB: injected timeout after the write (group ${name})`);
    return result;
  };
  return {
    load: (groupId) => read('load', () => store.load(groupId)),
    listGroups: () => read('list', () => store.listGroups()),
    leases: (groupId, topic) => read('leases', () => store.leases(groupId, topic)),
    createGroup: (group) => write('create', () => store.createGroup(group)),
    replaceGroup: (group, version, expired) => write('replace', () => store.replaceGroup(group, version, expired)),
    deleteGroup: (groupId, version) => write('delete', () => store.deleteGroup(groupId, version)),
    putMember: (member, seen) => write('member', () => store.putMember(member, seen)),
    deleteMember: (seen) => write('member-delete', () => store.deleteMember(seen)),
    acquireLease: (groupId, key, ...rest) => write(`acquire/${key.partition}`, () => store.acquireLease(groupId, key, ...rest)),
    renewLease: (groupId, key, ...rest) => write(`renew/${key.partition}`, () => store.renewLease(groupId, key, ...rest)),
    releaseLease: (groupId, key, owner) => write(`release/${key.partition}`, () => store.releaseLease(groupId, key, owner)),
    commitOffset: (groupId, key, ...rest) => write(`commit/${key.partition}`, () => store.commitOffset(groupId, key, ...rest)),
    resetOffset: (groupId, key, ...rest) => write(`reset/${key.partition}`, () => store.resetOffset(groupId, key, ...rest)),
    deleteLease: (groupId, key, now) => write(`delete-lease/${key.partition}`, () => store.deleteLease(groupId, key, now)),
  };
}
