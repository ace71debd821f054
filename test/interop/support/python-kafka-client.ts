/**
 * One Python Kafka client (confluent-kafka or kafka-python) as the tests drive it: the same four
 * scripts per client (produce, consume, group member, admin), the same job and event shapes.
 */
import { requirePythonModule } from './clients.ts';
import { ScriptMember, type GroupMember } from './group-member.ts';
import { runScript, type ClientEvent } from './python-client.ts';
import { readRecords, type ReadRecord, type TestRecord } from './records.ts';

const TIMEOUT_MS = 120_000;

export interface Delivered {
  partition: number;
  offset: number;
  key: string | null;
  value: string;
}

export interface ProduceRecord extends TestRecord {
  partition?: number;
}

export class PythonKafkaClient {
  constructor(
    /** Script prefix in test/interop/clients/: `confluent` or `kafka_python`. */
    private readonly prefix: 'confluent' | 'kafka_python',
    private readonly bootstrap: () => string,
  ) {}

  /** The client's version; fails with the install command when the module is missing. */
  ready(): Promise<string> {
    return this.prefix === 'confluent'
      ? requirePythonModule('confluent_kafka', `confluent_kafka.version()[0] + ' on librdkafka ' + confluent_kafka.libversion()[0]`)
      : requirePythonModule('kafka', 'kafka.__version__');
  }

  /** Produces with the client's own settings (`config`, in the client's spelling); returns its delivery reports. */
  async produce(topic: string, records: readonly ProduceRecord[], config: Record<string, unknown> = {}): Promise<Delivered[]> {
    await this.ready();
    const events = await runScript(`${this.prefix}_produce.py`, { bootstrap: this.bootstrap(), topic, records, config }, TIMEOUT_MS);
    return events
      .filter((e) => e.event === 'delivered')
      .map((e) => ({ partition: e.partition as number, offset: e.offset as number, key: e.key as string | null, value: e.value as string }));
  }

  /** Reads up to each partition's end, from the beginning or from `offset`, by assignment. */
  async consume(topic: string, opts: { partitions?: number[]; offset?: number } = {}): Promise<ReadRecord[]> {
    await this.ready();
    const events = await runScript(
      `${this.prefix}_consume.py`,
      { bootstrap: this.bootstrap(), topic, ...(opts.partitions ? { partitions: opts.partitions } : {}), ...(opts.offset !== undefined ? { offset: opts.offset } : {}) },
      TIMEOUT_MS,
    );
    return readRecords(events);
  }

  member(name: string, group: string, topic: string): GroupMember {
    return new ScriptMember(name, `${this.prefix}_group_member.py`, { bootstrap: this.bootstrap(), group, topic });
  }

  /** Creates topics through the client's admin API; returns its events (created / create_failed / metadata). */
  async createTopics(topics: { name: string; partitions: number }[]): Promise<ClientEvent[]> {
    await this.ready();
    return runScript(`${this.prefix}_admin.py`, { bootstrap: this.bootstrap(), topics }, TIMEOUT_MS);
  }
}
