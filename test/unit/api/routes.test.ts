import { describe, expect, it } from 'vitest';
import { ROUTES, matchRoute } from '../../../shared/api/routes.ts';

describe('route table', () => {
  it('matches paths with parameters and decodes them', () => {
    const m = matchRoute('GET', '/v1/topics/a.b_c-d/partitions/7/records');
    expect(m).toMatchObject({ route: { operationId: 'fetchPartition', fn: 'fetch' }, params: { topic: 'a.b_c-d', partition: '7' } });
  });

  it('tells a wrong method from an unknown path', () => {
    expect(matchRoute('PUT', '/v1/topics')).toEqual({ methodMismatch: true });
    expect(matchRoute('GET', '/v1/nothing')).toEqual({ methodMismatch: false });
  });

  it('sends DeleteRecords to the admin function and a maintenance run to the maintenance function', () => {
    expect(matchRoute('POST', '/v1/topics/orders/delete-records')).toMatchObject({
      route: { operationId: 'deleteRecords', fn: 'admin' },
      params: { topic: 'orders' },
    });
    expect(matchRoute('POST', '/v1/maintenance/run')).toMatchObject({ route: { operationId: 'runMaintenance', fn: 'maintenance' } });
    expect(matchRoute('GET', '/v1/maintenance/run')).toEqual({ methodMismatch: true });
    expect(matchRoute('GET', '/v1/topics/orders/delete-records')).toEqual({ methodMismatch: true });
  });

  it('has one operation id per route', () => {
    expect(new Set(ROUTES.map((r) => r.operationId)).size).toBe(ROUTES.length);
  });
});
