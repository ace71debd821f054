import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { advertisedApis } from '../../../gateway/handlers/api-versions.ts';
import { allHandlers } from '../../../gateway/handlers/index.ts';
import type { GatewayContext } from '../../../gateway/handlers/types.ts';

/** Anything a handler factory reaches for while building (no handler runs here). */
function anything(): unknown {
  const target = (): void => undefined;
  return new Proxy(target, { get: (_t, key) => (key === 'then' ? undefined : anything()), apply: () => anything() });
}

// docs/kafka.md promises the versions ApiVersions advertises: the table must follow the code.
describe('the supported-API table of docs/kafka.md', () => {
  it('lists exactly the api keys, names and versions the gateway advertises', () => {
    const gateway = { engine: anything(), storage: anything(), groups: anything(), options: { nodeId: 1, advertisedHost: 'h', advertisedPort: 9092, clusterId: 'c', autoCreateTopics: false, defaultPartitions: 1 }, now: Date.now } as unknown as GatewayContext;
    const handlers = allHandlers(gateway);
    const names = new Map(handlers.map((h) => [h.schema.apiKey, h.schema.name]));
    const expected = advertisedApis(handlers).map((a) => `| ${a.apiKey} | ${names.get(a.apiKey)} | ${a.minVersion === a.maxVersion ? a.minVersion : `${a.minVersion}–${a.maxVersion}`} |`);
    const doc = readFileSync(new URL('../../../docs/kafka.md', import.meta.url), 'utf8');
    const table = doc.slice(doc.indexOf('<!-- BEGIN supported-api-table'), doc.indexOf('<!-- END supported-api-table'));
    const rows = table.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    expect(rows).toEqual(expected);
  });
});
