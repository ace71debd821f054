/**
 * Faults on the wire between the SDK and the service: a `fetch` for the SDK's `fetch` option
 * that, for requests with side effects (produce; a group member's heartbeat, commit and leave),
 * may
 *
 * - `lost-response`: deliver the request, let it finish, and fail as a dropped connection;
 * - `duplicate-delivery`: deliver the request twice at once (a retrying proxy), answer with the
 *   first response;
 * - `lambda-throttle`: answer 429 as the Function URL front door does when Lambda's concurrency
 *   is exhausted, without delivering the request.
 *
 * Group requests meet lost responses and throttling, not duplicated deliveries: a heartbeat run
 * twice behind the client's back changes leases nobody hears about, which the history could not
 * account for.
 */
import type { FaultPlan } from './faults.ts';
import type { Rng } from './rng.ts';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface WireFaultOptions {
  plan: FaultPlan;
  rng: Rng;
  /** Told of each fault injected. */
  onFault: (kind: string, detail: string) => void;
  /** Tracks a delivery nobody waits for, so the run can wait for it before its final read. */
  track: (work: Promise<unknown>) => void;
  /** Off: a plain fetch (the final read, setup). */
  enabled: () => boolean;
  fetch?: FetchLike;
}

const isProduce = (url: string, init: RequestInit): boolean =>
  init.method === 'POST' && /\/v1\/topics\/[^/]+\/records$/.test(new URL(url).pathname);

const isGroupWrite = (url: string, init: RequestInit): boolean => {
  const path = new URL(url).pathname;
  return (init.method === 'POST' && /\/v1\/groups\/[^/]+\/(heartbeat|offsets)$/.test(path)) ||
    (init.method === 'DELETE' && /\/v1\/groups\/[^/]+\/members\/[^/]+$/.test(path));
};

export function faultyFetch(options: WireFaultOptions): FetchLike {
  const send = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  return async (input, init) => {
    const produce = isProduce(input, init);
    if (!options.enabled() || (!produce && !isGroupWrite(input, init))) return send(input, init);
    const { plan, rng } = options;
    const path = new URL(input).pathname;
    if (rng.chance(plan['lambda-throttle'] ?? 0)) {
      options.onFault('lambda-throttle', path);
      return new Response(JSON.stringify({ Reason: 'ConcurrentInvocationLimitExceeded', Type: 'User', message: 'Rate Exceeded.' }), {
        status: 429,
        headers: { 'content-type': 'application/json' },
      });
    }
    if (produce && rng.chance(plan['duplicate-delivery'] ?? 0)) {
      options.onFault('duplicate-delivery', path);
      // The second delivery must not share the caller's abort signal: it outlives the call.
      const { signal: _signal, ...rest } = init;
      options.track(send(input, rest).then((r) => r.arrayBuffer()));
    }
    if (rng.chance(plan['lost-response'] ?? 0)) {
      options.onFault('lost-response', path);
      const res = await send(input, init);
      await res.arrayBuffer();
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    }
    return send(input, init);
  };
}
