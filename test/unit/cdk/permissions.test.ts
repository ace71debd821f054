import type { Template } from 'aws-cdk-lib/assertions';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SluiceStack } from '../../../cdk/sluice-stack.ts';
import { actionsOf, allowedActions, sluiceInOwnStack, sluiceStack, statementsOf, type Statement } from './stack-fixture.ts';

const SYNTH_TIMEOUT = 60_000;

describe('IAM roles of the Sluice functions', () => {
  let template: Template;
  let stack: SluiceStack;
  beforeAll(() => {
    ({ template, stack } = sluiceStack());
  }, SYNTH_TIMEOUT);

  const ref = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
  const actions = (role: IRole) => allowedActions(template, stack, role);
  const statementsOn = (role: IRole, resource: unknown): Statement[] =>
    statementsOf(template, stack, role).filter((s) =>
      [s.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(stack.resolve(resource))),
    );

  it('gives each function a role of its own, assumed by Lambda, with no managed policy', () => {
    const { roles, functions } = stack.sluice;
    const ids = Object.values(roles).map(ref);
    expect(new Set(ids).size).toBe(5);
    template.resourceCountIs('AWS::IAM::Role', 5);
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
      ]);
    }
    for (const [name, fn] of Object.entries(functions)) {
      expect(fn.role).toBe(roles[name as keyof typeof roles]);
    }
  });

  it('lets each role write logs to its own log group only', () => {
    const { roles, logGroups } = stack.sluice;
    for (const name of ['admin', 'produce', 'fetch', 'groups', 'maintenance'] as const) {
      const logStatements = statementsOf(template, stack, roles[name]).filter((s) =>
        [s.Action].flat().some((a) => a.startsWith('logs:')),
      );
      expect(logStatements).toHaveLength(1);
      expect(logStatements[0]!.Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(logStatements[0]!.Resource).toEqual(stack.resolve(logGroups[name].logGroupArn));
    }
  });

  it('lets produce put objects under objects/ and nothing else in S3', () => {
    const produce = stack.sluice.roles.produce;
    const s3 = actions(produce).filter((a) => a.startsWith('s3:'));
    expect(s3).toEqual(['s3:PutObject']);
    const [statement] = statementsOf(template, stack, produce).filter((s) => [s.Action].flat().includes('s3:PutObject'));
    expect(statement!.Resource).toEqual(stack.resolve(stack.sluice.bucket.arnForObjects('objects/*')));
  });

  it('lets produce commit index items, keep idempotent producer state, and read topics', () => {
    const { roles, metadataTable, logTable } = stack.sluice;
    const onLog = statementsOn(roles.produce, logTable.tableArn).flatMap((s) => [s.Action].flat());
    const onMetadata = statementsOn(roles.produce, metadataTable.tableArn).flatMap((s) => [s.Action].flat());
    expect(onLog.sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    expect(onMetadata.sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
  });

  it('never lets produce delete or read objects', () => {
    const produce = actions(stack.sluice.roles.produce);
    for (const forbidden of ['s3:DeleteObject', 's3:GetObject', 'dynamodb:DeleteItem']) {
      expect(produce).not.toContain(forbidden);
    }
  });

  it('lets fetch read objects and segments and query both tables, and write nothing', () => {
    const { roles, metadataTable, logTable, bucket } = stack.sluice;
    const fetch = actions(roles.fetch);
    expect(fetch.filter((a) => a.startsWith('s3:'))).toEqual(['s3:GetObject']);
    const [read] = statementsOf(template, stack, roles.fetch).filter((s) => actionsOf(s).includes('s3:GetObject'));
    expect(read!.Resource).toEqual([stack.resolve(bucket.arnForObjects('objects/*')), stack.resolve(bucket.arnForObjects('segments/*'))]);
    for (const forbidden of ['s3:PutObject', 's3:DeleteObject', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']) {
      expect(fetch).not.toContain(forbidden);
    }
    for (const table of [metadataTable, logTable]) {
      const onTable = statementsOn(roles.fetch, table.tableArn).flatMap((s) => [s.Action].flat());
      expect(onTable.sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    }
  });

  it('lets admin change topic items and query the log table, with no S3 access at all', () => {
    const { roles, metadataTable, logTable } = stack.sluice;
    const admin = actions(roles.admin);
    expect(admin.filter((a) => a.startsWith('s3:'))).toEqual([]);
    const onMetadata = statementsOn(roles.admin, metadataTable.tableArn).flatMap((s) => [s.Action].flat());
    expect(onMetadata.sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    const onLog = statementsOn(roles.admin, logTable.tableArn).flatMap((s) => [s.Action].flat());
    expect(onLog).toEqual(['dynamodb:Query']);
  });

  it('lets groups change group, member and lease items and read objects, but write no object and nothing in the log table', () => {
    const { roles, metadataTable, logTable } = stack.sluice;
    const groups = actions(roles.groups);
    expect(groups.filter((a) => a.startsWith('s3:'))).toEqual(['s3:GetObject']);
    const onMetadata = statementsOn(roles.groups, metadataTable.tableArn).flatMap((s) => [s.Action].flat());
    expect(onMetadata.sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(statementsOn(roles.groups, logTable.tableArn).flatMap((s) => [s.Action].flat())).toEqual(['dynamodb:Query']);
  });

  it('grants no wildcard action, and no Scan, batch or table-level operation to any role but maintenance (which has no table-level one)', () => {
    for (const [name, role] of Object.entries(stack.sluice.roles)) {
      for (const action of actions(role)) {
        expect(action).not.toContain('*');
        expect(action).not.toMatch(/^dynamodb:(CreateTable|DeleteTable|UpdateTable)/);
        if (name !== 'maintenance') expect(action).not.toMatch(/^(dynamodb:(Scan|Batch)|s3:(DeleteObject|ListBucket))/);
      }
    }
  });

  it('gives maintenance exactly the S3 actions it uses, each on its prefixes, and lists only the data prefixes', () => {
    const { roles, bucket } = stack.sluice;
    const s3 = statementsOf(template, stack, roles.maintenance).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    const on = (prefixes: string[]) => prefixes.map((p) => stack.resolve(bucket.arnForObjects(`${p}*`)));
    const byAction = Object.fromEntries(s3.map((s) => [actionsOf(s).join(','), s]));
    expect(Object.keys(byAction).sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject']);
    expect(byAction['s3:GetObject']!.Resource).toEqual(on(['objects/', 'segments/', 'maintenance/']));
    expect(byAction['s3:PutObject']!.Resource).toEqual(on(['segments/', 'maintenance/']));
    expect(byAction['s3:DeleteObject']!.Resource).toEqual(on(['objects/', 'segments/']));
    expect(byAction['s3:ListBucket']!.Resource).toEqual(stack.resolve(bucket.bucketArn));
    expect(byAction['s3:ListBucket']!.Condition).toEqual({ StringLike: { 's3:prefix': ['objects/*', 'segments/*'] } });
  });

  it('gives maintenance exactly the DynamoDB actions its store uses', () => {
    const { roles, metadataTable, logTable } = stack.sluice;
    const onMetadata = statementsOn(roles.maintenance, metadataTable.tableArn).flatMap((s) => actionsOf(s));
    const onLog = statementsOn(roles.maintenance, logTable.tableArn).flatMap((s) => actionsOf(s));
    expect(onMetadata.sort()).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(onLog.sort()).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan']);
  });

  it('lets maintenance invoke itself and no other function, through a policy of its own', () => {
    const { roles, functions } = stack.sluice;
    const invoke = statementsOf(template, stack, roles.maintenance).filter((s) => actionsOf(s).some((a) => a.startsWith('lambda:')));
    expect(invoke).toHaveLength(1);
    expect(actionsOf(invoke[0]!)).toEqual(['lambda:InvokeFunction']);
    expect(invoke[0]!.Resource).toEqual(stack.resolve(functions.maintenance.functionArn));
    for (const name of ['admin', 'produce', 'fetch', 'groups'] as const) {
      expect(actions(roles[name]).filter((a) => a.startsWith('lambda:'))).toEqual([]);
    }
  });

  it('names no resource wider than one key prefix of the Sluice bucket', () => {
    for (const role of Object.values(stack.sluice.roles)) {
      for (const statement of statementsOf(template, stack, role)) {
        for (const resource of [statement.Resource].flat()) {
          const text = JSON.stringify(resource);
          expect(text).not.toBe('"*"');
          if (text.includes('*')) expect(text).toMatch(/\/(objects|segments|maintenance)\/\*"\]\]\}$/);
        }
      }
    }
  });

  it('points every table statement at a Sluice table', () => {
    const tables = [stack.sluice.metadataTable, stack.sluice.logTable].map((t) => ref(t));
    for (const role of Object.values(stack.sluice.roles)) {
      for (const statement of statementsOf(template, stack, role)) {
        if (![statement.Action].flat().some((a) => a.startsWith('dynamodb:'))) continue;
        for (const resource of [statement.Resource].flat() as { 'Fn::GetAtt': [string, string] }[]) {
          expect(tables).toContain(resource['Fn::GetAtt'][0]);
        }
      }
    }
  });

  it('grants the key of a KMS-encrypted bucket passed in: GenerateDataKey to produce, Decrypt to fetch', () => {
    const keyArn = 'arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000';
    const { stack: own, sluice, template: kmsTemplate } = sluiceInOwnStack((s) => ({
      bucket: Bucket.fromBucketAttributes(s, 'Encrypted', {
        bucketName: 'encrypted-bucket',
        encryptionKey: Key.fromKeyArn(s, 'Key', keyArn),
      }),
    }));
    const onKey = (role: IRole) =>
      statementsOf(kmsTemplate, own, role)
        .filter((st) => JSON.stringify(st.Resource) === JSON.stringify(keyArn))
        .flatMap((st) => [st.Action].flat());
    expect(onKey(sluice.roles.produce)).toEqual(['kms:GenerateDataKey']);
    expect(onKey(sluice.roles.fetch)).toEqual(['kms:Decrypt']);
    expect(onKey(sluice.roles.admin)).toEqual([]);
    expect(onKey(sluice.roles.groups)).toEqual(['kms:Decrypt']);
  }, SYNTH_TIMEOUT);
});
