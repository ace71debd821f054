/**
 * Request accounting for the AWS clients: an SDK v3 middleware that counts, per service and
 * operation, the HTTP calls actually sent (retries included, as AWS bills them), the request and
 * response body bytes, the wall time, and for DynamoDB the capacity units consumed.
 *
 * Capacity: an `initialize` middleware asks DynamoDB for `ReturnConsumedCapacity: 'TOTAL'` on
 * every command that takes it, without touching the engine's code (the input is copied, never
 * mutated). When a response carries no ConsumedCapacity (a failed conditional write, or an
 * emulator that leaves it out) the units are estimated from item sizes by DynamoDB's rules:
 * a write is 1 WRU per 1 KB of item (2x when transactional); a read is 1 RRU per 4 KB,
 * strongly consistent, 0.5 eventually consistent (2x transactional); a Query or Scan adds up the
 * sizes of the items it read and rounds the total up, with a minimum of one unit. Reported units
 * are raised to that minimum too: AWS bills a read that finds nothing, DynamoDB Local reports 0.
 * Response bytes come from Content-Length, or are counted as a chunked body streams by.
 *
 * Used by the benchmarks (bench/) to count AWS requests per workload; nothing in the request
 * path depends on it. Attach with `attachMeter(clients)`, detach with `meter.detach()`.
 */
import { Readable, Transform } from 'node:stream';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { AwsClients } from './clients.ts';

export type MeteredService = 'S3' | 'DynamoDB';

export interface OperationCounts {
  service: MeteredService;
  /** The SDK operation name, e.g. `PutObject`, `Query`. */
  operation: string;
  /** HTTP requests sent, retries included. */
  calls: number;
  /** Calls that ended in an error response (a failed conditional write counts here). */
  errors: number;
  /** Request body bytes. */
  requestBytes: number;
  /** Response body bytes (from Content-Length). */
  responseBytes: number;
  /** Sum of the calls' wall times, ms. */
  totalMs: number;
  /** DynamoDB write request units (on-demand billing units). */
  wru: number;
  /** DynamoDB read request units. */
  rru: number;
  /** Calls whose units came from ConsumedCapacity in the response; the rest were estimated. */
  capacityReported: number;
}

export interface ServiceTotals {
  calls: number;
  errors: number;
  requestBytes: number;
  responseBytes: number;
  wru: number;
  rru: number;
}

export interface MeterSnapshot {
  operations: OperationCounts[];
  s3: ServiceTotals;
  dynamodb: ServiceTotals;
}

export interface Meter {
  /** Counts since the last reset, sorted by service then operation. */
  snapshot(): MeterSnapshot;
  reset(): void;
  /** Removes the middlewares from the clients. */
  detach(): void;
}

export interface MeterOptions {
  /** Ask DynamoDB for ConsumedCapacity (default true). Off, units are always estimated. */
  returnConsumedCapacity?: boolean;
}

const MIDDLEWARE_NAME = 'sluiceMetering';
const CAPACITY_MIDDLEWARE_NAME = 'sluiceMeteringCapacity';
const BODY_MIDDLEWARE_NAME = 'sluiceMeteringBody';

/** DynamoDB commands that accept ReturnConsumedCapacity. */
const CAPACITY_COMMANDS = new Set([
  'PutItem', 'UpdateItem', 'DeleteItem', 'GetItem', 'Query', 'Scan',
  'BatchGetItem', 'BatchWriteItem', 'TransactWriteItems', 'TransactGetItems',
]);

/** The minimal shape of an SDK client's middleware stack that the meter uses. */
interface StackLike {
  add(middleware: unknown, options: Record<string, unknown>): void;
  remove(name: string): boolean;
}
interface ClientLike {
  middlewareStack: StackLike;
}

type Args = { input: Record<string, unknown>; request?: unknown };
type Next = (args: Args) => Promise<{ output?: unknown; response?: unknown }>;
type Context = { commandName?: string };

export function attachMeter(clients: AwsClients, options: MeterOptions = {}): Meter {
  const counts = new Map<string, OperationCounts>();
  const detachers = [
    meterClient(clients.s3 as unknown as ClientLike, 'S3', counts, false),
    meterClient(clients.ddb as unknown as ClientLike, 'DynamoDB', counts, options.returnConsumedCapacity ?? true),
  ];
  return {
    snapshot: () => snapshotOf(counts),
    reset: () => counts.clear(),
    detach: () => detachers.forEach((d) => d()),
  };
}

