import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseFrom, parseTime } from '../../../cli/parse.ts';

describe('--from and --time', () => {
  it('reads the named positions and plain offsets', () => {
    expect(parseFrom('beginning')).toBe('beginning');
    expect(parseFrom('earliest')).toBe('beginning');
    expect(parseFrom('end')).toBe('end');
    expect(parseFrom('latest')).toBe('end');
    expect(parseFrom('120')).toBe(120);
  });

  it('reads a time as an ISO 8601 date-time or @epoch-ms (kcat s@ too), never plain digits', () => {
    expect(parseFrom('2026-01-01T00:00:00Z')).toEqual({ timestamp: Date.UTC(2026, 0, 1) });
    expect(parseFrom('2026-01-01')).toEqual({ timestamp: Date.UTC(2026, 0, 1) });
    expect(parseFrom('@1767225600000')).toEqual({ timestamp: 1767225600000 });
    expect(parseFrom('s@1767225600000')).toEqual({ timestamp: 1767225600000 });
    expect(parseFrom('1767225600000')).toBe(1767225600000);
  });

  it('refuses anything else', () => {
    for (const bad of ['yesterday', '-5', '@', '2026-13-45T99:00:00Z']) expect(() => parseFrom(bad)).toThrow(InvalidArgumentError);
  });

  it('takes --time as epoch ms or ISO 8601', () => {
    expect(parseTime('1767225600000')).toBe(1767225600000);
    expect(parseTime('2026-01-01T00:00:00.000Z')).toBe(1767225600000);
    expect(() => parseTime('soon')).toThrow(InvalidArgumentError);
  });
});
