/**
 * Whether a call of the SDK reached the service at all, over all its attempts (the SDK retries
 * inside one call). A group member's fetch is wrapped with {@link noteDeliveries}; its protocol
 * calls run under {@link tracked}, and learn whether any request of theirs was delivered. A call
 * none of whose requests was delivered (refused connections, the Function URL's 429) definitely
 * did nothing; any other failed call may have done anything.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FetchLike } from './wire-faults.ts';

const current = new AsyncLocalStorage<{ delivered: boolean }>();

const REFUSED_BEFORE_SENDING = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export interface Tracked<T> {
  ok: boolean;
  value?: T;
  error?: unknown;
  /** Some request of the call reached the service. */
  delivered: boolean;
}

export async function tracked<T>(fn: () => Promise<T>): Promise<Tracked<T>> {
  const note = { delivered: false };
  try {
    return { ok: true, value: await current.run(note, fn), delivered: note.delivered };
  } catch (error) {
    return { ok: false, error, delivered: note.delivered };
  }
}

export function noteDeliveries(fetch: FetchLike): FetchLike {
  return async (input, init) => {
    const note = current.getStore();
    try {
      const res = await fetch(input, init);
      if (note && !note.delivered) note.delivered = !(res.status === 429 && !(await fromService(res)));
      return res;
    } catch (e) {
      const code = (e as { cause?: { code?: unknown } }).cause?.code;
      if (note && !(typeof code === 'string' && REFUSED_BEFORE_SENDING.has(code))) note.delivered = true;
      throw e;
    }
  };
}

/** A 429 with the service's error body came from a handler; any other is the front door's, before invocation. */
async function fromService(res: Response): Promise<boolean> {
  try {
    const body = (await res.clone().json()) as { error?: { code?: unknown } };
    return typeof body?.error?.code === 'string';
  } catch {
    return false;
  }
}
