/**
 * The contract between the gateway's server (framing, dispatch, ApiVersions) and the handlers of
 * each Kafka API. A handler gets the decoded request as a plain object shaped by its schema
 * (gateway/protocol/schema.ts) and returns the response object in the same shape; fields the
 * handler leaves out take their defaults when encoded. Handlers never see bytes of the framing.
 */
import type { GroupCoordinator } from '../../shared/groups/coordinator.ts';
import type { Engine } from '../../shared/log/engine.ts';
import type { Storage } from '../../shared/log/ports.ts';
import type { MessageSchema } from '../protocol/schema.ts';

/** A decoded request or response: field names as in the schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Message = Record<string, any>;

/** Returned by a handler when Kafka sends no response (Produce with acks=0). */
export const NO_RESPONSE = Symbol('no response');

export interface GatewayOptions {
  /** The one logical broker every client sees. */
  nodeId: number;
  advertisedHost: string;
  advertisedPort: number;
  clusterId: string;
  /** Metadata for an unknown topic creates it (Kafka's auto.create.topics.enable); off by default. */
  autoCreateTopics: boolean;
  defaultPartitions: number;
}

/** What every handler may use: the engine over the deployment's storage, and the gateway's settings. */
export interface GatewayContext {
  engine: Engine;
  storage: Storage;
  /** The same server-side groups the HTTPS API serves: one group, one set of offsets, whichever door. */
  groups: GroupCoordinator;
  options: GatewayOptions;
  now: () => number;
}

export interface RequestContext {
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  /** The authenticated SASL principal, if any. */
  principal?: string;
  /** Aborted when the connection closes: long waits (Fetch) stop early. */
  signal: AbortSignal;
}

export interface ApiHandler {
  schema: MessageSchema;
  handle(request: Message, ctx: RequestContext): Promise<Message | typeof NO_RESPONSE>;
}

/** Each API module exports a factory like this; gateway/handlers/index.ts lists them all. */
export type HandlerFactory = (gateway: GatewayContext) => ApiHandler;
