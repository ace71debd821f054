/**
 * What a hostile request could have changed, read back through the API: the test topic (its
 * description, offsets and records), the test group (its description and committed offsets),
 * and whether names a refused request tried to create exist.
 */
import { send, type Sent } from './wire.ts';

const get = (target: string): Promise<Sent> => send({ method: 'GET', target });

/** Fields of a group description that move with time alone. */
function stable(group: any): unknown {
  if (!group || typeof group !== 'object' || !Array.isArray(group.members)) return group;
  return { ...group, members: group.members.map(({ lastHeartbeat: _l, ...m }: any) => m) };
}

export async function snapshot(topic: string, group: string): Promise<unknown> {
  const targets = [
    `/v1/topics/${topic}`,
    `/v1/topics/${topic}/offsets?at=latest`,
    `/v1/topics/${topic}/offsets?at=earliest`,
    `/v1/topics/${topic}/partitions/0/records?offset=0&encoding=utf8`,
    `/v1/topics/${topic}/partitions/1/records?offset=0&encoding=utf8`,
    `/v1/groups/${group}`,
    `/v1/groups/${group}/offsets`,
  ];
  const answers = await Promise.all(targets.map(get));
  return Object.fromEntries(
    answers.map((a, i) => {
      const body = a.status === 200 ? a.json() : { status: a.status, body: a.body.toString() };
      return [targets[i]!, targets[i]!.endsWith(group) ? stable(body) : body];
    }),
  );
}

/** Whether a topic or group of that name exists. */
export async function exists(kind: 'topic' | 'group', name: string): Promise<boolean> {
  const res = await get(kind === 'topic' ? `/v1/topics/${encodeURIComponent(name)}` : `/v1/groups/${encodeURIComponent(name)}`);
  if (res.status === 200) return true;
  if (res.status >= 400 && res.status < 500) return false;
  throw new Error(`GET ${kind} ${name}: ${res.status} ${res.body.toString()}`);
}
