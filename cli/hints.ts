/**
 * What to do about an error, by its code: printed after `error: CODE: message` on its own line as
 * `hint: ...`. The codes are the service's (shared/api/errors.ts) and the SDK's client-side ones.
 */
import type { ErrorCode } from '../shared/api/errors.ts';
import type { ClientErrorCode } from '../sdk/index.ts';

// Keyed by the closed sets of codes, so a renamed code fails to compile here.
const HINTS: Partial<Record<ErrorCode | ClientErrorCode, string>> = {
  UNKNOWN_TOPIC: 'list topics with `sluice topics list`, or create it with `sluice topics create NAME`',
  UNKNOWN_PARTITION: 'see the partitions with `sluice topics describe TOPIC`; grow a topic with `sluice topics add-partitions`',
  UNKNOWN_GROUP: 'list groups with `sluice groups list`',
  TOPIC_ALREADY_EXISTS: 'pick another name, or delete it first with `sluice topics delete NAME`',
  OFFSET_OUT_OF_RANGE: 'see the valid range with `sluice offsets TOPIC`; --from beginning or end always works',
  INVALID_CONFIG: 'see docs/api.md for the topic configs and their ranges',
  INVALID_PARTITIONS: 'a topic can only grow: give a total larger than its current partition count',
  INVALID_TOPIC_NAME: 'topic names are 1–249 characters of letters, digits, ".", "_" and "-"',
  MISSING_SIGNATURE: 'requests must be SigV4-signed: set AWS credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a role)',
  INVALID_SIGNATURE: 'check the AWS credentials, and that --region / AWS_REGION is the region of the deployment',
  SIGNATURE_EXPIRED: "check this machine's clock, and refresh temporary credentials",
  HTTP_403: 'the credentials lack lambda:InvokeFunctionUrl (and lambda:InvokeFunction) on the Sluice functions, or the region is wrong; see docs/deploy.md',
  HTTP_404: 'SLUICE_ENDPOINT (or --endpoint) should be the admin Function URL, or the local server printed by `npm start`',
  NETWORK_ERROR: 'check SLUICE_ENDPOINT (or --endpoint) and that the service is reachable',
  TIMEOUT: 'the service did not answer in time; retry, or check its Lambda logs',
  THROTTLED: 'the storage is throttling: retry later, or spread the load over more partitions',
  STORAGE_UNAVAILABLE: 'the storage did not answer: retry; a produce may or may not have been written',
  GROUP_NOT_EMPTY: 'stop the members (or wait for their sessions to expire), then retry',
  PRODUCER_FENCED: 'another producer with the same transactional id took over',
  RECORD_TOO_LARGE: 'see the limits in docs/api.md: records and requests have a maximum size',
  PAYLOAD_TOO_LARGE: 'send smaller requests: see the limits in docs/api.md',
  TOO_MANY_RECORDS: 'send fewer records per request: see the limits in docs/api.md',
};

export function hintFor(code: string): string | undefined {
  return HINTS[code as ErrorCode] ?? (/^HTTP_5\d\d$/.test(code) ? 'the service failed: retry, and check its Lambda logs' : undefined);
}
