import { describe, expect, it } from 'vitest';
import { effectiveConfigs, parseConfigs } from '../../../shared/api/topic-configs.ts';

describe('topic configs', () => {
  it("fill in Kafka's defaults", () => {
    expect(effectiveConfigs({})).toMatchObject({
      'retention.ms': '604800000',
      'retention.bytes': '-1',
      'cleanup.policy': 'delete',
      'max.message.bytes': '1048588',
      'message.timestamp.type': 'CreateTime',
    });
  });

  it('normalize valid values and refuse unknown names and bad values', () => {
    expect(parseConfigs({ 'retention.ms': -1, 'cleanup.policy': 'delete, compact' })).toEqual({
      'retention.ms': '-1',
      'cleanup.policy': 'compact,delete',
    });
    const bads: Record<string, string | number>[] = [{ 'retention.ms': '1e3' }, { 'retention.ms': -2 }, { 'max.message.bytes': 0 }, { 'message.timestamp.type': 'Now' }, { 'cleanup.policy': 'keep' }, { nope: 1 }];
    for (const bad of bads) {
      expect(() => parseConfigs(bad)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    }
  });
});
