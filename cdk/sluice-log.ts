import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import type { Grant, IGrantable, IRole } from 'aws-cdk-lib/aws-iam';
import { Architecture, InvokeMode, Runtime, type Function as LambdaFunction, type FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { FunctionName } from '../shared/api/routes.ts';
import { NATIVE_MODULES, defaultEntry, sluiceBundling } from './bundling.ts';
import { prebuiltBundleDir } from './function-code.ts';
import { FUNCTION_ACCESS, GATEWAY_ACCESS, grantFunctionAccess } from './permissions.ts';
import { SluiceFunction } from './sluice-function.ts';
import { SluiceStorage, type SluiceStorageProps } from './sluice-storage.ts';

/** Settings of one function. Unset fields take {@link FUNCTION_DEFAULTS}. */
export interface SluiceFunctionSettings {
  /** @default see FUNCTION_DEFAULTS */
  readonly memorySize?: number;
  /** @default see FUNCTION_DEFAULTS */
  readonly timeout?: Duration;
  /**
   * Handler file exporting `handler`, e.g. a wrapper around Sluice's, bundled by esbuild at synth.
   * @default the prebuilt bundle the construct package carries; in this repository, functions/<name>/index.ts
   */
  readonly entry?: string;
}

export interface SluiceLogProps extends SluiceStorageProps {
  /**
   * What happens to the bucket, the tables and the log groups this construct creates when they
   * leave the stack. Resources passed in are never touched.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /** Per-function memory, timeout and entry. @default FUNCTION_DEFAULTS, entries in functions/ */
  readonly functions?: { readonly [K in FunctionName]?: SluiceFunctionSettings };
  /** @default Runtime.NODEJS_22_X */
  readonly runtime?: Runtime;
  /** The native modules are installed for this architecture. @default Architecture.ARM_64 */
  readonly architecture?: Architecture;
  /** Retention of each function's log group. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /**
   * Invoke mode of the fetch Function URL. RESPONSE_STREAM invokes the fetch module's streaming
   * handler: a binary fetch goes out as bytes, not as base64 inside a JSON result. BUFFERED
   * invokes its buffered handler, for Regions without response streaming (docs/deploy.md says what
   * each costs). @default InvokeMode.RESPONSE_STREAM
   */
  readonly fetchInvokeMode?: InvokeMode;
  /**
   * Bundle the AWS SDK into each function instead of using the runtime's copy, so Lambda runs the
   * SDK version the lockfile pins and the tests ran (S3 checksum defaults, for one, changed within v3).
   * Applies where functions are bundled at synth; the construct package's prebuilt bundles carry the SDK.
   * @default true
   */
  readonly bundleAwsSdk?: boolean;
  /** Packages left out of the bundle and installed for the Lambda platform, where bundling at synth. @default NATIVE_MODULES */
  readonly nativeModules?: readonly string[];
  /** Extra environment variables for every function (cannot replace the SLUICE_* ones). @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Run maintenance on a schedule. `false` creates no schedule: the maintenance function and its
   * URL remain, for `sluice maintenance run`, and nothing is merged, expired or collected otherwise.
   * @default true
   */
  readonly maintenance?: boolean;
  /** How often a maintenance pass (compaction and retention of every partition) is planned. @default Duration.minutes(5) */
  readonly maintenanceInterval?: Duration;
  /** How often a pass with garbage collection is planned. @default Duration.hours(1) */
  readonly gcInterval?: Duration;
}

/** The input of each schedule: a plan, with or without garbage collection (functions/maintenance). */
export const MAINTENANCE_SCHEDULE_INPUT = { action: 'plan', gc: false } as const;
export const GC_SCHEDULE_INPUT = { action: 'plan', gc: true } as const;

/** Local-only variables (docs/local.md) that must never reach a deployed function. */
const LOCAL_ONLY_ENVIRONMENT = ['SLUICE_LOCAL_ENTRY_DELETE_DELAY_MS'];

interface FunctionDefaults {
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly description: string;
}

/** Memory and timeout of each function unless overridden in `props.functions`. */
export const FUNCTION_DEFAULTS: Readonly<Record<FunctionName, FunctionDefaults>> = {
  produce: {
    memorySize: 1024,
    timeout: Duration.seconds(30),
    description: 'Sluice produce: validate, PUT one object, commit offsets in DynamoDB',
  },
  fetch: {
    // Long-polls for up to 30 s, then reads; the extra time is for the ranged GETs.
    memorySize: 1024,
    timeout: Duration.seconds(60),
    description: 'Sluice fetch: index lookup, ranged GETs, long-poll, list offsets',
  },
  admin: {
    memorySize: 512,
    timeout: Duration.seconds(30),
    description: 'Sluice admin: topics, configs, partitions, endpoint discovery',
  },
  groups: {
    memorySize: 512,
    timeout: Duration.seconds(30),
    description: 'Sluice groups: consumer group heartbeats, partition leases, offset commits, group admin',
  },
  maintenance: {
    // A job builds segments in memory (up to 512 MiB a round) and stops starting rounds after 10
    // minutes; Lambda gives CPU in proportion to memory.
    memorySize: 2048,
    timeout: Duration.minutes(15),
    description: 'Sluice maintenance: compaction into segments, retention, garbage collection; scheduled plans fan out one job per invocation',
  },
};

type PerFunction<T> = Readonly<Record<FunctionName, T>>;

/**
 * Sluice in one construct: an S3 bucket and two DynamoDB tables (see {@link SluiceStorage}), and one
 * Lambda function per capability (admin, produce, fetch, groups, maintenance), each with its own least-privilege role,
 * log group and IAM-authenticated Function URL.
 *
 * @example
 * const sluice = new SluiceLog(this, 'Sluice', { removalPolicy: RemovalPolicy.DESTROY });
 * sluice.grantInvokeUrl(myConsumerFunction);
 * new CfnOutput(this, 'SluiceEndpoint', { value: sluice.endpoints.admin });
 */
export class SluiceLog extends Construct {
  public readonly storage: SluiceStorage;
  public readonly bucket: IBucket;
  public readonly metadataTable: ITable;
  public readonly logTable: ITable;
  public readonly functions: PerFunction<LambdaFunction>;
  public readonly urls: PerFunction<FunctionUrl>;
  /** Function URLs without the trailing slash. `endpoints.admin` is what clients use as SLUICE_ENDPOINT. */
  public readonly endpoints: PerFunction<string>;
  public readonly roles: PerFunction<IRole>;
  public readonly logGroups: PerFunction<ILogGroup>;
  /** The maintenance schedules (a pass every `maintenanceInterval`, a pass with GC every `gcInterval`); empty with `maintenance: false`. */
  public readonly schedules: readonly Rule[];

  constructor(scope: Construct, id: string, props: SluiceLogProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.storage = new SluiceStorage(this, 'Storage', { ...props, removalPolicy });
    this.bucket = this.storage.bucket;
    this.metadataTable = this.storage.metadataTable;
    this.logTable = this.storage.logTable;

    const architecture = props.architecture ?? Architecture.ARM_64;
    const bundling = sluiceBundling({
      architecture,
      bundleAwsSdk: props.bundleAwsSdk ?? true,
      nativeModules: props.nativeModules ?? NATIVE_MODULES,
    });
    const localOnly = LOCAL_ONLY_ENVIRONMENT.filter((name) => props.environment && Object.hasOwn(props.environment, name));
    if (localOnly.length) throw new Error(`SluiceLog: ${localOnly.join(', ')} is a local-stack setting and must not be deployed`);
    const baseEnvironment: Record<string, string> = {
      ...props.environment,
      SLUICE_BUCKET: this.bucket.bucketName,
      SLUICE_METADATA_TABLE: this.metadataTable.tableName,
      SLUICE_LOG_TABLE: this.logTable.tableName,
      NODE_OPTIONS: '--enable-source-maps',
    };

    const make = (name: FunctionName, constructId: string, extraEnvironment: Record<string, string> = {}) => {
      const defaults = FUNCTION_DEFAULTS[name];
      const settings = props.functions?.[name] ?? {};
      return new SluiceFunction(this, constructId, {
        name,
        entry: settings.entry ?? defaultEntry(name),
        ...(settings.entry === undefined ? { prebuiltDir: prebuiltBundleDir(name, architecture) } : {}),
        description: defaults.description,
        memorySize: settings.memorySize ?? defaults.memorySize,
        timeout: settings.timeout ?? defaults.timeout,
        runtime: props.runtime ?? Runtime.NODEJS_22_X,
        architecture,
        bundling,
        environment: { ...baseEnvironment, ...extraEnvironment },
        logRetention: props.logRetention ?? RetentionDays.ONE_MONTH,
        logRemovalPolicy: removalPolicy,
        invokeMode: name === 'fetch' ? (props.fetchInvokeMode ?? InvokeMode.RESPONSE_STREAM) : InvokeMode.BUFFERED,
        access: FUNCTION_ACCESS[name],
        data: this.storage,
      });
    };
    const produce = make('produce', 'Produce');
    const fetch = make('fetch', 'Fetch');
    const groups = make('groups', 'Groups');
    const maintenance = make('maintenance', 'Maintenance');
    // Admin serves GET /v1/endpoints, so clients need only the admin URL.
    const admin = make('admin', 'Admin', {
      SLUICE_PRODUCE_URL: produce.endpoint,
      SLUICE_FETCH_URL: fetch.endpoint,
      SLUICE_GROUPS_URL: groups.endpoint,
      SLUICE_MAINTENANCE_URL: maintenance.endpoint,
    });
    this.schedules = (props.maintenance ?? true)
      ? [
          this.schedule(maintenance, 'MaintenanceSchedule', props.maintenanceInterval ?? Duration.minutes(5), MAINTENANCE_SCHEDULE_INPUT),
          this.schedule(maintenance, 'GcSchedule', props.gcInterval ?? Duration.hours(1), GC_SCHEDULE_INPUT),
        ]
      : [];

    const all: PerFunction<SluiceFunction> = { admin, produce, fetch, groups, maintenance };
    const pick = <T>(get: (f: SluiceFunction) => T): PerFunction<T> => ({
      admin: get(all.admin),
      produce: get(all.produce),
      fetch: get(all.fetch),
      groups: get(all.groups),
      maintenance: get(all.maintenance),
    });
    this.functions = pick((f) => f.function);
    this.urls = pick((f) => f.url);
    this.endpoints = pick((f) => f.endpoint);
    this.roles = pick((f) => f.role);
    this.logGroups = pick((f) => f.logGroup);
  }

  /** An EventBridge rule invoking the maintenance function every `interval` with `input`. */
  private schedule(fn: SluiceFunction, id: string, interval: Duration, input: Record<string, unknown>): Rule {
    return new Rule(this, id, {
      description: `Sluice maintenance: ${JSON.stringify(input)} every ${interval.toHumanString()}`,
      schedule: Schedule.rate(interval),
      targets: [new LambdaTarget(fn.function, { event: RuleTargetInput.fromObject(input) })],
    });
  }

  /**
   * Lets `role` run a Kafka gateway (`sluice gateway`) against this deployment: the role of an ECS
   * task, an EKS pod (IRSA) or an EC2 instance beside the application. It gets exactly what the
   * produce, fetch, groups and admin functions have between them (cdk/permissions.ts,
   * GATEWAY_ACCESS), on this bucket and these tables; give the gateway SLUICE_BUCKET,
   * SLUICE_METADATA_TABLE and SLUICE_LOG_TABLE from the stack's outputs (docs/kafka.md).
   */
  public grantGateway(role: IRole): void {
    grantFunctionAccess(role, GATEWAY_ACCESS, this.storage);
  }

  /**
   * Lets `grantee` call the Function URLs (the four data-plane functions unless `names` says
   * which; add 'maintenance' for operators who run `sluice maintenance run`). Function URLs with
   * AWS_IAM auth need both `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction` (the latter
   * conditioned on `lambda:InvokedViaFunctionUrl`); this grants both.
   */
  public grantInvokeUrl(grantee: IGrantable, names: readonly FunctionName[] = ['admin', 'produce', 'fetch', 'groups']): Grant[] {
    return names.map((name) => this.urls[name].grantInvokeUrl(grantee));
  }
}
