import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { InvokeMode } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOG_TABLE_KEYS, METADATA_TABLE_KEYS } from '../../../shared/storage/tables.ts';
import type { SluiceStack } from '../../../cdk/sluice-stack.ts';
import { actionsOf, sluiceInOwnStack, sluiceStack, statementsOf } from './stack-fixture.ts';

const SYNTH_TIMEOUT = 60_000;

describe('SluiceStack with default props', () => {
  let template: Template;
  let stack: SluiceStack;
  beforeAll(() => {
    ({ template, stack } = sluiceStack());
  }, SYNTH_TIMEOUT);

  it('creates one bucket that blocks all public access and encrypts with S3-managed keys', () => {
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
  });

  it('denies every request to the bucket that does not use TLS 1.2 or later', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  it('aborts incomplete multipart uploads after a day and leaves versioning off', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' })],
      },
      VersioningConfiguration: Match.absent(),
    });
  });

  it('creates the metadata table on demand with PITR, keys pk (S) and sk (S), and TTL on ttl', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
  });

  it('creates the log table on demand with PITR, keys pk (S) and sk (N), and no TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      TimeToLiveSpecification: Match.absent(),
    });
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
  });

  it('retains the bucket, both tables and the log groups when they leave the stack', () => {
    for (const type of ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::Logs::LogGroup']) {
      const resources = Object.values(template.findResources(type));
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) {
        expect(resource.DeletionPolicy).toBe('Retain');
        expect(resource.UpdateReplacePolicy).toBe('Retain');
      }
    }
  });

  it('runs five functions, all arm64 on nodejs22.x: fetch with its index.streamingHandler, the others with an index.handler', () => {
    template.resourceCountIs('AWS::Lambda::Function', 5);
    const fetchFn = stack.getLogicalId(stack.sluice.functions.fetch.node.defaultChild as never);
    for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Handler).toBe(id === fetchFn ? 'index.streamingHandler' : 'index.handler');
    }
  });

  it('gives produce 1024 MB / 30 s, fetch 1024 MB / 60 s, admin 512 MB / 30 s and maintenance 2048 MB / 15 min', () => {
    const fns = stack.sluice.functions;
    const expected = { produce: [1024, 30], fetch: [1024, 60], admin: [512, 30], groups: [512, 30], maintenance: [2048, 900] } as const;
    for (const [name, [memory, timeout]] of Object.entries(expected)) {
      const fn = fns[name as keyof typeof fns];
      template.hasResourceProperties('AWS::Lambda::Function', {
        Role: { 'Fn::GetAtt': [stack.getLogicalId(fn.role!.node.defaultChild as never), 'Arn'] },
        MemorySize: memory,
        Timeout: timeout,
      });
    }
  });

  it('tells every function the bucket and table names and turns on source maps', () => {
    const { bucket, metadataTable, logTable } = stack.sluice;
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        SLUICE_BUCKET: stack.resolve(bucket.bucketName),
        SLUICE_METADATA_TABLE: stack.resolve(metadataTable.tableName),
        SLUICE_LOG_TABLE: stack.resolve(logTable.tableName),
        NODE_OPTIONS: '--enable-source-maps',
      });
    }
  });

  it('tells only the admin function the produce, fetch, groups and maintenance URLs, without a trailing slash', () => {
    const admin = stack.sluice.functions.admin;
    const adminId = stack.getLogicalId(admin.node.defaultChild as never);
    const functions = template.findResources('AWS::Lambda::Function');
    for (const [id, fn] of Object.entries(functions)) {
      const env = fn.Properties.Environment.Variables;
      if (id === adminId) {
        expect(env.SLUICE_PRODUCE_URL).toEqual(stack.resolve(stack.sluice.endpoints.produce));
        expect(env.SLUICE_FETCH_URL).toEqual(stack.resolve(stack.sluice.endpoints.fetch));
        expect(env.SLUICE_GROUPS_URL).toEqual(stack.resolve(stack.sluice.endpoints.groups));
        expect(env.SLUICE_MAINTENANCE_URL).toEqual(stack.resolve(stack.sluice.endpoints.maintenance));
        expect(JSON.stringify(env.SLUICE_PRODUCE_URL)).toContain('Fn::Split');
      } else {
        expect(env.SLUICE_PRODUCE_URL).toBeUndefined();
        expect(env.SLUICE_FETCH_URL).toBeUndefined();
        expect(env.SLUICE_GROUPS_URL).toBeUndefined();
        expect(env.SLUICE_MAINTENANCE_URL).toBeUndefined();
      }
    }
  });

  it('puts an AWS_IAM Function URL in front of each function: fetch\'s streams its responses, the others buffer them', () => {
    template.resourceCountIs('AWS::Lambda::Url', 5);
    const fetchFn = stack.getLogicalId(stack.sluice.functions.fetch.node.defaultChild as never);
    for (const url of Object.values(template.findResources('AWS::Lambda::Url'))) {
      expect(url.Properties.AuthType).toBe('AWS_IAM');
      const isFetch = JSON.stringify(url.Properties.TargetFunctionArn) === JSON.stringify({ 'Fn::GetAtt': [fetchFn, 'Arn'] });
      expect(url.Properties.InvokeMode).toBe(isFetch ? 'RESPONSE_STREAM' : 'BUFFERED');
    }
  });

  it('adds no resource-based permission but the two schedules invoking the maintenance function', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));
    expect(permissions).toHaveLength(2);
    const rules = stack.sluice.schedules.map((r) => stack.resolve(r.ruleArn));
    for (const p of permissions) {
      expect(p.Properties).toMatchObject({
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        FunctionName: stack.resolve(stack.sluice.functions.maintenance.functionArn),
      });
      expect(rules).toContainEqual(p.Properties.SourceArn);
      expect(p.Properties.FunctionUrlAuthType).toBeUndefined();
    }
  });

  it('plans a maintenance pass every 5 minutes and a pass with garbage collection every hour', () => {
    template.resourceCountIs('AWS::Events::Rule', 2);
    const target = { Arn: stack.resolve(stack.sluice.functions.maintenance.functionArn) };
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ ...target, Input: JSON.stringify({ action: 'plan', gc: false }) })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ ...target, Input: JSON.stringify({ action: 'plan', gc: true }) })],
    });
  });

  it('keeps each function log group for one month', () => {
    template.resourceCountIs('AWS::Logs::LogGroup', 5);
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBe(30);
    }
    template.allResourcesProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: Match.anyValue() } } });
  });

  it('outputs AdminUrl, ProduceUrl, FetchUrl, MaintenanceUrl, BucketName, MetadataTableName and LogTableName', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs).sort()).toEqual(
      ['AdminUrl', 'BucketName', 'FetchUrl', 'LogTableName', 'MaintenanceUrl', 'MetadataTableName', 'ProduceUrl'].sort(),
    );
    expect(outputs.MaintenanceUrl!.Value).toEqual(stack.resolve(stack.sluice.endpoints.maintenance));
    expect(outputs.AdminUrl!.Value).toEqual(stack.resolve(stack.sluice.endpoints.admin));
    expect(outputs.BucketName!.Value).toEqual(stack.resolve(stack.sluice.bucket.bucketName));
  });
});

