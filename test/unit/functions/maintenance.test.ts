import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { selfTarget, type JobSender } from '../../../functions/maintenance/fan-out.ts';
import { createMaintenanceHandler, type Maintenance } from '../../../functions/maintenance/index.ts';
import type { MaintenanceJobSpec, PassResult } from '../../../shared/maintenance/index.ts';
import { emptyReport } from '../../../shared/maintenance/report.ts';

const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:SluiceStack-Maintenance';
const context = { invokedFunctionArn: ARN, functionName: 'SluiceStack-Maintenance' } as Context;

function setup(jobs: MaintenanceJobSpec[]) {
  const calls: string[] = [];
  const sent: { target: string; jobs: readonly MaintenanceJobSpec[] }[] = [];
  const lines: string[] = [];
  const pass: PassResult = { jobs: 1, report: { ...emptyReport(), partitions: 2, segmentsWritten: 1 }, ms: 5 };
  const maintenance: Maintenance = {
    plan: async (opts) => {
      calls.push(`plan ${JSON.stringify(opts)}`);
      return opts?.gc ? [...jobs, { kind: 'gc' }] : jobs;
    },
    runJob: async (spec) => {
      calls.push(`job ${JSON.stringify(spec)}`);
      return { spec, report: { ...emptyReport(), partitions: 1 } };
    },
    runAll: async (opts) => {
      calls.push(`runAll ${JSON.stringify(opts)}`);
      return pass;
    },
  };
  const sender: JobSender = {
    send: async (target, list) => {
      sent.push({ target, jobs: list });
      return { sent: list.length, failed: 0 };
    },
  };
  const handler = createMaintenanceHandler({ maintenance: () => maintenance, sender: () => sender, log: (l) => lines.push(l) });
  return { handler, calls, sent, lines, pass };
}

const twoShards: MaintenanceJobSpec[] = [
  { kind: 'partitions', topic: 'orders', topicId: 't1', partitions: [0, 1] },
  { kind: 'partitions', topic: 'orders', topicId: 't1', partitions: [2] },
];

describe('the maintenance handler', () => {
  it('plans a scheduled pass and sends every job to its own invocation of this function', async () => {
    const { handler, calls, sent, lines } = setup(twoShards);
    expect(await handler({ action: 'plan', gc: true }, context)).toEqual({ jobs: 3, sent: 3, failed: 0 });
    expect(calls).toEqual(['plan {"gc":true}']);
    expect(sent).toEqual([{ target: ARN, jobs: [...twoShards, { kind: 'gc' }] }]);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'INFO', message: 'maintenance planned', jobs: 3, sent: 3 });
  });

  it('runs one job and logs its report as one JSON line', async () => {
    const { handler, calls, lines } = setup([]);
    const result = await handler({ action: 'job', job: twoShards[0] }, context);
    expect(result).toMatchObject({ spec: twoShards[0], report: { partitions: 1 } });
    expect(calls).toEqual([`job ${JSON.stringify(twoShards[0])}`]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ message: 'maintenance job', spec: twoShards[0], report: { partitions: 1 } });
  });

  it('refuses an event that is neither a plan, a job nor a Function URL request', async () => {
    const { handler, calls } = setup([]);
    await expect(handler({ action: 'sweep' }, context)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(handler({ action: 'job', job: { kind: 'partitions', topic: 'x' } }, context)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(calls).toEqual([]);
  });

  it('serves POST /v1/maintenance/run with a pass run in process', async () => {
    const { handler, calls, pass } = setup([]);
    const event = {
      rawPath: '/v1/maintenance/run',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topics: ['orders'], gc: false }),
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST' } },
    } as unknown as APIGatewayProxyEventV2;
    const res = await handler(event, context);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body as string)).toEqual(pass);
    expect(calls).toEqual(['runAll {"topics":["orders"],"gc":false}']);
    const bad = await handler({ ...event, body: '{"topics":"orders"}' }, context);
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body as string).error.code).toBe('INVALID_REQUEST');
  });
});

describe('selfTarget', () => {
  it('invokes the unqualified function the role may invoke', () => {
    expect(selfTarget({ invokedFunctionArn: `${ARN}:live`, functionName: 'x' })).toBe(ARN);
    expect(selfTarget({ invokedFunctionArn: ARN, functionName: 'x' })).toBe(ARN);
    expect(selfTarget({ invokedFunctionArn: '', functionName: 'sluice-maintenance' })).toBe('sluice-maintenance');
  });
});
