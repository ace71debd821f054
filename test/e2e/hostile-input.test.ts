import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../support/env.ts';
import { binaryCorruptions } from './hostile/batches.ts';
import { JSON_ROUTES, deleteAt, getAt, setAt, type Context, type JsonRoute } from './hostile/routes.ts';
import { QUERY_ROUTES, wrongMethods } from './hostile/queries.ts';
import { tamperings } from './hostile/signatures.ts';
import { exists, snapshot } from './hostile/state.ts';
import { anyJson, brokenBase64, unknownKey, wrongType } from './hostile/values.ts';
import { expectRefused, json, send, type HostileRequest } from './hostile/wire.ts';

// Invariant 6, by property: every route, fed malformed and hostile input, answers a 4xx with a
// stable error code (never a 5xx), and the stored state read back through the API is unchanged.
// Each property runs a few dozen cases so the file stays under a minute on a busy machine.

const RUNS = 30;
const ctx: Context = { topic: uniqueName('hostile'), group: uniqueName('hostile-g'), member: '', fresh: uniqueName };
let before: unknown;

beforeAll(async () => {
  const created = await send({ method: 'POST', target: '/v1/topics', ...json({ name: ctx.topic, partitions: 2, configs: { 'max.message.bytes': 1024 } }) });
  expect(created.status).toBe(201);
  for (const partition of [0, 1]) {
    const res = await send({ method: 'POST', target: `/v1/topics/${ctx.topic}/records`, ...json({ records: [{ value: `first-${partition}`, partition }, { value: 'second', partition }] }) });
    expect(res.status).toBe(200);
  }
  // A group whose member owns both partitions for an hour, with a committed offset.
  const join = await send({
    method: 'POST',
    target: `/v1/groups/${ctx.group}/heartbeat`,
    ...json({ memberEpoch: 0, subscription: { topics: [ctx.topic] }, ownedPartitions: [], groupConfigs: { 'session.timeout.ms': 3_600_000, 'rebalance.timeout.ms': 3_600_000 } }),
  });
  expect(join.status, join.body.toString()).toBe(200);
  const member = join.json();
  ctx.member = member.memberId;
  const commit = await send({ method: 'POST', target: `/v1/groups/${ctx.group}/offsets`, ...json({ memberId: member.memberId, memberEpoch: member.memberEpoch, offsets: [{ topic: ctx.topic, partition: 0, offset: 1 }] }) });
  expect(commit.status, commit.body.toString()).toBe(200);
  before = await snapshot(ctx.topic, ctx.group);
});

afterAll(async () => {
  // Nothing any hostile request did may show, even once all have run.
  expect(await snapshot(ctx.topic, ctx.group)).toEqual(before);
});

/** Sends a request that must be refused, then checks that it changed nothing. */
async function refused(req: HostileRequest, what: string, creates?: { kind: 'topic' | 'group'; name: string }, codes?: Parameters<typeof expectRefused>[2]) {
  const res = await send(req);
  expectRefused(res, what, codes);
  if (req.method !== 'GET') expect(await snapshot(ctx.topic, ctx.group), `${what} changed the stored state`).toEqual(before);
  if (creates) expect(await exists(creates.kind, creates.name), `${what} created ${creates.kind} ${creates.name}`).toBe(false);
}

/** Mutations of a route's valid template that no schema accepts. */
function invalidBodies(route: JsonRoute): fc.Arbitrary<{ body: unknown; how: string }> {
  const known = (path: (string | number)[]) => {
    const node = getAt(route.template(ctx, 'x'), path);
    return node && typeof node === 'object' ? Object.keys(node) : [];
  };
  const mutations: fc.Arbitrary<(b: unknown) => { body: unknown; how: string }>[] = [
    fc.tuple(fc.constantFrom(...route.strict), fc.constant(null), anyJson).chain(([path, , value]) =>
      unknownKey([...known(path), ...route.fields.filter((f) => f.path.length === path.length + 1).map((f) => String(f.path[path.length]))]).map(
        (key) => (b: unknown) => {
          const copy = structuredClone(b);
          const node = (path.length ? getAt(copy, path) : copy) as Record<string, unknown>;
          Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
          return { body: copy, how: `unknown field ${JSON.stringify(key)} at ${path.join('.') || 'top'}` };
        },
      ),
    ),
    fc.constantFrom(...route.fields).chain((f) =>
      wrongType(f.accepts).map((v) => (b: unknown) => ({ body: setAt(b, f.path, v), how: `${f.path.join('.')} = ${JSON.stringify(v)?.slice(0, 80)}` })),
    ),
    wrongType(['object']).map((v) => () => ({ body: v, how: `body ${JSON.stringify(v)?.slice(0, 80)}` })),
  ];
  const withInvalid = route.fields.filter((f) => f.invalid);
  if (withInvalid.length > 0) {
    mutations.push(
      fc.constantFrom(...withInvalid).chain((f) =>
        f.invalid!.map((v) => (b: unknown) => ({ body: setAt(b, f.path, v), how: `${f.path.join('.')} = ${JSON.stringify(v)?.slice(0, 80)}` })),
      ),
    );
  }
  const required = route.fields.filter((f) => f.required);
  if (required.length > 0) mutations.push(fc.constantFrom(...required).map((f) => (b: unknown) => ({ body: deleteAt(b, f.path), how: `without ${f.path.join('.')}` })));
  return fc.oneof(...mutations).map((mutate) => mutate(route.template(ctx, '<created>')));
}

