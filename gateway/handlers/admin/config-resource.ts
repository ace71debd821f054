/**
 * Which config resources the gateway serves: topics, and the one logical broker (by its id, or
 * by the empty name that means "the cluster's default broker config"). Other resource types
 * (broker loggers, client metrics, groups) have no counterpart in Sluice.
 */
import { validateTopicName } from '../../../shared/api/topic-name.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { GatewayOptions } from '../types.ts';
import { ResourceType } from './config-kinds.ts';
import { Refusal } from './outcome.ts';

export type ResourceKind = 'topic' | 'broker';

export function resourceKind(options: GatewayOptions, type: number, name: string): ResourceKind {
  if (type === ResourceType.TOPIC) {
    // A name no topic can have is refused here, before it reaches storage (which would fail on it).
    validateTopicName(name);
    return 'topic';
  }
  if (type === ResourceType.BROKER) {
    if (name !== '' && name !== String(options.nodeId)) {
      throw new Refusal(ErrorCode.INVALID_REQUEST, `this cluster has one broker, id ${options.nodeId}; there is no broker ${JSON.stringify(name)}`);
    }
    return 'broker';
  }
  throw new Refusal(ErrorCode.INVALID_REQUEST, `config resource type ${type} is not supported; topics (2) and the broker (4) are`);
}

/** Broker settings are fixed at deployment: changing them is refused with a message that says so. */
export function brokerConfigsAreFixed(): Refusal {
  return new Refusal(
    ErrorCode.POLICY_VIOLATION,
    'broker configs cannot be changed: they are the gateway\'s settings and the topic defaults, fixed at deployment; alter topic configs instead',
  );
}

/** The key a resource is matched by when a request names it twice. */
export function resourceKey(r: { resourceType: number; resourceName: string }): string {
  return `${r.resourceType}:${r.resourceName}`;
}
