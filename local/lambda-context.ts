import type { Context } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID } from './function-url-event.ts';

/** The longest a Lambda invocation may run; a Function URL keeps the connection that long. */
const TIMEOUT_MS = 15 * 60_000;

/** A Lambda context for one local invocation, with the fields handlers actually read. */
export function lambdaContext(functionName: string, requestId: string, region: string): Context {
  const deadline = Date.now() + TIMEOUT_MS;
  const noop = (): void => undefined;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: noop,
    fail: noop,
    succeed: noop,
  };
}
