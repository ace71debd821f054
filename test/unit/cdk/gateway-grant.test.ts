import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { FUNCTION_ACCESS, GATEWAY_ACCESS, unionAccess } from '../../../cdk/permissions.ts';
import { SluiceLog } from '../../../cdk/sluice-log.ts';
import { FIXTURE_FUNCTIONS, allowedActions, statementsOf, testApp } from './stack-fixture.ts';

describe('grantGateway', () => {
  it('gives a task role what produce, fetch, groups and admin have between them, and nothing of maintenance', () => {
    const stack = new Stack(testApp(), 'MyApp');
    const sluice = new SluiceLog(stack, 'Sluice', { functions: FIXTURE_FUNCTIONS });
    const role = new Role(stack, 'GatewayTask', { assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com') });
    sluice.grantGateway(role);
    const template = Template.fromStack(stack);
    const actions = new Set(allowedActions(template, stack, role));
    const expected = new Set(['produce', 'fetch', 'groups', 'admin'].flatMap((n) => {
      const row = FUNCTION_ACCESS[n as 'produce'];
      const objects = !row.objects ? [] : 'actions' in row.objects ? [row.objects] : row.objects;
      return [...objects.flatMap((o) => o.actions), ...(row.metadata ?? []), ...(row.log ?? [])];
    }));
    expect([...actions].sort()).toEqual([...expected].sort());
    for (const forbidden of ['s3:DeleteObject', 's3:ListBucket', 'dynamodb:Scan', 'dynamodb:BatchWriteItem', 'lambda:InvokeFunction']) {
      expect(actions.has(forbidden), forbidden).toBe(false);
    }
    // Objects: put only under objects/, get under objects/ and segments/, never the whole bucket.
    const s3 = statementsOf(template, stack, role).filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
    const resources = (action: string) => s3.filter((s) => [s.Action].flat().includes(action)).flatMap((s) => [s.Resource].flat()).map((r) => JSON.stringify(r));
    expect(resources('s3:PutObject')).toEqual([JSON.stringify(stack.resolve(sluice.bucket.arnForObjects('objects/*')))]);
    expect(resources('s3:GetObject').sort()).toEqual(['objects/*', 'segments/*'].map((p) => JSON.stringify(stack.resolve(sluice.bucket.arnForObjects(p)))).sort());
  });

  it('unions rows by action and prefix', () => {
    const u = unionAccess([
      { objects: { actions: ['s3:GetObject'], prefixes: ['a/'] }, metadata: ['dynamodb:GetItem'] },
      { objects: [{ actions: ['s3:GetObject', 's3:PutObject'], prefixes: ['b/'] }], metadata: ['dynamodb:GetItem', 'dynamodb:Query'], log: ['dynamodb:Query'] },
    ]);
    expect(u.objects).toEqual([{ actions: ['s3:GetObject'], prefixes: ['a/', 'b/'] }, { actions: ['s3:PutObject'], prefixes: ['b/'] }]);
    expect(u.metadata).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(u.log).toEqual(['dynamodb:Query']);
    expect(GATEWAY_ACCESS.listPrefixes).toBeUndefined();
  });
});
