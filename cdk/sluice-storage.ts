import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  type IBucket,
  type LifecycleRule,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LOG_TABLE_KEYS, METADATA_TABLE_KEYS } from '../shared/storage/tables.ts';

export interface SluiceStorageProps {
  /** Use this bucket instead of creating one. Its settings are then yours to keep safe. @default a new bucket */
  readonly bucket?: IBucket;
  /** Use this metadata table (key schema `pk` S, `sk` S; TTL on `ttl`). @default a new table */
  readonly metadataTable?: ITable;
  /** Use this log table (key schema `pk` S, `sk` N). @default a new table */
  readonly logTable?: ITable;
  /**
   * What happens to the bucket and tables this construct creates when they leave the stack.
   * A non-empty bucket cannot be destroyed by CloudFormation; empty it first.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Keep S3 versions. Off by default: objects are written once under fresh keys and never
   * overwritten, and a delete comes only from garbage collection or retention after DynamoDB
   * stopped referencing the object, so versions would only keep deleted data billable. When on,
   * noncurrent versions expire after 35 days (DynamoDB's point-in-time-recovery window).
   * @default false
   */
  readonly versioned?: boolean;
  /** Bucket that receives S3 server access logs. @default no access logs (CloudTrail data events cover audit) */
  readonly serverAccessLogsBucket?: IBucket;
  /** Key prefix of the access logs in `serverAccessLogsBucket`. @default 'sluice-access-logs/' */
  readonly serverAccessLogsPrefix?: string;
}

const ATTRIBUTE_TYPES = { S: AttributeType.STRING, N: AttributeType.NUMBER } as const;

type KeySchema = typeof METADATA_TABLE_KEYS | typeof LOG_TABLE_KEYS;

function tableKeys(keys: KeySchema) {
  return {
    partitionKey: { name: keys.partitionKey.name, type: ATTRIBUTE_TYPES[keys.partitionKey.type] },
    sortKey: { name: keys.sortKey.name, type: ATTRIBUTE_TYPES[keys.sortKey.type] },
  };
}

/** TTL attribute of the metadata table (epoch seconds), for items that expire by themselves. */
export const METADATA_TTL_ATTRIBUTE = 'ttl';

/**
 * The stateful half of Sluice: the object bucket and the two tables, each taken from props or
 * created. Kept apart from the functions so that it can live in its own stack and outlive them.
 */
export class SluiceStorage extends Construct {
  public readonly bucket: IBucket;
  public readonly metadataTable: ITable;
  public readonly logTable: ITable;

  constructor(scope: Construct, id: string, props: SluiceStorageProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.bucket = props.bucket ?? this.createBucket(props, removalPolicy);
    this.metadataTable =
      props.metadataTable ??
      new Table(this, 'MetadataTable', {
        ...tableKeys(METADATA_TABLE_KEYS),
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        timeToLiveAttribute: METADATA_TTL_ATTRIBUTE,
        removalPolicy,
      });
    this.logTable =
      props.logTable ??
      new Table(this, 'LogTable', {
        ...tableKeys(LOG_TABLE_KEYS),
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        removalPolicy,
      });
  }

  private createBucket(props: SluiceStorageProps, removalPolicy: RemovalPolicy): Bucket {
    const versioned = props.versioned ?? false;
    const lifecycleRules: LifecycleRule[] = [
      // Compaction may upload large segments in parts; a crashed upload must not bill forever.
      { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
    ];
    if (versioned) {
      lifecycleRules.push({ id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(35) });
    }
    const bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned,
      lifecycleRules,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: props.serverAccessLogsBucket
        ? (props.serverAccessLogsPrefix ?? 'sluice-access-logs/')
        : undefined,
      removalPolicy,
    });
    if (!props.serverAccessLogsBucket) {
      Validations.of(bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason:
          'Server access logs are opt-in (prop serverAccessLogsBucket): every produce and fetch is an S3 request, so ' +
          'access logs would add a stored log line per request, a cost that grows with traffic. The bucket is private ' +
          "and reachable only through Sluice's function roles; CloudTrail S3 data events give per-request audit where needed.",
      });
    }
    return bucket;
  }
}