describe('SluiceStack with overridden props', () => {
  it('applies a DESTROY removal policy to the bucket, tables and log groups', () => {
    const { template } = sluiceStack({ removalPolicy: RemovalPolicy.DESTROY });
    for (const type of ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::Logs::LogGroup']) {
      for (const resource of Object.values(template.findResources(type))) {
        expect(resource.DeletionPolicy).toBe('Delete');
      }
    }
  }, SYNTH_TIMEOUT);

  it('takes memory, timeout, log retention and the fetch invoke mode from props', () => {
    const { template, stack } = sluiceStack({
      functions: { fetch: { memorySize: 2048, timeout: Duration.seconds(90) } },
      logRetention: RetentionDays.ONE_WEEK,
      fetchInvokeMode: InvokeMode.BUFFERED,
    });
    const fetchRole = stack.sluice.roles.fetch.node.defaultChild as never;
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [stack.getLogicalId(fetchRole), 'Arn'] },
      MemorySize: 2048,
      Timeout: 90,
    });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    const fetchFn = stack.getLogicalId(stack.sluice.functions.fetch.node.defaultChild as never);
    template.hasResourceProperties('AWS::Lambda::Url', {
      TargetFunctionArn: { 'Fn::GetAtt': [fetchFn, 'Arn'] },
      InvokeMode: 'BUFFERED',
    });
    // A buffered URL invokes the module's buffered handler; a streaming handler needs a streaming URL.
    template.hasResourceProperties('AWS::Lambda::Function', { Role: { 'Fn::GetAtt': [stack.getLogicalId(fetchRole), 'Arn'] }, Handler: 'index.handler' });
  }, SYNTH_TIMEOUT);

  it('turns versioning on with expiry of noncurrent versions when asked', () => {
    const { template } = sluiceStack({ versioned: true });
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 35 } })]),
      },
    });
  }, SYNTH_TIMEOUT);

  it('sends server access logs to the given bucket', () => {
    const { template } = sluiceInOwnStack((stack) => ({
      serverAccessLogsBucket: new Bucket(stack, 'AccessLogs'),
    }));
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'sluice-access-logs/' },
    });
  }, SYNTH_TIMEOUT);

  it('uses an existing bucket and existing tables instead of creating them', () => {
    const { template } = sluiceInOwnStack((stack) => ({
      bucket: Bucket.fromBucketName(stack, 'Existing', 'my-sluice-bucket'),
      metadataTable: Table.fromTableName(stack, 'Meta', 'my-sluice-metadata'),
      logTable: Table.fromTableName(stack, 'Log', 'my-sluice-log'),
    }));
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    template.allResourcesProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          SLUICE_BUCKET: 'my-sluice-bucket',
          SLUICE_METADATA_TABLE: 'my-sluice-metadata',
          SLUICE_LOG_TABLE: 'my-sluice-log',
        }),
      },
    });
  }, SYNTH_TIMEOUT);

  it('builds each table from its key schema in shared/storage/tables.ts', () => {
    const { template, stack } = sluiceStack();
    const tables = template.findResources('AWS::DynamoDB::Table');
    const cases = [
      [stack.sluice.metadataTable, METADATA_TABLE_KEYS],
      [stack.sluice.logTable, LOG_TABLE_KEYS],
    ] as const;
    for (const [table, keys] of cases) {
      const props = tables[stack.getLogicalId(table.node.defaultChild as never)]!.Properties;
      expect(props.KeySchema).toEqual([
        { AttributeName: keys.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: keys.sortKey.name, KeyType: 'RANGE' },
      ]);
      expect(props.AttributeDefinitions).toEqual([
        { AttributeName: keys.partitionKey.name, AttributeType: keys.partitionKey.type },
        { AttributeName: keys.sortKey.name, AttributeType: keys.sortKey.type },
      ]);
    }
  }, SYNTH_TIMEOUT);
});

