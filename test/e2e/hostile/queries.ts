/**
 * Hostile path parameters, query strings and methods for the routes that take no JSON body.
 * Every request generated is certainly refused: a name that breaks the rules or names nothing,
 * a partition that is not one, a query parameter out of range, unknown, repeated or badly
 * percent-encoded. None can delete or change the test's own topic or group.
 */
import fc from 'fast-check';
import { ROUTES } from '../../../shared/api/routes.ts';
import type { Context } from './routes.ts';
import { badName, overlong } from './values.ts';

export interface QueryRoute {
  name: string;
  requests: (ctx: Context) => fc.Arbitrary<{ method: string; target: string; how: string }>;
}

const enc = encodeURIComponent;
/**
 * Topic or group names that are invalid, or valid and unused. Not '', '.' or '..': any client's
 * URL normalization turns those paths into others (`/v1/topics/.` is the topic list).
 */
const hostileName = (ctx: Context) => fc.oneof(badName().filter((n) => !['', '.', '..'].includes(n)).map(enc), fc.constant(0).map(() => ctx.fresh('nobody')), fc.constantFrom('%zz', '%', '%E0%A4%A', '..%2F..%2Fetc', '%00'));
const badPartition = fc.constantFrom('-1', '2', '99999', '100000', 'x', '1e3', '0x1', '1.0', ' 1', '%31%2F', '4294967296', '%zz');

/** A query made invalid: one parameter bad, or one unknown, repeated or badly encoded. */
function badQuery(valid: Record<string, string>, bad: Record<string, string[]>): fc.Arbitrary<{ query: string; how: string }> {
  const base = (over: Record<string, string>) =>
    Object.entries({ ...valid, ...over })
      .map(([k, v]) => `${enc(k)}=${v}`)
      .join('&');
  const options: fc.Arbitrary<{ query: string; how: string }>[] = [
    fc.constantFrom(...Object.entries(bad).flatMap(([k, vs]) => vs.map((v) => [k, v] as const))).map(([k, v]) => ({ query: base({ [k]: v }), how: `${k}=${v}` })),
    fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !(k in valid) && !(k in bad)).map((k) => ({ query: `${base({})}&${enc(k)}=1`, how: `unknown parameter ${JSON.stringify(k)}` })),
    fc.constant({ query: `${base({})}&%zz=1`, how: 'bad percent-encoding' }),
  ];
  const keys = Object.keys(valid);
  if (keys.length > 0) options.push(fc.constantFrom(...keys).map((k) => ({ query: `${base({})}&${enc(k)}=${valid[k]}`, how: `${k} given twice` })));
  return fc.oneof(...options);
}

