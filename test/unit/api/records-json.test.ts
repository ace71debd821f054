import { describe, expect, it } from 'vitest';
import { decodeString } from '../../../shared/api/records-json.ts';

describe('JSON record strings', () => {
  it('decode strict base64 and utf8', () => {
    expect(decodeString('aGVsbG8=', 'base64', 'v').toString()).toBe('hello');
    expect(decodeString('', 'base64', 'v').length).toBe(0);
    expect(decodeString('héllo', 'utf8', 'v').toString()).toBe('héllo');
  });

  it('refuse base64 that Node would silently mangle', () => {
    for (const bad of ['aGVsbG8', 'aGV sbG8=', 'a===', '****', 'aGVsbG8=x']) {
      expect(() => decodeString(bad, 'base64', 'records.0.value')).toThrow(expect.objectContaining({ code: 'INVALID_BASE64' }));
    }
  });
});
