import { describe, expect, it } from 'vitest';
import { compileFormat, jsonRecord, recordFormatter } from '../../../cli/format.ts';
import { UsageError } from '../../../cli/io.ts';
import type { ConsumedRecord } from '../../../sdk/index.ts';

const record: ConsumedRecord = {
  topic: 'orders',
  partition: 2,
  offset: 41,
  timestamp: 1767225600000,
  key: Buffer.from('k1'),
  value: Buffer.from('héllo'),
  headers: [{ key: 'source', value: Buffer.from('web') }, { key: 'trace', value: null }],
};
const nulls: ConsumedRecord = { ...record, key: null, value: null, headers: [] };

describe('record output', () => {
  it('expands every kcat token, the escapes and a literal percent', () => {
    const f = compileFormat('%t/%p@%o %T [%k=%s] %h K%K S%S 100%%\\n');
    expect(f(record)).toBe('orders/2@41 1767225600000 [k1=héllo] source=web,trace= K2 S6 100%\n');
    expect(f(nulls)).toBe('orders/2@41 1767225600000 [=]  K-1 S-1 100%\n');
    expect(compileFormat('%s\\t%k')(record)).toBe('héllo\tk1');
  });

  it('refuses an unknown token as a usage error', () => {
    expect(() => compileFormat('%x')).toThrow(UsageError);
    expect(() => compileFormat('%x')).toThrow(/unknown token %x/);
  });

  it('prints one JSON object per line with every field, nulls kept', () => {
    const line = jsonRecord(record);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trim().includes('\n')).toBe(false);
    expect(JSON.parse(line)).toEqual({
      topic: 'orders', partition: 2, offset: 41, timestamp: 1767225600000, key: 'k1', value: 'héllo',
      headers: [{ key: 'source', value: 'web' }, { key: 'trace', value: null }],
    });
    expect(JSON.parse(jsonRecord(nulls))).toMatchObject({ key: null, value: null, headers: [] });
  });

  it('picks the formatter from the options, and --format with --output json is a usage error', () => {
    expect(recordFormatter({})(record)).toBe('héllo\n');
    expect(recordFormatter({ keySeparator: ' => ' })(record)).toBe('k1 => héllo\n');
    expect(recordFormatter({ output: 'json' })(record)).toBe(jsonRecord(record));
    expect(recordFormatter({ format: '%o\\n', output: 'text' })(record)).toBe('41\n');
    expect(() => recordFormatter({ format: '%o', output: 'json' })).toThrow(UsageError);
  });
});
