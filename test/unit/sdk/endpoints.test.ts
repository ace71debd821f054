import { describe, expect, it } from 'vitest';
import { createClient } from '../../../sdk/index.ts';

const credentials = { accessKeyId: 'AKID', secretAccessKey: 'SECRET' };

function service(answerDiscovery: () => Response) {
  const hosts: string[] = [];
  const fetch = async (input: string) => {
    const url = new URL(input);
    hosts.push(`${url.host}${url.pathname}`);
    if (url.pathname === '/v1/endpoints') return answerDiscovery();
    if (url.pathname === '/v1/topics') return Response.json({ topics: [{ name: 'a', id: '1', partitions: 1 }] });
    return Response.json({ topic: 'a', partitions: [{ partition: 0, offset: 4 }] });
  };
  return { hosts, fetch };
}

describe('endpoint discovery', () => {
  it('asks /v1/endpoints once and sends each call to its function URL', async () => {
    const { hosts, fetch } = service(() => Response.json({ admin: 'https://admin.example/', produce: 'https://produce.example', fetch: 'https://fetch.example' }));
    const admin = createClient({ endpoint: 'https://admin.example', credentials, fetch }).admin();
    await Promise.all([admin.listTopics(), admin.listTopics(), admin.listOffsets('a', 'latest')]);
    expect(hosts.filter((h) => h.endsWith('/v1/endpoints'))).toEqual(['admin.example/v1/endpoints']);
    expect(hosts).toContain('fetch.example/v1/topics/a/offsets');
    expect(hosts.filter((h) => h === 'admin.example/v1/topics')).toHaveLength(2);
  });

  it('forgets a failed discovery so the next call tries again', async () => {
    let calls = 0;
    const { fetch } = service(() => (++calls === 1
      ? Response.json({ error: { code: 'UNKNOWN_TOPIC', message: 'nope', retriable: false } }, { status: 404 })
      : Response.json({ admin: 'http://x', produce: 'http://x', fetch: 'http://x' })));
    const admin = createClient({ endpoint: 'http://x', credentials, fetch }).admin();
    await expect(admin.listTopics()).rejects.toMatchObject({ code: 'UNKNOWN_TOPIC' });
    expect(await admin.listTopics()).toEqual(['a']);
  });

  it('skips discovery when all three endpoints are given', async () => {
    const { hosts, fetch } = service(() => { throw new Error('not expected'); });
    const admin = createClient({ endpoint: 'http://a', credentials, fetch, endpoints: { admin: 'http://a', produce: 'http://p', fetch: 'http://f' } }).admin();
    await admin.listTopics();
    expect(hosts).toEqual(['a/v1/topics']);
  });
});
