import type { MaintenanceState } from '../log/ports.ts';
import { N, S, readN, type Item } from './attributes.ts';

/**
 * Maintenance item in the metadata table: one per partition (and one for garbage collection),
 * holding the compactor's lease and how far the partition's log is merged into segments.
 *
 *   pk = "maint#{topicId}", sk = partition zero-padded to 5 digits ("gc" for the collector),
 *   owner, expiresAt (the lease), mergedTo, mergedBytes, cleanupFrom / cleanupTo (a swap's
 *   replaced entries still to delete), cleanedTo (compacted topics: the cleaner's checkpoint)
 *
 * Every write is conditional on the lease (owner), and the state on what was read (mergedTo).
 */
export function maintenancePk(topicId: string): string {
  return `maint#${topicId}`;
}

export function maintenanceSk(partition: number): string {
  return partition < 0 ? 'gc' : String(partition).padStart(5, '0');
}

export function maintenanceKey(topicId: string, partition: number): Item {
  return { pk: S(maintenancePk(topicId)), sk: S(maintenanceSk(partition)) };
}

export function decodeMaintenanceState(item: Item | undefined): MaintenanceState {
  if (!item) return { mergedTo: 0, mergedBytes: 0 };
  const state: MaintenanceState = {
    mergedTo: item.mergedTo ? readN(item, 'mergedTo') : 0,
    mergedBytes: item.mergedBytes ? readN(item, 'mergedBytes') : 0,
  };
  if (item.cleanupFrom && item.cleanupTo) state.cleanup = { from: readN(item, 'cleanupFrom'), to: readN(item, 'cleanupTo') };
  if (item.cleanedTo) state.cleanedTo = readN(item, 'cleanedTo');
  return state;
}

/** The SET / REMOVE expression and values that write a state. */
export function stateUpdate(state: MaintenanceState): { set: string[]; remove: string[]; values: Item } {
  const set = ['mergedTo = :mergedTo', 'mergedBytes = :mergedBytes'];
  const values: Item = { ':mergedTo': N(state.mergedTo), ':mergedBytes': N(state.mergedBytes) };
  const remove: string[] = [];
  if (state.cleanup) {
    set.push('cleanupFrom = :cleanupFrom', 'cleanupTo = :cleanupTo');
    values[':cleanupFrom'] = N(state.cleanup.from);
    values[':cleanupTo'] = N(state.cleanup.to);
  } else remove.push('cleanupFrom', 'cleanupTo');
  if (state.cleanedTo !== undefined) {
    set.push('cleanedTo = :cleanedTo');
    values[':cleanedTo'] = N(state.cleanedTo);
  }
  return { set, remove, values };
}
