import type { Assignment } from '../ports.ts';

/** A live member as the assignor sees it: the existing topics its subscription resolves to. */
export interface AssignorMember {
  memberId: string;
  topics: ReadonlySet<string>;
}

export interface AssignorInput {
  /** Every live member, each once. */
  members: readonly AssignorMember[];
  /** Partition counts of the topics some member subscribes to. */
  topics: ReadonlyMap<string, number>;
  /** The target assignment of the previous group epoch (sticky assignors keep what they can). */
  previous: Assignment;
}

/**
 * A server-side assignor (KIP-848): a pure function from members, subscriptions and topics to a
 * target assignment that gives every partition of a subscribed topic to exactly one member
 * subscribed to it. Every member appears in the result, possibly with nothing.
 */
export type Assignor = (input: AssignorInput) => Assignment;