describe('hostile JSON bodies', () => {
  for (const route of JSON_ROUTES) {
    it(`${route.name}: wrong types, unknown fields, values out of range and missing fields answer 4xx and change nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(invalidBodies(route), async ({ body, how }) => {
          const created = ctx.fresh('hostile-new');
          const text = JSON.stringify(body).replaceAll('"<created>"', JSON.stringify(created));
          await refused(
            { method: route.method, target: route.path(ctx, created), ...json(text) },
            `${route.name} with ${how}`,
            route.creates ? { kind: route.creates, name: created } : undefined,
          );
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe('config maps with keys nobody defined', () => {
  // Object.prototype's names (once bugs: docs/chaos.md, Findings 3 and 4) and random strings, as
  // config names.
  const protoNames = Object.getOwnPropertyNames(Object.prototype);
  const routes = [
    { name: 'create topic', method: 'POST', path: () => '/v1/topics', body: (k: string, n: string) => ({ name: n, configs: { [k]: '1' } }), creates: 'topic' as const, group: false },
    { name: 'alter topic configs', method: 'PATCH', path: () => `/v1/topics/${ctx.topic}/configs`, body: (k: string) => ({ configs: { [k]: '1' } }), group: false },
    { name: 'heartbeat (join)', method: 'POST', path: (n: string) => `/v1/groups/${n}/heartbeat`, body: (k: string) => ({ memberEpoch: 0, subscription: { topics: [ctx.topic] }, ownedPartitions: [], groupConfigs: { [k]: '1' } }), creates: 'group' as const, group: true },
    { name: 'alter group configs', method: 'PATCH', path: () => `/v1/groups/${ctx.group}/configs`, body: (k: string) => ({ configs: { [k]: '1' } }), group: true },
  ];
  for (const route of routes) {
    it(`${route.name}: an unknown config name answers 4xx and changes nothing`, async () => {
      const known = ['retention.ms', 'retention.bytes', 'cleanup.policy', 'max.message.bytes', 'message.timestamp.type', 'delete.retention.ms', 'session.timeout.ms', 'heartbeat.interval.ms', 'rebalance.timeout.ms', 'assignor'];
      const keys = fc.oneof(fc.constantFrom('group.id', ...protoNames), fc.string({ minLength: 1, maxLength: 30 })).filter((k) => !known.includes(k));
      await fc.assert(
        fc.asyncProperty(keys, async (key) => {
          const created = ctx.fresh('hostile-cfg');
          await refused({ method: route.method, target: route.path(created), ...json(route.body(key, created)) }, `${route.name} with config ${JSON.stringify(key)}`, route.creates ? { kind: route.creates, name: created } : undefined);
        }),
        { numRuns: 15 },
      );
    });
  }
});

describe('bodies that are not what they claim', () => {
  it('answers a body that is not JSON with INVALID_JSON on every JSON route', async () => {
    const notJson = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b)),
      fc.constantFrom('{', '{"records": [', '{}}', "{'a':1}", '\ufeff{}', 'NaN', '{"a":1,}', '[1,2', 'nul'),
    ).filter((b) => {
      try {
        JSON.parse(Buffer.from(b).toString('utf8'));
        return false;
      } catch {
        return true;
      }
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...JSON_ROUTES), notJson, async (route, body) => {
        await refused({ method: route.method, target: route.path(ctx, ctx.fresh('x')), body, headers: { 'content-type': 'application/json' } }, `${route.name} with non-JSON`, undefined, ['INVALID_JSON']);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers JSON numbers past every range, and deep nesting, with 400', async () => {
    const odd = fc.constantFrom('{"records":[{"value":"v","partition":1e999}]}', '{"records":[{"value":"v","timestamp":-0.0000001}]}', `{"records":${'['.repeat(5000)}${']'.repeat(5000)}}`, `${'['.repeat(100_000)}${']'.repeat(100_000)}`, '{"records":[{"value":"v","partition":99999999999999999999999}]}');
    await fc.assert(
      fc.asyncProperty(odd, async (body) => {
        await refused({ method: 'POST', target: `/v1/topics/${ctx.topic}/records`, body, headers: { 'content-type': 'application/json' } }, `produce ${body.slice(0, 60)}`);
      }),
      { numRuns: 10 },
    );
  });

  it('answers a valid body under a wrong content type with 4xx on every JSON route', async () => {
    const types = fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'json', 'application/json-seq', 'text/json', 'application/vnd.sluice.batches');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...JSON_ROUTES), types, async (route, type) => {
        const created = ctx.fresh('hostile-ct');
        const body = JSON.stringify(route.template(ctx, created));
        await refused({ method: route.method, target: route.path(ctx, created), body, headers: { 'content-type': type } }, `${route.name} as ${type}`, route.creates ? { kind: route.creates, name: created } : undefined);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers a request without a content type with 4xx', async () => {
    for (const route of JSON_ROUTES) {
      const created = ctx.fresh('hostile-nct');
      await refused({ method: route.method, target: route.path(ctx, created), body: JSON.stringify(route.template(ctx, created)) }, `${route.name} without a content type`, route.creates ? { kind: route.creates, name: created } : undefined);
    }
  });

  it('answers an oversize body with 413 on every route that takes one', async () => {
    // Just over the API's 4 MiB, and past what the server reads at all.
    for (const extra of [1, 128 * 1024]) {
      const filler = 'x'.repeat(4 * 1024 * 1024 + extra);
      for (const route of JSON_ROUTES) {
        const body = JSON.stringify({ ...route.template(ctx, ctx.fresh('big')), pad: filler });
        await refused({ method: route.method, target: route.path(ctx, ctx.fresh('big')), ...json(body) }, `${route.name} with ${body.length} bytes`, undefined, ['PAYLOAD_TOO_LARGE']);
      }
    }
  });

  it('answers broken base64 in keys, values and header values with INVALID_BASE64', async () => {
    const where = fc.constantFrom('key', 'value', 'header');
    await fc.assert(
      fc.asyncProperty(where, brokenBase64, async (field, bad) => {
        const record: Record<string, unknown> = { key: 'aGk=', value: 'aGk=', partition: 0, headers: [{ key: 'h', value: 'aGk=' }] };
        if (field === 'header') record.headers = [{ key: 'h', value: bad }];
        else record[field] = bad;
        await refused({ method: 'POST', target: `/v1/topics/${ctx.topic}/records`, ...json({ encoding: 'base64', records: [record] }) }, `base64 ${field} ${JSON.stringify(bad)}`, undefined, ['INVALID_BASE64']);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('hostile binary batches', () => {
  it('answers corrupted frames, CRCs, headers and records with 4xx and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(binaryCorruptions(), async ({ body, how }) => {
        await refused({ method: 'POST', target: `/v1/topics/${ctx.topic}/records`, body, headers: { 'content-type': 'application/vnd.sluice.batches' } }, `binary produce: ${how}`);
      }),
      { numRuns: 60 },
    );
  });
});

describe('hostile paths, queries and methods', () => {
  for (const route of QUERY_ROUTES) {
    it(`${route.name}: hostile path parameters and queries answer 4xx`, async () => {
      await fc.assert(
        fc.asyncProperty(route.requests(ctx), async ({ method, target, how }) => {
          await refused({ method, target }, `${route.name}: ${how}`);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('answers a method a path does not take with 405 or 404', async () => {
    await fc.assert(
      fc.asyncProperty(wrongMethods(ctx), async ({ method, target }) => {
        await refused({ method, target, ...(method === 'GET' ? {} : json({})) }, `${method} ${target}`, undefined, ['METHOD_NOT_ALLOWED', 'NOT_FOUND']);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers a body on a route that takes none with INVALID_REQUEST', async () => {
    for (const target of ['/v1/endpoints', '/v1/topics', `/v1/topics/${ctx.topic}`, `/v1/topics/${ctx.topic}/offsets`, `/v1/groups/${ctx.group}`, `/v1/groups/${ctx.group}/offsets`]) {
      await refused({ method: 'GET', target, ...json({ records: [{ value: 'x' }] }) }, `GET ${target} with a body`, undefined, ['INVALID_REQUEST']);
    }
  });
});

describe('bad, stale and replayed signatures', () => {
  it('refuse a signed write changed after signing, signed with the wrong key, or signed at the wrong time, and nothing is written', async () => {
    await fc.assert(
      fc.asyncProperty(tamperings(ctx), async ({ send: attempt, how, creates }) => {
        const res = await attempt();
        expectRefused(res, how, ['MISSING_SIGNATURE', 'INVALID_SIGNATURE', 'SIGNATURE_EXPIRED']);
        expect(await snapshot(ctx.topic, ctx.group), `${how} changed the stored state`).toEqual(before);
        if (creates) expect(await exists('topic', creates), `${how} created ${creates}`).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});
