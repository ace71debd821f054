/**
 * One fetch for many partitions: `POST /v1/fetch` with binary batches (base64 in the JSON
 * answer), decoded here. Records before the requested offset are dropped: a batch is stored
 * whole and may begin before it.
 */
import { decodeBatches } from '../shared/codec/index.ts';
import type { KafkaMessage } from './consumer-types.ts';
import { OffsetOutOfRangeError, SluiceApiError } from './errors.ts';
import type { Transport } from './transport.ts';

export interface FetchTarget {
  topic: string;
  partition: number;
  offset: number;
}

export interface FetchedPartition extends FetchTarget {
  messages: KafkaMessage[];
  highWatermark: number;
  logStartOffset: number;
  nextOffset: number;
  error?: SluiceApiError;
}

interface WirePartition {
  topic: string;
  partition: number;
  highWatermark: number;
  logStartOffset: number;
  nextOffset: number;
  batches?: string;
  error?: { code: string; message: string; retriable: boolean; logStartOffset?: number; highWatermark?: number };
}

export async function fetchPartitions(
  transport: Transport,
  targets: readonly FetchTarget[],
  opts: { maxBytes: number; maxBytesPerPartition: number; maxWaitMs: number; signal?: AbortSignal },
): Promise<FetchedPartition[]> {
  const body = await transport.json<{ partitions: WirePartition[] }>({
    fn: 'fetch', method: 'POST', path: '/v1/fetch', signal: opts.signal, extraTimeoutMs: opts.maxWaitMs,
    json: {
      partitions: targets.map((t) => ({ ...t, maxBytes: opts.maxBytesPerPartition })),
      maxBytes: opts.maxBytes, maxWaitMs: opts.maxWaitMs, format: 'binary',
    },
  });
  return body.partitions.map((p, i) => {
    const target = targets[i]!;
    const base = { ...target, highWatermark: p.highWatermark, logStartOffset: p.logStartOffset, nextOffset: p.nextOffset };
    if (p.error) return { ...base, messages: [], error: toError(p.error) };
    const messages: KafkaMessage[] = [];
    for (const batch of p.batches ? decodeBatches(Buffer.from(p.batches, 'base64')) : []) {
      for (const r of batch.records) {
        const offset = Number(r.offset);
        if (offset < target.offset) continue;
        messages.push({ offset, timestamp: Number(r.timestamp), key: r.key, value: r.value, headers: r.headers });
      }
    }
    return { ...base, messages };
  });
}

function toError(e: NonNullable<WirePartition['error']>): SluiceApiError {
  const init = { code: e.code as SluiceApiError['code'], message: e.message, status: 0, retriable: e.retriable, noSideEffects: true };
  if (e.code === 'OFFSET_OUT_OF_RANGE') return new OffsetOutOfRangeError({ ...init, logStartOffset: Number(e.logStartOffset), highWatermark: Number(e.highWatermark) });
  return new SluiceApiError(init);
}
