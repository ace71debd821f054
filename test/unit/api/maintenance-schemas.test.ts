import { describe, expect, it } from 'vitest';
import { SluiceError } from '../../../shared/api/errors.ts';
import { MaintenanceEvent, PassResult, RunMaintenanceRequest } from '../../../shared/api/schemas/maintenance.ts';
import { DeleteRecordsRequest } from '../../../shared/api/schemas/topics.ts';
import { parseWith } from '../../../shared/api/validate.ts';
import { emptyReport } from '../../../shared/maintenance/report.ts';

function refusal(schema: Parameters<typeof parseWith>[0], value: unknown): string | undefined {
  try {
    parseWith(schema, value);
    return undefined;
  } catch (e) {
    return e instanceof SluiceError ? e.code : String(e);
  }
}

describe('DeleteRecords request schema', () => {
  it('takes partition and offset pairs, -1 included', () => {
    expect(parseWith(DeleteRecordsRequest, { partitions: [{ partition: 0, offset: 5 }, { partition: 3, offset: -1 }] })).toEqual({
      partitions: [{ partition: 0, offset: 5 }, { partition: 3, offset: -1 }],
    });
  });

  it('refuses an empty list, unknown fields, fractions and strings with INVALID_REQUEST', () => {
    for (const bad of [
      {},
      { partitions: [] },
      { partitions: [{ partition: 0, offset: 1, extra: true }] },
      { partitions: [{ partition: 0.5, offset: 1 }] },
      { partitions: [{ partition: 0, offset: 1.5 }] },
      { partitions: [{ partition: 0, offset: '3' }] },
      { partitions: [{ partition: -1, offset: 3 }] },
      { partitions: [{ partition: 0 }] },
    ]) {
      expect(refusal(DeleteRecordsRequest, bad), JSON.stringify(bad)).toBe('INVALID_REQUEST');
    }
  });

  it('leaves offsets below -1 to the engine, which answers INVALID_OFFSET', () => {
    expect(refusal(DeleteRecordsRequest, { partitions: [{ partition: 0, offset: -2 }] })).toBeUndefined();
  });
});

describe('maintenance schemas', () => {
  it('take an empty run request, topics and gc', () => {
    expect(parseWith(RunMaintenanceRequest, {})).toEqual({});
    expect(parseWith(RunMaintenanceRequest, { topics: ['a', 'b'], gc: false })).toEqual({ topics: ['a', 'b'], gc: false });
    expect(refusal(RunMaintenanceRequest, { topics: 'a' })).toBe('INVALID_REQUEST');
    expect(refusal(RunMaintenanceRequest, { topics: [''] })).toBe('INVALID_REQUEST');
    expect(refusal(RunMaintenanceRequest, { gc: 'yes' })).toBe('INVALID_REQUEST');
  });

  it('take the two schedule inputs and a job, and refuse anything else', () => {
    expect(parseWith(MaintenanceEvent, { action: 'plan', gc: true })).toEqual({ action: 'plan', gc: true });
    expect(parseWith(MaintenanceEvent, { action: 'plan', gc: false })).toEqual({ action: 'plan', gc: false });
    const job = { kind: 'partitions', topic: 'orders', topicId: 'abc', partitions: [0, 1, 2] };
    expect(parseWith(MaintenanceEvent, { action: 'job', job })).toEqual({ action: 'job', job });
    expect(parseWith(MaintenanceEvent, { action: 'job', job: { kind: 'gc' } })).toEqual({ action: 'job', job: { kind: 'gc' } });
    for (const bad of [{}, { action: 'run' }, { action: 'job' }, { action: 'job', job: { kind: 'partitions', topic: 'x', topicId: 'y', partitions: [] } }]) {
      expect(refusal(MaintenanceEvent, bad), JSON.stringify(bad)).toBe('INVALID_REQUEST');
    }
  });

  it('describe the PassResult the engine returns', () => {
    const pass = { jobs: 2, report: emptyReport(), gc: { ran: true, objectsListed: 3, objectsPending: 1, objectsDeleted: 0, bytesDeleted: 0, entriesOfDeletedTopics: 0, topicsForgotten: 0 }, ms: 12 };
    expect(PassResult.parse(pass)).toEqual(pass);
  });
});