describe('SluiceLog maintenance schedules', () => {
  it('take their intervals from props', () => {
    const { template } = sluiceStack({ maintenanceInterval: Duration.minutes(15), gcInterval: Duration.hours(6) });
    template.resourceCountIs('AWS::Events::Rule', 2);
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)' });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(6 hours)' });
  }, SYNTH_TIMEOUT);

  it('are left out with maintenance: false, while the function and its URL stay for manual runs', () => {
    const { template, stack } = sluiceStack({ maintenance: false });
    template.resourceCountIs('AWS::Events::Rule', 0);
    template.resourceCountIs('AWS::Lambda::Permission', 0);
    template.resourceCountIs('AWS::Lambda::Url', 5);
    expect(stack.sluice.schedules).toEqual([]);
  }, SYNTH_TIMEOUT);

  it('refuse the local-only entry delete delay in the environment', () => {
    expect(() => sluiceStack({ environment: { SLUICE_LOCAL_ENTRY_DELETE_DELAY_MS: '0' } })).toThrow(/local-stack setting/);
  }, SYNTH_TIMEOUT);
});

describe('SluiceLog.grantInvokeUrl', () => {
  it('lets a principal call the four data-plane Function URLs with both permissions AWS_IAM URLs require', () => {
    let caller!: Role;
    const { stack, template } = sluiceStack({}, {
      configure: (s) => {
        caller = new Role(s, 'Caller', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
        s.sluice.grantInvokeUrl(caller);
      },
    });
    const statements = statementsOf(template, stack, caller);
    const urlStatements = statements.filter((s) => actionsOf(s).includes('lambda:InvokeFunctionUrl'));
    const invokeStatements = statements.filter((s) => actionsOf(s).includes('lambda:InvokeFunction'));
    const targets = (list: typeof statements) => list.flatMap((s) => [s.Resource].flat().map((r) => JSON.stringify(r)));
    const { maintenance, ...dataPlane } = stack.sluice.functions;
    for (const fn of Object.values(dataPlane)) {
      const arn = JSON.stringify(stack.resolve(fn.functionArn));
      expect(targets(urlStatements)).toContain(arn);
      expect(targets(invokeStatements)).toContain(arn);
    }
    // Running maintenance by hand is an operator's grant: asked for by name.
    expect(targets(urlStatements)).not.toContain(JSON.stringify(stack.resolve(maintenance.functionArn)));
    for (const s of urlStatements) {
      expect(s.Condition).toEqual({ StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } });
    }
    for (const s of invokeStatements) {
      expect(s.Condition).toEqual({ Bool: { 'lambda:InvokedViaFunctionUrl': true } });
    }
  }, SYNTH_TIMEOUT);

  it('can be limited to some of the functions', () => {
    let caller!: Role;
    let grants: unknown[] = [];
    const { stack, template } = sluiceStack({}, {
      configure: (s) => {
        caller = new Role(s, 'Caller', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
        grants = s.sluice.grantInvokeUrl(caller, ['produce']);
      },
    });
    expect(grants).toHaveLength(1);
    const statements = statementsOf(template, stack, caller);
    const resources = statements.flatMap((s) => [s.Resource].flat().map((r) => JSON.stringify(r)));
    expect(resources).toContain(JSON.stringify(stack.resolve(stack.sluice.functions.produce.functionArn)));
    expect(resources).not.toContain(JSON.stringify(stack.resolve(stack.sluice.functions.fetch.functionArn)));
  }, SYNTH_TIMEOUT);
});
