import { describe, expect, it } from 'vitest';
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from '../../../gateway/protocol/consumer-protocol.ts';

describe('consumer protocol payloads', () => {
  it('round-trips a subscription in every known version, later fields defaulted in earlier ones', () => {
    const full = { topics: ['a', 'b'], userData: Buffer.from('x'), ownedPartitions: [{ topic: 'a', partitions: [0, 2] }], generationId: 4 };
    expect(decodeSubscription(encodeSubscription(full, 0))).toEqual({ topics: ['a', 'b'], userData: Buffer.from('x'), ownedPartitions: [], generationId: -1 });
    expect(decodeSubscription(encodeSubscription(full, 1))).toEqual({ ...full, generationId: -1 });
    expect(decodeSubscription(encodeSubscription(full, 2))).toEqual(full);
  });

  it('writes v0 as Kafka lays it out: version, topics, user data (null as -1)', () => {
    expect(encodeSubscription({ topics: ['t'] }).toString('hex')).toBe('0000' + '00000001' + '0001' + '74' + 'ffffffff');
    expect(encodeAssignment({ assignedPartitions: [{ topic: 't', partitions: [3] }], userData: Buffer.alloc(0) }).toString('hex')).toBe(
      '0000' + '00000001' + '0001' + '74' + '00000001' + '00000003' + '00000000',
    );
  });

  it('reads a payload of a newer version as the newest it knows, ignoring what follows', () => {
    const v2 = encodeSubscription({ topics: ['t'], generationId: 9 }, 2);
    const v3 = Buffer.concat([Buffer.from([0, 3]), v2.subarray(2), Buffer.from([0xff, 0xff])]);
    expect(decodeSubscription(v3)).toMatchObject({ topics: ['t'], generationId: 9 });
    const a = encodeAssignment({ assignedPartitions: [{ topic: 't', partitions: [1] }] });
    expect(decodeAssignment(Buffer.concat([Buffer.from([0, 7]), a.subarray(2), Buffer.from('extra')])).assignedPartitions).toEqual([{ topic: 't', partitions: [1] }]);
  });

  it('reads an empty assignment payload as no partitions, and refuses a truncated one', () => {
    expect(decodeAssignment(Buffer.alloc(0))).toEqual({ assignedPartitions: [], userData: null });
    expect(() => decodeAssignment(Buffer.from([0, 0, 0, 0, 0, 5]))).toThrow();
    expect(() => encodeAssignment({ assignedPartitions: [] }, 9)).toThrow(RangeError);
  });
});