export const QUERY_ROUTES: QueryRoute[] = [
  {
    name: 'describe topic',
    requests: (ctx) => hostileName(ctx).map((t) => ({ method: 'GET', target: `/v1/topics/${t}`, how: `topic ${t}` })),
  },
  {
    name: 'delete topic',
    requests: (ctx) => hostileName(ctx).map((t) => ({ method: 'DELETE', target: `/v1/topics/${t}`, how: `topic ${t}` })),
  },
  {
    name: 'fetch a partition',
    requests: (ctx) =>
      fc.oneof(
        hostileName(ctx).map((t) => ({ method: 'GET', target: `/v1/topics/${t}/partitions/0/records?offset=0`, how: `topic ${t}` })),
        badPartition.map((p) => ({ method: 'GET', target: `/v1/topics/${ctx.topic}/partitions/${p}/records?offset=0`, how: `partition ${p}` })),
        badQuery(
          { offset: '0', maxBytes: '100', maxWaitMs: '0', encoding: 'utf8' },
          {
            offset: ['-1', 'abc', '1e3', '', '99999999999999999', '0x10', '%201', '1.5', '3', '999999'],
            maxBytes: ['0', '4194305', '-1', 'x', '1e9'],
            maxWaitMs: ['30001', '-1', 'x', '99999999999999999'],
            encoding: ['hex', 'UTF8', '', 'base32'],
          },
        ).map(({ query, how }) => ({ method: 'GET', target: `/v1/topics/${ctx.topic}/partitions/0/records?${query}`, how })),
      ),
  },
  {
    name: 'list offsets',
    requests: (ctx) =>
      fc.oneof(
        hostileName(ctx).map((t) => ({ method: 'GET', target: `/v1/topics/${t}/offsets`, how: `topic ${t}` })),
        badQuery({ at: 'latest' }, { at: ['first', '', 'LATEST', 'timestamp'], partition: ['-1', 'x', '2', '99999', '1.5'], timestamp: ['5'] }).map(({ query, how }) => ({
          method: 'GET',
          target: `/v1/topics/${ctx.topic}/offsets?${query}`,
          how,
        })),
        fc.constantFrom('at=timestamp&timestamp=-1', 'at=timestamp&timestamp=x', 'at=timestamp&timestamp=99999999999999999').map((q) => ({ method: 'GET', target: `/v1/topics/${ctx.topic}/offsets?${q}`, how: q })),
      ),
  },
  {
    name: 'describe, delete and read a group',
    requests: (ctx) =>
      fc.oneof(
        fc.tuple(fc.constantFrom('GET', 'DELETE'), hostileName(ctx)).map(([method, g]) => ({ method, target: `/v1/groups/${g}`, how: `${method} group ${g}` })),
        // The test group has a live member: deleting it must be refused.
        fc.constant({ method: 'DELETE', target: `/v1/groups/${ctx.group}`, how: 'delete a group with a live member' }),
        badQuery({}, { topic: ['', 'x'.repeat(250)] }).map(({ query, how }) => ({ method: 'GET', target: `/v1/groups/${ctx.group}/offsets?${query}`, how })),
      ),
  },
  {
    name: 'leave a group',
    requests: (ctx) =>
      fc.oneof(
        fc.oneof(overlong(64), fc.string({ minLength: 1, maxLength: 20 }).filter((m) => m !== ctx.member)).map((m) => ({
          method: 'DELETE',
          target: `/v1/groups/${ctx.group}/members/${enc(m)}`,
          how: `member ${m}`,
        })),
        fc.constantFrom('-1', 'x', '1.5', '99999999999999999').map((e) => ({ method: 'DELETE', target: `/v1/groups/${ctx.group}/members/${ctx.member}?memberEpoch=${e}`, how: `memberEpoch ${e}` })),
        fc.constant({ method: 'DELETE', target: `/v1/groups/${ctx.group}/members/${ctx.member}?memberEpoch=1&x=1`, how: 'unknown parameter' }),
        hostileName(ctx).map((g) => ({ method: 'DELETE', target: `/v1/groups/${g}/members/m`, how: `group ${g}` })),
      ),
  },
];

/** Every route's path, with a method it does not take (405), and paths that name nothing (404). */
export function wrongMethods(ctx: Context): fc.Arbitrary<{ method: string; target: string }> {
  const concrete = (path: string) =>
    path
      .replace('{topic}', ctx.topic)
      .replace('{partition}', '0')
      .replace('{group}', ctx.group)
      .replace('{member}', 'someone');
  const byPath = new Map<string, Set<string>>();
  for (const r of ROUTES) byPath.set(r.path, new Set([...(byPath.get(r.path) ?? []), r.method]));
  const wrong = [...byPath].flatMap(([path, methods]) =>
    ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !methods.has(m)).map((method) => ({ method, target: concrete(path) })),
  );
  const nowhere = ['/', '/v1', '/v2/topics', '/v1/topic', '/v1/topics/a/b/c/d/e', '/admin', '/v1/groups/g/members', '/.env', '/v1/topics/x/records/extra'];
  return fc.oneof(fc.constantFrom(...wrong), fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), fc.constantFrom(...nowhere)).map(([method, target]) => ({ method, target })));
}
