/** Key of a segment object: per topic and partition, so that a listing shows a partition's segments. */
export function segmentKey(topicId: string, partition: number, baseOffset: number, id: string): string {
  return `segments/${topicId}/${partition}/${String(baseOffset).padStart(20, '0')}-${id}`;
}
