import { createHash } from 'node:crypto';
import { ASSIGNOR_IMPLEMENTATIONS } from './assignors/index.ts';
import type { Assignment, GroupRecord, MemberRecord } from './ports.ts';
import { subscribedTopics, type TopicMeta } from './subscription.ts';

export interface TargetPlan {
  /** Fingerprint of the inputs: assignor, live members with their resolved topics, and those topics' ids and partition counts. */
  inputs: string;
  /** The new target assignment, when the inputs differ from the group's. */
  assignment?: Assignment;
}

/**
 * Decides whether the group needs a new target assignment and computes it. The assignment is
 * recomputed only when its inputs change (a member joined, left or changed its subscription, a
 * subscribed topic appeared, grew or was recreated, the assignor changed), so steady heartbeats
 * never write the group item.
 */
export function planTarget(group: GroupRecord, live: readonly MemberRecord[], topics: ReadonlyMap<string, TopicMeta>): TargetPlan {
  const members = [...live]
    .sort((a, b) => (a.memberId < b.memberId ? -1 : 1))
    .map((m) => ({ memberId: m.memberId, topics: subscribedTopics(m.subscription, topics) }));
  const used = new Set(members.flatMap((m) => [...m.topics]));
  const counts = new Map([...used].sort().map((t) => [t, topics.get(t)!.partitions]));
  const fingerprint = JSON.stringify([
    group.configs.assignor,
    members.map((m) => [m.memberId, [...m.topics].sort()]),
    [...counts].map(([t, n]) => [t, topics.get(t)!.id, n]),
  ]);
  const inputs = createHash('sha256').update(fingerprint).digest('base64url').slice(0, 22);
  if (inputs === group.inputs) return { inputs };
  const assignment = ASSIGNOR_IMPLEMENTATIONS[group.configs.assignor]({ members, topics: counts, previous: group.assignment });
  return { inputs, assignment };
}
