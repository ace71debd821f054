/**
 * The entry point: one client per service endpoint, making admins, producers and readers that
 * share its signer, endpoint discovery and retry policy.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { Admin } from './admin.ts';
import { Consumer } from './consumer.ts';
import type { ConsumerOptions } from './consumer-types.ts';
import { Groups } from './groups.ts';
import type { Endpoints } from './endpoints.ts';
import type { FetchLike } from './http.ts';
import { Producer, type ProducerOptions } from './producer.ts';
import { PartitionReader, type ReaderOptions } from './reader.ts';
import type { RetryOptions } from './retry.ts';
import { createSigner } from './signer.ts';
import { Transport } from './transport.ts';

export interface ClientOptions {
  /** The admin Function URL (or the local server's URL). The others are discovered from it. */
  endpoint: string;
  /** Signing region. Default: `AWS_REGION`, `AWS_DEFAULT_REGION`, else `us-east-1`. */
  region?: string;
  /** Static credentials or a provider. Default: the AWS default chain (`fromNodeProviderChain()`). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Backoff for retriable errors. Defaults as KafkaJS: 5 retries from 300 ms, ×2, ±20%. */
  retry?: RetryOptions;
  /** Per-request timeout in ms (long-polls get their wait on top). Default 30000. */
  requestTimeoutMs?: number;
  /** Skip discovery by naming all three base URLs. */
  endpoints?: Endpoints;
  /** HTTP implementation. Default: the global `fetch`. */
  fetch?: FetchLike;
}

/**
 * The AWS default credential chain (`fromNodeProviderChain`), loaded on the first signature: a
 * client given static credentials, or one that never sends, does not load or compile the chain
 * (about a quarter of a megabyte of code), which a short-lived process such as the CLI feels.
 */
function defaultCredentialChain(): AwsCredentialIdentityProvider {
  let chain: Promise<AwsCredentialIdentityProvider> | undefined;
  return async (options) => {
    chain ??= import('@aws-sdk/credential-providers').then((m) => m.fromNodeProviderChain());
    return (await chain)(options);
  };
}

/**
 * A Sluice client.
 *
 * @example
 * ```ts
 * import { createClient } from '@sluice/sdk';
 *
 * const client = createClient({ endpoint: process.env.SLUICE_ENDPOINT! });
 * const admin = client.admin();
 * const producer = client.producer();
 * const reader = client.reader({ topic: 'orders', partition: 0, from: 'earliest' });
 * ```
 */
export class SluiceClient {
  /** Plumbing shared by everything this client makes. */
  readonly transport: Transport;
  private adminClient: Admin | undefined;
  private groupsClient: Groups | undefined;

  constructor(options: ClientOptions) {
    const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
    this.transport = new Transport({
      endpoint: options.endpoint,
      sign: createSigner({ region, credentials: options.credentials ?? defaultCredentialChain() }),
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      retry: options.retry,
      endpoints: options.endpoints,
      requestTimeoutMs: options.requestTimeoutMs,
    });
  }

  /**
   * The admin API (topics, configs, offsets).
   *
   * @example
   * ```ts
   * await client.admin().createTopic({ topic: 'orders', numPartitions: 3 });
   * ```
   */
  admin(): Admin {
    return (this.adminClient ??= new Admin(this.transport));
  }

  /**
   * A new producer.
   *
   * @example
   * ```ts
   * const producer = client.producer({ lingerMs: 10, compression: 'zstd' });
   * await producer.send({ topic: 'orders', messages: [{ key: 'k', value: 'v' }] });
   * ```
   */
  producer(options?: ProducerOptions): Producer {
    return new Producer(this.transport, this.admin(), options);
  }

  /**
   * A consumer in a group (KafkaJS's `kafka.consumer({ groupId })`).
   *
   * @example
   * ```ts
   * const consumer = client.consumer({ groupId: 'billing' });
   * await consumer.subscribe({ topics: ['orders'], fromBeginning: true });
   * await consumer.run({ eachMessage: async ({ message }) => console.log(message.value?.toString()) });
   * ```
   */
  consumer(options: ConsumerOptions): Consumer {
    return new Consumer(this.transport, this.groups(), this.admin(), options);
  }

  /**
   * The consumer-group API: describe, list, delete, reset offsets, and the protocol calls.
   *
   * @example
   * ```ts
   * const { members, totalLag } = await client.groups().describeGroup('billing');
   * ```
   */
  groups(): Groups {
    return (this.groupsClient ??= new Groups(this.transport));
  }

  /**
   * A reader of one partition.
   *
   * @example
   * ```ts
   * for await (const r of client.reader({ topic: 'orders', partition: 0, from: 'latest' })) console.log(r.value?.toString());
   * ```
   */
  reader(options: ReaderOptions): PartitionReader {
    return new PartitionReader(this.transport, this.admin(), options);
  }
}

/**
 * Makes a {@link SluiceClient}.
 *
 * @example
 * ```ts
 * const client = createClient({ endpoint: 'https://abc.lambda-url.eu-west-1.on.aws', region: 'eu-west-1' });
 * ```
 */
export function createClient(options: ClientOptions): SluiceClient {
  return new SluiceClient(options);
}
