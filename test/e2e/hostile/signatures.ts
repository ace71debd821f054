/**
 * Writes that would succeed if their signatures were believed: signed, then changed (body, path,
 * query, method, a signed header, the signature itself), signed with the wrong key or scope, at
 * the wrong time, or not signed. Each must be refused before any handler runs.
 */
import fc from 'fast-check';
import type { Context } from './routes.ts';
import { json, sendRaw, signHeaders, type HostileRequest, type Sent, type SignOptions } from './wire.ts';

interface Base {
  req: HostileRequest;
  /** A topic the request would create. */
  creates?: string;
}

const MINUTE = 60_000;

function bases(ctx: Context): fc.Arbitrary<Base> {
  return fc.constantFrom<() => Base>(
    () => ({ req: { method: 'POST', target: `/v1/topics/${ctx.topic}/records`, ...json({ records: [{ value: 'must-not-land', partition: 0 }] }) } }),
    () => {
      const name = ctx.fresh('forged');
      return { req: { method: 'POST', target: '/v1/topics', ...json({ name }) }, creates: name };
    },
    () => ({ req: { method: 'DELETE', target: `/v1/topics/${ctx.topic}` } }),
    () => ({ req: { method: 'PATCH', target: `/v1/topics/${ctx.topic}/configs`, ...json({ configs: { 'retention.ms': '1' } }) } }),
    () => ({ req: { method: 'POST', target: `/v1/groups/${ctx.group}/offsets/reset`, ...json({ topic: ctx.topic, to: 'earliest' }) } }),
  ).map((make) => make());
}

type Tamper = { how: string; apply: (b: Base) => Promise<Sent> };

const signed = (req: HostileRequest, opts?: SignOptions) => signHeaders(req, opts);

function tampers(): fc.Arbitrary<Tamper> {
  return fc.oneof(
    fc.constant<Tamper>({
      how: 'body changed after signing',
      apply: async ({ req }) => sendRaw({ ...req, body: `${req.body ?? ''} ` }, await signed(req)),
    }),
    fc.constantFrom('x', '/', '%2F', '?a=1').map<Tamper>((suffix) => ({
      how: `target changed after signing (+${suffix})`,
      apply: async ({ req }) => sendRaw({ ...req, target: req.target.includes('?') || suffix.startsWith('?') ? `${req.target}${suffix.replace('?', '&')}` : `${req.target}${suffix}` }, await signed(req)),
    })),
    fc.constant<Tamper>({
      how: 'a GET signature replayed as the write',
      apply: async ({ req }) => sendRaw(req, await signed({ method: 'GET', target: req.target })),
    }),
    fc.constantFrom('PUT', 'POST', 'DELETE', 'PATCH', 'GET').map<Tamper>((method) => ({
      how: `signed for ${method}, sent as the write`,
      apply: async ({ req }) => (method === req.method ? sendRaw(req, { ...(await signed(req)), authorization: 'AWS4-HMAC-SHA256 nope' }) : sendRaw(req, await signed({ ...req, method }))),
    })),
    fc.tuple(fc.nat(63), fc.constantFrom('0', 'f')).map<Tamper>(([i, c]) => ({
      how: `signature digit ${i} changed`,
      apply: async ({ req }) => {
        const h = await signed(req);
        h.authorization = h.authorization!.replace(/Signature=([0-9a-f]{64})/, (_m, sig: string) => `Signature=${sig.slice(0, i)}${sig[i] === c ? (c === '0' ? '1' : 'e') : c}${sig.slice(i + 1)}`);
        return sendRaw(req, h);
      },
    })),
    fc.integer({ min: 1, max: 3600 }).map<Tamper>((s) => ({
      how: `x-amz-date moved by ${s} s after signing`,
      apply: async ({ req }) => {
        const h = await signed(req);
        const d = h['x-amz-date']!;
        const t = Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(9, 11), +d.slice(11, 13), +d.slice(13, 15)) + s * 1000;
        h['x-amz-date'] = new Date(t).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
        return sendRaw(req, h);
      },
    })),
    fc.integer({ min: 6, max: 24 * 60 }).chain((m) => fc.constantFrom(-1, 1).map<Tamper>((sign) => ({
      how: `signed ${m} minutes in the ${sign < 0 ? 'past' : 'future'}`,
      apply: async ({ req }) => sendRaw(req, await signed(req, { date: new Date(Date.now() + sign * m * MINUTE) })),
    }))),
    fc.constant<Tamper>({
      how: 'signed with a wrong secret',
      apply: async ({ req }) => sendRaw(req, await signed(req, { credentials: { accessKeyId: 'AKIASLUICELOCAL00000', secretAccessKey: 'not-the-secret' } })),
    }),
    fc.constant<Tamper>({
      how: 'signed with an unknown key',
      apply: async ({ req }) => sendRaw(req, await signed(req, { credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' } })),
    }),
    fc.string({ maxLength: 120 }).map<Tamper>((auth) => ({
      how: `Authorization ${JSON.stringify(auth)}`,
      // Header values must be bytes a client can send at all.
      apply: async ({ req }) => sendRaw(req, { ...(await signed(req)), authorization: auth.replace(/[^\x20-\x7e]/g, '?') }),
    })),
    fc.constantFrom('authorization', 'x-amz-date', 'x-amz-content-sha256', 'content-type').map<Tamper>((name) => ({
      how: `signed header ${name} dropped`,
      apply: async ({ req }) => {
        const h = await signed(req);
        // A request without a body has no content type to drop: dropping nothing would leave it valid.
        delete h[name in h ? name : 'authorization'];
        return sendRaw(req, h);
      },
    })),
    fc.constant<Tamper>({
      how: 'content type changed after signing',
      // Only a signed header can be tampered with; a request without one gets a changed body instead.
      apply: async ({ req }) =>
        req.headers?.['content-type']
          ? sendRaw(req, { ...(await signed(req)), 'content-type': 'application/json; charset=latin1' })
          : sendRaw({ ...req, body: '{}' }, await signed(req)),
    }),
    fc.constantFrom('s3', 'execute-api', 'dynamodb').map<Tamper>((service) => ({
      how: `scoped to service ${service}`,
      apply: async ({ req }) => {
        const h = await signed(req);
        h.authorization = h.authorization!.replace('/lambda/aws4_request', `/${service}/aws4_request`);
        return sendRaw(req, h);
      },
    })),
  );
}

export function tamperings(ctx: Context): fc.Arbitrary<{ send: () => Promise<Sent>; how: string; creates?: string }> {
  return fc.tuple(bases(ctx), tampers()).map(([base, tamper]) => ({
    send: () => tamper.apply(base),
    how: `${base.req.method} ${base.req.target}: ${tamper.how}`,
    ...(base.creates ? { creates: base.creates } : {}),
  }));
}
