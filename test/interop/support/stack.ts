/**
 * The gateway and the topics the interop tests use. Topics are made through the SDK (the HTTPS
 * API), not through a Kafka client, so each client's data tests do not depend on its admin API;
 * the admin tests create theirs through the client.
 */
import { createClient, type SluiceClient } from '../../../sdk/index.ts';
import { localCredentials, localEndpoint, localKafkaBroker, localRegion, uniqueName } from '../../support/env.ts';

/** `host:port` of the gateway, as a client's bootstrap servers. */
export function bootstrap(): string {
  return localKafkaBroker();
}

export function sdk(): SluiceClient {
  return createClient({ endpoint: localEndpoint(), credentials: localCredentials(), region: localRegion() });
}

/** A new topic with `partitions` partitions; names stay valid for every client (letters, digits, `-`). */
export async function newTopic(prefix: string, partitions: number): Promise<string> {
  const topic = uniqueName(prefix);
  await sdk().admin().createTopic({ topic, numPartitions: partitions });
  return topic;
}

export { uniqueName };
