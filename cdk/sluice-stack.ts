import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { SluiceLog, type SluiceLogProps } from './sluice-log.ts';

export interface SluiceStackProps extends StackProps {
  /** Passed to the SluiceLog construct. @default SluiceLog's defaults */
  readonly sluice?: SluiceLogProps;
}

/** The ready-made deployment: one SluiceLog and the outputs a client needs. */
export class SluiceStack extends Stack {
  public readonly sluice: SluiceLog;

  constructor(scope: Construct, id: string, props: SluiceStackProps = {}) {
    super(scope, id, {
      description: 'Sluice: a serverless log with Kafka semantics (Lambda, S3, DynamoDB)',
      ...props,
    });
    this.sluice = new SluiceLog(this, 'Sluice', props.sluice);
    const outputs: Record<string, { value: string; description: string }> = {
      AdminUrl: { value: this.sluice.endpoints.admin, description: 'Set SLUICE_ENDPOINT to this (admin API and GET /v1/endpoints)' },
      ProduceUrl: { value: this.sluice.endpoints.produce, description: 'Produce Function URL (AWS_IAM auth)' },
      FetchUrl: { value: this.sluice.endpoints.fetch, description: 'Fetch Function URL (AWS_IAM auth)' },
      MaintenanceUrl: { value: this.sluice.endpoints.maintenance, description: 'Maintenance Function URL (AWS_IAM auth): POST /v1/maintenance/run' },
      BucketName: { value: this.sluice.bucket.bucketName, description: 'S3 bucket holding record batches' },
      MetadataTableName: { value: this.sluice.metadataTable.tableName, description: 'DynamoDB table of topics and partition state' },
      LogTableName: { value: this.sluice.logTable.tableName, description: 'DynamoDB table of batch index items (offsets)' },
    };
    for (const [id, output] of Object.entries(outputs)) new CfnOutput(this, id, output);
  }
}
