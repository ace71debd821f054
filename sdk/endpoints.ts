/**
 * Endpoint discovery. A deployment has one Function URL per function (admin, produce, fetch,
 * groups, maintenance); `GET /v1/endpoints` on the admin URL names them all. Locally they are the
 * same URL.
 */
export type FunctionName = 'admin' | 'produce' | 'fetch' | 'groups' | 'maintenance';
/** Base URLs; `groups` and `maintenance` may be left out when naming them by hand, and then fall back to `admin`. */
export type Endpoints = Record<Exclude<FunctionName, 'groups' | 'maintenance'>, string> & { groups?: string; maintenance?: string };

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Validates the `/v1/endpoints` body. Relative or missing entries fall back to the admin URL. */
export function parseEndpoints(body: unknown, adminUrl: string): Endpoints {
  const o = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const pick = (name: FunctionName) => {
    const v = o[name];
    return typeof v === 'string' && /^https?:\/\//.test(v) ? trimSlash(v) : trimSlash(adminUrl);
  };
  return { admin: pick('admin'), produce: pick('produce'), fetch: pick('fetch'), groups: pick('groups'), maintenance: pick('maintenance') };
}

/** Caches one discovery; a failed discovery is forgotten so the next call tries again. */
export function cachedDiscovery(discover: () => Promise<Endpoints>): () => Promise<Endpoints> {
  let pending: Promise<Endpoints> | undefined;
  return () => {
    pending ??= discover().catch((e: unknown) => {
      pending = undefined;
      throw e;
    });
    return pending;
  };
}
