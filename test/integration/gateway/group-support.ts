// Plays classic Kafka consumers against the gateway's group handlers, through the codec both ways,
// on the real emulators: no client library in between, so a test decides every request.
import { createGroupCoordinator } from '../../../shared/groups/coordinator.ts';
import { createEngine } from '../../../shared/log/engine.ts';
import { createStorage } from '../../../shared/storage/index.ts';
import { groupHandlers } from '../../../gateway/handlers/groups/index.ts';
import { NO_RESPONSE, type ApiHandler, type GatewayContext, type Message } from '../../../gateway/handlers/types.ts';
import { decodeRequestBody, decodeResponseBody, encodeRequestBody, encodeResponseBody } from '../../../gateway/protocol/codec.ts';
import { decodeAssignment, encodeSubscription, type TopicPartitions } from '../../../gateway/protocol/consumer-protocol.ts';
import { ErrorCode } from '../../../gateway/protocol/errors.ts';
import { storageConfig } from '../../support/env.ts';

export const GROUP_API = { offsetCommit: 8, offsetFetch: 9, findCoordinator: 10, joinGroup: 11, heartbeat: 12, leaveGroup: 13, syncGroup: 14, consumerGroupHeartbeat: 68 } as const;

export function groupGateway(): GatewayContext {
  const storage = createStorage(storageConfig());
  const engine = createEngine(storage);
  return {
    engine,
    storage,
    groups: createGroupCoordinator(engine, { topicCacheMs: 0 }),
    options: { nodeId: 7, advertisedHost: '127.0.0.1', advertisedPort: 19092, clusterId: 'sluice-test', autoCreateTopics: false, defaultPartitions: 1 },
    now: Date.now,
  };
}

export type GroupCall = (apiKey: number, version: number, body: Message) => Promise<Message>;

export function groupCaller(gateway: GatewayContext): GroupCall {
  const byKey = new Map<number, ApiHandler>();
  for (const make of groupHandlers) {
    const h = make(gateway);
    byKey.set(h.schema.apiKey, h);
  }
  return async (apiKey, version, body) => {
    const h = byKey.get(apiKey)!;
    const request = decodeRequestBody(h.schema, version, encodeRequestBody(h.schema, version, body));
    const answer = await h.handle(request, { apiVersion: version, correlationId: 1, clientId: 'classic-test', signal: new AbortController().signal });
    if (answer === NO_RESPONSE) throw new Error('a group API always answers');
    return decodeResponseBody(h.schema, version, encodeResponseBody(h.schema, version, answer));
  };
}

/** Short timeouts, so that expiry shows within a test. */
export const SESSION_MS = 4_000;
export const REBALANCE_MS = 6_000;

/**
 * An eager classic consumer (KafkaJS's way): it owns what its last SyncGroup gave it, gives
 * everything up before it rejoins, and rejoins on REBALANCE_IN_PROGRESS or ILLEGAL_GENERATION.
 */
export class ClassicMember {
  memberId = '';
  generation = -1;
  owned: TopicPartitions[] = [];

  constructor(
    private readonly call: GroupCall,
    readonly groupId: string,
    readonly topics: string[],
    readonly versions = { join: 5, sync: 3, heartbeat: 3, commit: 5, leave: 3 },
  ) {}

  /** JoinGroup (answering MEMBER_ID_REQUIRED), then SyncGroup; retried while the group rebalances. */
  async joinAndSync(owned: TopicPartitions[] = [], attempts = 5): Promise<TopicPartitions[]> {
    this.owned = [];
    for (let i = 0; i < attempts; i++) {
      const join = await this.join(owned);
      if (join.errorCode === ErrorCode.REBALANCE_IN_PROGRESS) continue;
      if (join.errorCode === ErrorCode.UNKNOWN_MEMBER_ID) {
        // As Kafka's clients do: forget the id and join as a new member.
        this.memberId = '';
        continue;
      }
      if (join.errorCode !== ErrorCode.NONE) throw new Error(`JoinGroup answered ${join.errorCode}`);
      const sync = await this.sync();
      if (sync.errorCode === ErrorCode.REBALANCE_IN_PROGRESS) continue;
      if (sync.errorCode !== ErrorCode.NONE) throw new Error(`SyncGroup answered ${sync.errorCode}`);
      this.owned = decodeAssignment(sync.assignment).assignedPartitions;
      return this.owned;
    }
    throw new Error(`no stable assignment after ${attempts} joins`);
  }

  async join(owned: TopicPartitions[] = []): Promise<Message> {
    const body = (memberId: string) => ({
      groupId: this.groupId,
      sessionTimeoutMs: SESSION_MS,
      rebalanceTimeoutMs: REBALANCE_MS,
      memberId,
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'roundrobin', metadata: encodeSubscription({ topics: this.topics, ownedPartitions: owned, userData: null }, 1) }],
      reason: null,
    });
    let answer = await this.call(GROUP_API.joinGroup, this.versions.join, body(this.memberId));
    if (answer.errorCode === ErrorCode.MEMBER_ID_REQUIRED) {
      this.memberId = answer.memberId;
      answer = await this.call(GROUP_API.joinGroup, this.versions.join, body(this.memberId));
    }
    if (answer.errorCode === ErrorCode.NONE) {
      this.memberId = answer.memberId;
      this.generation = answer.generationId;
    }
    return answer;
  }

  sync(): Promise<Message> {
    return this.call(GROUP_API.syncGroup, this.versions.sync, {
      groupId: this.groupId,
      generationId: this.generation,
      memberId: this.memberId,
      groupInstanceId: null,
      protocolType: 'consumer',
      protocolName: 'roundrobin',
      assignments: [],
    });
  }

  async heartbeat(): Promise<number> {
    const answer = await this.call(GROUP_API.heartbeat, this.versions.heartbeat, { groupId: this.groupId, generationId: this.generation, memberId: this.memberId, groupInstanceId: null });
    return answer.errorCode;
  }

  /** Commits offsets at a generation (this member's by default); answers the error code per `topic:partition`. */
  async commit(offsets: Array<{ topic: string; partition: number; offset: number }>, generation = this.generation): Promise<Record<string, number>> {
    const topics = [...new Set(offsets.map((o) => o.topic))].map((name) => ({
      name,
      partitions: offsets.filter((o) => o.topic === name).map((o) => ({ partitionIndex: o.partition, committedOffset: BigInt(o.offset), committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: `m${o.offset}` })),
    }));
    const answer = await this.call(GROUP_API.offsetCommit, this.versions.commit, {
      groupId: this.groupId,
      generationIdOrMemberEpoch: generation,
      memberId: this.memberId,
      groupInstanceId: null,
      retentionTimeMs: -1n,
      topics,
    });
    return codesOf(answer);
  }

  async leave(): Promise<Message> {
    return this.call(GROUP_API.leaveGroup, this.versions.leave, { groupId: this.groupId, memberId: this.memberId, members: [{ memberId: this.memberId, groupInstanceId: null, reason: null }] });
  }

  keys(): string[] {
    return this.owned.flatMap((t) => t.partitions.map((p) => `${t.topic}:${p}`)).sort();
  }
}

export function codesOf(commitAnswer: Message): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of commitAnswer.topics) for (const p of t.partitions) out[`${t.name}:${p.partitionIndex}`] = p.errorCode;
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
