import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Context } from 'aws-lambda';
import { mapLimit } from '../../shared/log/map-limit.ts';
import type { MaintenanceJobSpec } from '../../shared/maintenance/index.ts';

/**
 * Sends each planned job to its own asynchronous invocation of this function. Lambda's API is
 * the edge here, as DynamoDB and S3 are in shared/storage: only this file imports the Lambda
 * client, so no other function's bundle carries it.
 */
export interface JobSender {
  /** Answers how many invocations Lambda accepted; a refused one is logged and left to the next pass. */
  send(target: string, jobs: readonly MaintenanceJobSpec[]): Promise<{ sent: number; failed: number }>;
}

/** Invocations in flight at once: Lambda's Invoke API takes them in a few ms each. */
const SEND_CONCURRENCY = 16;

/**
 * The unqualified ARN of the function that is running: the schedule invokes it unqualified, and
 * the role may invoke exactly that ARN (cdk/permissions.ts), so a qualifier is dropped.
 */
export function selfTarget(context: Pick<Context, 'invokedFunctionArn' | 'functionName'>): string {
  const arn = context.invokedFunctionArn;
  if (arn && arn.startsWith('arn:')) return arn.split(':').slice(0, 7).join(':');
  return context.functionName;
}

export function lambdaJobSender(client: LambdaClient = new LambdaClient({})): JobSender {
  return {
    async send(target, jobs) {
      let failed = 0;
      await mapLimit(jobs, SEND_CONCURRENCY, async (job) => {
        try {
          await client.send(
            new InvokeCommand({ FunctionName: target, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ action: 'job', job })) }),
          );
        } catch (e) {
          failed++;
          console.error(JSON.stringify({ level: 'ERROR', message: 'maintenance job not sent', job, error: String(e) }));
        }
      });
      return { sent: jobs.length - failed, failed };
    },
  };
}
