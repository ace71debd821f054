/**
 * SaslHandshake (key 17), from Kafka's SaslHandshakeRequest.json / SaslHandshakeResponse.json.
 * v0: the SASL tokens that follow travel as raw size-prefixed frames; v1: they travel in
 * SaslAuthenticate requests. Never flexible.
 */
import { array, field, range, type MessageSchema } from '../protocol/schema.ts';

export const SaslHandshake: MessageSchema = {
  apiKey: 17,
  name: 'SaslHandshake',
  versions: range('0-1'),
  request: [field('mechanism', 'string', '0+')],
  response: [field('errorCode', 'int16', '0+'), field('mechanisms', array('string'), '0+')],
};
