/**
 * The classic consumer-group protocol (FindCoordinator, JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup, OffsetCommit, OffsetFetch) over Sluice's server-side groups (shared/groups), so an
 * unchanged Kafka client shares one group, its assignment and its offsets with SDK consumers;
 * and KIP-848's ConsumerGroupHeartbeat, which is Sluice's own protocol with topic ids.
 *
 * The mapping, in brief (docs/kafka-groups.md has the reasons):
 * - The server assigns. Every member is told it is a follower; SyncGroup answers each with its
 *   share of the group's target assignment, whatever assignor the client named.
 * - Generation = the member's Sluice epoch. JoinGroup is a Sluice join (epoch 0, the subscription
 *   and owned partitions from the protocol metadata); Heartbeat and SyncGroup are Sluice
 *   heartbeats at the generation that give up nothing.
 * - A member is handed only its whole target, and only partitions whose lease it holds, so from
 *   SyncGroup to its next join it owns exactly what storage records it holding. Heartbeat answers
 *   REBALANCE_IN_PROGRESS as soon as that differs from what it may own; a member gives a partition
 *   up by rejoining without it, and only then does another member take its lease. No state is
 *   kept between requests: any gateway can serve any request of any member.
 * - Commits are the lease-fenced commits of the HTTPS API; OffsetFetch reads the same offsets.
 */
import type { HandlerFactory } from '../types.ts';
import { consumerGroupHeartbeatHandler } from './consumer-group-heartbeat.ts';
import { findCoordinatorHandler } from './find-coordinator.ts';
import { heartbeatHandler } from './heartbeat.ts';
import { joinGroupHandler } from './join-group.ts';
import { leaveGroupHandler } from './leave-group.ts';
import { offsetCommitHandler } from './offset-commit.ts';
import { offsetFetchHandler } from './offset-fetch.ts';
import { syncGroupHandler } from './sync-group.ts';

export const groupHandlers: HandlerFactory[] = [
  findCoordinatorHandler,
  joinGroupHandler,
  syncGroupHandler,
  heartbeatHandler,
  leaveGroupHandler,
  offsetCommitHandler,
  offsetFetchHandler,
  consumerGroupHeartbeatHandler,
];
