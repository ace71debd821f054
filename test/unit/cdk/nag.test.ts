import { Stack, Validations, type App } from 'aws-cdk-lib';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { flattenCfnReference as cdkNagFlatten } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import { describe, expect, it } from 'vitest';
import { flattenCfnReference } from '../../../cdk/nag.ts';
import { buildSluiceApp } from '../../../cdk/sluice-app.ts';
import { FIXTURE_FUNCTIONS, sluiceInOwnStack, sluiceStack, testApp } from './stack-fixture.ts';

const SYNTH_TIMEOUT = 60_000;

function violations(app: App) {
  return new AwsSolutionsChecks().validateScope(app).violations;
}

function acknowledgements(app: App): { path: string; id: string; reason: string }[] {
  const found: { path: string; id: string; reason: string }[] = [];
  for (const construct of app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: construct.node.path, id, reason });
      }
    }
  }
  return found;
}

describe('cdk-nag AwsSolutions checks', () => {
  it('find no unacknowledged error or warning in SluiceStack', () => {
    const { app } = sluiceStack();
    const found = violations(app).map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(found).toEqual([]);
  }, SYNTH_TIMEOUT);

  it('find none with server access logs sent to another bucket', () => {
    const { app } = sluiceInOwnStack((stack) => ({
      serverAccessLogsBucket: Bucket.fromBucketName(stack, 'Logs', 'access-logs'),
    }));
    expect(violations(app)).toEqual([]);
    expect(acknowledgements(app).filter((a) => a.id.includes('AwsSolutions-S1'))).toEqual([]);
  }, SYNTH_TIMEOUT);

  it('find none with an existing bucket and existing tables passed in', () => {
    const { app } = sluiceInOwnStack((stack) => ({
      bucket: Bucket.fromBucketName(stack, 'Bucket', 'existing-bucket'),
      metadataTable: Table.fromTableName(stack, 'Meta', 'existing-metadata'),
      logTable: Table.fromTableName(stack, 'Log', 'existing-log'),
    }));
    expect(violations(app)).toEqual([]);
  }, SYNTH_TIMEOUT);

  it('let synthesis succeed with the plugin registered the way cdk/app.ts registers it', () => {
    const app = testApp();
    buildSluiceApp(app, { sluice: { functions: FIXTURE_FUNCTIONS } });
    const assembly = app.synth();
    expect(assembly.getStackByName('SluiceStack').template.Resources).toBeDefined();
  }, SYNTH_TIMEOUT);

  it('are live: they report an unprotected bucket added next to Sluice', () => {
    const { app } = sluiceStack();
    new Bucket(new Stack(app, 'Careless'), 'Plain');
    const rules = violations(app).map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  }, SYNTH_TIMEOUT);

  it('carry a written reason of at least 80 characters for every acknowledgement', () => {
    const { app } = sluiceStack();
    const all = acknowledgements(app);
    expect(all.map((a) => a.id.replace(/^annotation::/i, '').replace(/\[.*$/, '')).sort()).toEqual([
      // produce objects/; fetch and groups objects/ and segments/; maintenance objects/, segments/, maintenance/
      ...Array<string>(8).fill('AwsSolutions-IAM5'),
      ...Array<string>(5).fill('AwsSolutions-L1'),
      'AwsSolutions-S1',
    ]);
    for (const { reason } of all) expect(reason.trim().length).toBeGreaterThanOrEqual(80);
  }, SYNTH_TIMEOUT);

  it('acknowledge S3 wildcards only for the key prefixes each role needs, once per prefix, each on its own role', () => {
    const { app, stack } = sluiceStack();
    const iam5 = acknowledgements(app).filter((a) => a.id.includes('AwsSolutions-IAM5'));
    const { roles } = stack.sluice;
    const prefix = (id: string) => /\/([a-z]+)\/\*\]$/.exec(id)?.[1];
    const byRole = (role: { node: { path: string } }) => iam5.filter((a) => a.path === role.node.path).map((a) => prefix(a.id)).sort();
    expect(byRole(roles.produce)).toEqual(['objects']);
    expect(byRole(roles.fetch)).toEqual(['objects', 'segments']);
    expect(byRole(roles.groups)).toEqual(['objects', 'segments']);
    expect(byRole(roles.maintenance)).toEqual(['maintenance', 'objects', 'segments']);
    expect(byRole(roles.admin)).toEqual([]);
    for (const { id } of iam5) expect(id).toMatch(/AwsSolutions-IAM5\[Resource::<[A-Za-z0-9]+\.Arn>\/(objects|segments|maintenance)\/\*\]$/);
  }, SYNTH_TIMEOUT);

  it('do not acknowledge the latest-runtime rule when another runtime is chosen', async () => {
    const { Runtime } = await import('aws-cdk-lib/aws-lambda');
    const { app } = sluiceStack({ runtime: Runtime.NODEJS_24_X });
    expect(acknowledgements(app).filter((a) => a.id.includes('AwsSolutions-L1'))).toEqual([]);
    expect(violations(app)).toEqual([]);
  }, SYNTH_TIMEOUT);
});

describe('flattenCfnReference', () => {
  it('flattens references exactly as cdk-nag does', () => {
    const samples: unknown[] = [
      'arn:aws:s3:::bucket/objects/*',
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket123', 'Arn'] }, '/objects/*']] },
      { 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 's3', '', '', 'b/*']] },
      { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b/*' },
      { 'Fn::ImportValue': 'Other:ExportsOutputFnGetAttBucketArn' },
      { 'Fn::Select': [0, ['a*']] },
    ];
    for (const sample of samples) expect(flattenCfnReference(sample)).toBe(cdkNagFlatten(sample));
  });
});