function meterClient(client: ClientLike, service: MeteredService, counts: Map<string, OperationCounts>, askCapacity: boolean): () => void {
  const stack = client.middlewareStack;
  // Attaching twice would count twice: replace any earlier meter on this client.
  stack.remove(MIDDLEWARE_NAME);
  stack.remove(CAPACITY_MIDDLEWARE_NAME);
  stack.remove(BODY_MIDDLEWARE_NAME);
  if (askCapacity) {
    stack.add(
      (next: Next, context: Context) => async (args: Args) => {
        const op = operationName(context);
        if (CAPACITY_COMMANDS.has(op) && args.input.ReturnConsumedCapacity === undefined) {
          return next({ ...args, input: { ...args.input, ReturnConsumedCapacity: 'TOTAL' } });
        }
        return next(args);
      },
      { step: 'initialize', name: CAPACITY_MIDDLEWARE_NAME, priority: 'high' },
    );
  }
  // In the deserialize step, outside the deserializer and inside the retry middleware
  // (finalizeRequest): one pass per HTTP attempt, seeing the raw request and response and the
  // parsed output or error.
  stack.add(
    (next: Next, context: Context) => async (args: Args) => {
      const op = operationName(context);
      const c = countsFor(counts, service, op);
      c.calls++;
      c.requestBytes += bodyLength((args.request as { body?: unknown; headers?: Record<string, string> } | undefined));
      const started = performance.now();
      try {
        const result = await next(args);
        c.totalMs += performance.now() - started;
        if (service === 'DynamoDB') addCapacity(c, op, args.input, result.output as Record<string, unknown> | undefined, false);
        return result;
      } catch (e) {
        c.totalMs += performance.now() - started;
        c.errors++;
        if (service === 'DynamoDB') addCapacity(c, op, args.input, e as Record<string, unknown>, true);
        throw e;
      }
    },
    { step: 'deserialize', name: MIDDLEWARE_NAME, priority: 'high' },
  );
  // Inside the deserializer: the raw response, before its body is read. Bytes come from
  // Content-Length, or are counted as the body streams by (chunked responses).
  stack.add(
    (next: Next, context: Context) => async (args: Args) => {
      const result = await next(args);
      const c = countsFor(counts, service, operationName(context));
      const response = result.response as { headers?: Record<string, string>; body?: unknown } | undefined;
      const declared = Number(headerValue(response?.headers, 'content-length'));
      if (Number.isFinite(declared)) c.responseBytes += declared;
      else if (response && response.body instanceof Readable) {
        response.body = response.body.pipe(
          new Transform({
            transform(chunk: Buffer, _enc, done) {
              c.responseBytes += chunk.length;
              done(null, chunk);
            },
          }),
        );
      }
      return result;
    },
    { step: 'deserialize', name: BODY_MIDDLEWARE_NAME, priority: 'low' },
  );
  return () => {
    stack.remove(MIDDLEWARE_NAME);
    stack.remove(CAPACITY_MIDDLEWARE_NAME);
    stack.remove(BODY_MIDDLEWARE_NAME);
  };
}

function operationName(context: Context): string {
  return (context.commandName ?? 'Unknown').replace(/Command$/, '');
}

function countsFor(counts: Map<string, OperationCounts>, service: MeteredService, operation: string): OperationCounts {
  const key = `${service}.${operation}`;
  let c = counts.get(key);
  if (!c) {
    c = { service, operation, calls: 0, errors: 0, requestBytes: 0, responseBytes: 0, totalMs: 0, wru: 0, rru: 0, capacityReported: 0 };
    counts.set(key, c);
  }
  return c;
}

function snapshotOf(counts: Map<string, OperationCounts>): MeterSnapshot {
  const operations = [...counts.values()]
    .map((c) => ({ ...c }))
    .sort((a, b) => a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation));
  const total = (service: MeteredService): ServiceTotals => {
    const t: ServiceTotals = { calls: 0, errors: 0, requestBytes: 0, responseBytes: 0, wru: 0, rru: 0 };
    for (const c of operations) {
      if (c.service !== service) continue;
      t.calls += c.calls;
      t.errors += c.errors;
      t.requestBytes += c.requestBytes;
      t.responseBytes += c.responseBytes;
      t.wru += c.wru;
      t.rru += c.rru;
    }
    return t;
  };
  return { operations, s3: total('S3'), dynamodb: total('DynamoDB') };
}

