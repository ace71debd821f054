import { N, S, readN, type Item } from './attributes.ts';

/**
 * Partition state item in the metadata table. Only retention writes it (advancing the log start
 * offset, conditionally); an absent item means the log starts at 0.
 *
 *   pk = "part#{topicId}", sk = partition zero-padded to 5 digits, logStartOffset
 */
export interface PartitionState {
  topicId: string;
  partition: number;
  logStartOffset: number;
}

export function partitionStatePk(topicId: string): string {
  return `part#${topicId}`;
}

export function partitionStateSk(partition: number): string {
  return String(partition).padStart(5, '0');
}

export function partitionStateKey(topicId: string, partition: number): Item {
  return { pk: S(partitionStatePk(topicId)), sk: S(partitionStateSk(partition)) };
}

export function encodePartitionState(s: PartitionState): Item {
  return { ...partitionStateKey(s.topicId, s.partition), logStartOffset: N(s.logStartOffset) };
}

export function decodePartitionState(topicId: string, item: Item): PartitionState {
  return {
    topicId,
    partition: Number(item.sk?.S ?? 'NaN'),
    logStartOffset: readN(item, 'logStartOffset'),
  };
}
