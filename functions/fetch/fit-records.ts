import { SluiceError } from '../../shared/api/errors.ts';
import type { RecordJson } from '../../shared/api/records-json.ts';

/**
 * What a buffered Function URL result may weigh, as Lambda serializes it: its payload limit is
 * 6 MB, read here as 6,000,000 bytes, less room for the status code and headers. A streamed
 * response has no such limit (up to 200 MB).
 */
export const BUFFERED_RESULT_BYTES = 6_000_000 - 16 * 1024;

/** A partition of a JSON fetch answer with its records (an error or batches instead are left as they are). */
export interface PartitionRecords {
  nextOffset: number;
  records?: RecordJson[];
}

/**
 * A JSON fetch answer as a response body that fits in `limit` bytes once it is a Function URL
 * result (the body a JSON string inside Lambda's JSON result, so its quotes and backslashes count
 * twice). Records in JSON weigh much more than in their batches (4 MiB of 100 B records make
 * 8.8 MB), so a fetch that filled its budget may not fit a buffered response. Records go from the
 * end, the last partition's first; a partition that lost records gets `nextOffset` just past the
 * last one it kept (or the offset it was asked for, `from`), so the consumer reads the rest with
 * its next fetch, as Kafka answers with less than the budget. Throws RECORD_TOO_LARGE (413) when
 * not even the first record fits: that record can only be read in binary, or streamed.
 *
 * `partitions` (held by `value`) is changed in place when records go.
 */
export function fittedJson(value: unknown, partitions: readonly PartitionRecords[], from: readonly number[], limit: number): string {
  const json = JSON.stringify(value);
  // Escaping at most doubles a JSON text: most answers need no second look.
  const bytes = Buffer.byteLength(json);
  if (bytes * 2 <= limit) return json;
  let excess = Buffer.byteLength(JSON.stringify(json)) - limit;
  if (excess <= 0) return json;
  for (let p = partitions.length - 1; p >= 0 && excess > 0; p--) {
    const part = partitions[p]!;
    const records = part.records;
    if (!records || records.length === 0) continue;
    let keep = records.length;
    while (keep > 0 && excess > 0) {
      keep--;
      // The record, its comma, and the escaping its JSON gets inside the result.
      excess -= Buffer.byteLength(JSON.stringify(JSON.stringify(records[keep]))) - 2 + 1;
    }
    records.length = keep;
    part.nextOffset = keep > 0 ? records[keep - 1]!.offset + 1 : from[p]!;
  }
  if (partitions.every((part) => !part.records?.length)) {
    throw new SluiceError(
      'RECORD_TOO_LARGE',
      `the first record does not fit in a ${limit}-byte buffered response as JSON; fetch it in binary (Accept: application/vnd.kafka.recordbatch, or format "binary"), or through a streaming fetch URL`,
    );
  }
  return JSON.stringify(value);
}
