/**
 * ApiVersions (key 18), from Kafka's ApiVersionsRequest.json / ApiVersionsResponse.json.
 * v0-v2 are the same; v1 adds ThrottleTimeMs to the response; v3 is flexible and adds the client's
 * software name and version. v4 (KAFKA-17011) only changes feature reporting, which the gateway
 * has none of, so v3 is the highest served.
 */
import { array, field, range, struct, type MessageSchema } from '../protocol/schema.ts';

export const ApiVersions: MessageSchema = {
  apiKey: 18,
  name: 'ApiVersions',
  versions: range('0-3'),
  flexibleFrom: 3,
  request: [field('clientSoftwareName', 'string', '3+'), field('clientSoftwareVersion', 'string', '3+')],
  response: [
    field('errorCode', 'int16', '0+'),
    field('apiKeys', array(struct(field('apiKey', 'int16', '0+'), field('minVersion', 'int16', '0+'), field('maxVersion', 'int16', '0+'))), '0+'),
    field('throttleTimeMs', 'int32', '1+'),
    field(
      'supportedFeatures',
      array(struct(field('name', 'string', '3+'), field('minVersion', 'int16', '3+'), field('maxVersion', 'int16', '3+'))),
      '3+',
      { tag: 0, tagged: '3+' },
    ),
    field('finalizedFeaturesEpoch', 'int64', '3+', { tag: 1, tagged: '3+', default: '-1' }),
    field(
      'finalizedFeatures',
      array(struct(field('name', 'string', '3+'), field('maxVersionLevel', 'int16', '3+'), field('minVersionLevel', 'int16', '3+'))),
      '3+',
      { tag: 2, tagged: '3+' },
    ),
    field('zkMigrationReady', 'bool', '3+', { tag: 3, tagged: '3+', default: 'false' }),
  ],
};