function bodyLength(request: { body?: unknown; headers?: Record<string, string> } | undefined): number {
  if (!request) return 0;
  const body = request.body;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  const declared = Number(headerValue(request.headers, 'content-length'));
  return Number.isFinite(declared) ? declared : 0;
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

// ---- capacity -------------------------------------------------------------------------------

interface ConsumedCapacityLike {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const WRITE_OPS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

function addCapacity(c: OperationCounts, op: string, input: Record<string, unknown>, output: Record<string, unknown> | undefined, failed: boolean): void {
  const reported = output?.ConsumedCapacity as ConsumedCapacityLike | ConsumedCapacityLike[] | undefined;
  if (reported !== undefined && !failed) {
    const list = Array.isArray(reported) ? reported : [reported];
    let units = 0;
    let reads = 0;
    let writes = 0;
    for (const r of list) {
      units += r.CapacityUnits ?? 0;
      reads += r.ReadCapacityUnits ?? 0;
      writes += r.WriteCapacityUnits ?? 0;
    }
    if (reads === 0 && writes === 0) {
      if (WRITE_OPS.has(op)) writes = units;
      else reads = units;
    }
    // AWS bills at least one unit (half for an eventually consistent read) even when a read
    // finds nothing; DynamoDB Local reports 0 there.
    const minWrite = ['PutItem', 'UpdateItem', 'DeleteItem'].includes(op) ? 1 : 0;
    const minRead = ['GetItem', 'Query', 'Scan'].includes(op) ? (input.ConsistentRead === true ? 1 : 0.5) : 0;
    c.wru += Math.max(writes, minWrite);
    c.rru += Math.max(reads, minRead);
    c.capacityReported++;
    return;
  }
  const est = estimateCapacity(op, input, failed ? undefined : output);
  c.wru += est.wru;
  c.rru += est.rru;
}

/**
 * DynamoDB's on-demand units for one call, from the items it wrote or read. For a write whose
 * old item is unknown (Update, Delete) the new item or key is the size taken; for a read, the
 * items returned (a Query's filtered-out items are not seen, so it may undercount).
 */
export function estimateCapacity(op: string, input: Record<string, unknown>, output?: Record<string, unknown>): { wru: number; rru: number } {
  const consistent = input.ConsistentRead === true;
  const readUnits = (bytes: number, factor = consistent ? 1 : 0.5): number => Math.max(1, Math.ceil(bytes / 4096)) * factor;
  const writeUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));
  switch (op) {
    case 'PutItem':
      return { wru: writeUnits(itemSize(input.Item as Item)), rru: 0 };
    case 'UpdateItem':
    case 'DeleteItem': {
      const old = output?.Attributes as Item | undefined;
      return { wru: writeUnits(Math.max(itemSize(input.Key as Item), old ? itemSize(old) : 0)), rru: 0 };
    }
    case 'GetItem':
      return { wru: 0, rru: readUnits(output?.Item ? itemSize(output.Item as Item) : 0) };
    case 'Query':
    case 'Scan': {
      const items = (output?.Items as Item[] | undefined) ?? [];
      return { wru: 0, rru: readUnits(items.reduce((n, i) => n + itemSize(i), 0)) };
    }
    case 'BatchWriteItem': {
      let wru = 0;
      for (const reqs of Object.values((input.RequestItems as Record<string, Array<{ PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }>>) ?? {})) {
        for (const r of reqs) wru += writeUnits(itemSize(r.PutRequest?.Item ?? r.DeleteRequest?.Key ?? {}));
      }
      return { wru, rru: 0 };
    }
    case 'BatchGetItem': {
      let rru = 0;
      for (const items of Object.values((output?.Responses as Record<string, Item[]>) ?? {})) {
        for (const i of items) rru += readUnits(itemSize(i));
      }
      return { wru: 0, rru };
    }
    case 'TransactWriteItems': {
      let wru = 0;
      for (const t of (input.TransactItems as Array<Record<string, { Item?: Item; Key?: Item }>>) ?? []) {
        const action = Object.values(t)[0];
        wru += 2 * writeUnits(itemSize(action?.Item ?? action?.Key ?? {}));
      }
      return { wru, rru: 0 };
    }
    case 'TransactGetItems': {
      const responses = (output?.Responses as Array<{ Item?: Item }>) ?? [];
      return { wru: 0, rru: responses.reduce((n, r) => n + readUnits(r.Item ? itemSize(r.Item) : 0, 2), 0) };
    }
    default:
      return { wru: 0, rru: 0 };
  }
}

type Item = Record<string, AttributeValue>;

/** An item's size as DynamoDB counts it: attribute names plus values. */
export function itemSize(item: Item | undefined): number {
  if (!item) return 0;
  let n = 0;
  for (const [name, value] of Object.entries(item)) n += Buffer.byteLength(name) + valueSize(value);
  return n;
}

function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return numberSize(v.N);
  if (v.B !== undefined) return v.B.byteLength;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS !== undefined) return v.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
  if (v.NS !== undefined) return v.NS.reduce((n, s) => n + numberSize(s), 0);
  if (v.BS !== undefined) return v.BS.reduce((n, b) => n + b.byteLength, 0);
  if (v.L !== undefined) return 3 + v.L.reduce((n, e) => n + 1 + valueSize(e), 0);
  if (v.M !== undefined) return 3 + Object.entries(v.M).reduce((n, [k, e]) => n + 1 + Buffer.byteLength(k) + valueSize(e), 0);
  return 0;
}

/** A number is about one byte per two significant digits, plus one. */
function numberSize(n: string): number {
  const digits = n.replace(/^[-+]/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}
