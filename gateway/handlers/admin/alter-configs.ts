/**
 * AlterConfigs: Kafka's legacy whole-set replacement. The configs given become the topic's
 * explicit configs and every other one returns to its default, in one conditional write; a
 * null value also means the default. Unknown names and bad values refuse the whole resource
 * (INVALID_CONFIG) and change nothing. validateOnly checks against the stored topic and writes
 * nothing. Broker configs are fixed (POLICY_VIOLATION).
 */
import { applyConfigChanges, TOPIC_CONFIGS, type ConfigChanges } from '../../../shared/api/topic-configs.ts';
import { AlterConfigs } from '../../messages/alter-configs.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { GatewayContext, HandlerFactory, Message } from '../types.ts';
import { brokerConfigsAreFixed, resourceKind } from './config-resource.ts';
import { alterEachResource } from './alter-each.ts';
import { duplicated, Refusal } from './outcome.ts';

export const alterConfigsHandler: HandlerFactory = (gw) => ({
  schema: AlterConfigs,
  handle: (request) => alterEachResource(request, (r, validateOnly) => alter(gw, r, validateOnly)),
});

async function alter(gw: GatewayContext, r: Message, validateOnly: boolean): Promise<void> {
  if (resourceKind(gw.options, r.resourceType, r.resourceName) === 'broker') throw brokerConfigsAreFixed();
  const changes = replaceAll(r.configs as Array<{ name: string; value: string | null }>);
  if (validateOnly) applyConfigChanges((await gw.engine.topics.get(r.resourceName)).configs, changes);
  else await gw.engine.topics.alterConfigs(r.resourceName, changes);
}

/** Every known config back to its default, then the given ones set. */
function replaceAll(configs: Array<{ name: string; value: string | null }>): ConfigChanges {
  const twice = duplicated(configs.map((c) => c.name));
  if (twice.size) throw new Refusal(ErrorCode.INVALID_REQUEST, `config ${[...twice][0]} is given twice`);
  const changes: ConfigChanges = Object.fromEntries(Object.keys(TOPIC_CONFIGS).map((k) => [k, null]));
  for (const c of configs) changes[c.name] = c.value;
  return changes;
}
