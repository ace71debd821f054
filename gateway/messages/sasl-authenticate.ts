/**
 * SaslAuthenticate (key 36), from Kafka's SaslAuthenticateRequest.json / SaslAuthenticateResponse.json.
 * v1 adds the session lifetime; v2 is flexible.
 */
import { field, range, type MessageSchema } from '../protocol/schema.ts';

export const SaslAuthenticate: MessageSchema = {
  apiKey: 36,
  name: 'SaslAuthenticate',
  versions: range('0-2'),
  flexibleFrom: 2,
  request: [field('authBytes', 'bytes', '0+')],
  response: [
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+' }),
    field('authBytes', 'bytes', '0+'),
    field('sessionLifetimeMs', 'int64', '1+', { default: '0' }),
  ],
};
