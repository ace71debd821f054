/**
 * FindCoordinator (key 10), as Kafka's FindCoordinatorRequest/Response.json describe it. v4 asks
 * for many keys at once (KIP-699) and answers per key; earlier versions ask for one.
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

/** KeyType values: a consumer group, or a transactional id. */
export const COORDINATOR_KEY_TYPE = { GROUP: 0, TRANSACTION: 1 } as const;

export const FindCoordinator: MessageSchema = {
  apiKey: 10,
  name: 'FindCoordinator',
  versions: range('0-4'),
  flexibleFrom: 3,
  request: [
    field('key', 'string', '0-3'),
    field('keyType', 'int8', '1+', { default: 0 }),
    field('coordinatorKeys', array('string'), '4+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0-3'),
    field('errorMessage', 'string', '1-3', { nullable: '1-3' }),
    field('nodeId', 'int32', '0-3'),
    field('host', 'string', '0-3'),
    field('port', 'int32', '0-3'),
    field('coordinators', array(struct(
      field('key', 'string', '4+'),
      field('nodeId', 'int32', '4+'),
      field('host', 'string', '4+'),
      field('port', 'int32', '4+'),
      field('errorCode', 'int16', '4+'),
      field('errorMessage', 'string', '4+', { nullable: '4+' }),
    )), '4+'),
  ],
};
