/**
 * IncrementalAlterConfigs: per-config SET and DELETE (back to the default), and APPEND and
 * SUBTRACT for list configs (cleanup.policy), which are computed from the configs stored at the
 * version the write is conditional on. APPEND or SUBTRACT on a non-list config is INVALID_REQUEST,
 * an unknown config INVALID_CONFIG, and either refuses the whole resource before anything is
 * read. Broker configs are fixed (POLICY_VIOLATION).
 */
import { applyConfigChanges, TOPIC_CONFIGS, type ConfigChanges } from '../../../shared/api/topic-configs.ts';
import { IncrementalAlterConfigs } from '../../messages/incremental-alter-configs.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { GatewayContext, HandlerFactory, Message } from '../types.ts';
import { ConfigOperation, ConfigType, configType } from './config-kinds.ts';
import { brokerConfigsAreFixed, resourceKind } from './config-resource.ts';
import { alterEachResource } from './alter-each.ts';
import { duplicated, Refusal } from './outcome.ts';

interface Op {
  name: string;
  configOperation: number;
  value: string | null;
}

export const incrementalAlterConfigsHandler: HandlerFactory = (gw) => ({
  schema: IncrementalAlterConfigs,
  handle: (request) => alterEachResource(request, (r, validateOnly) => alter(gw, r, validateOnly)),
});

async function alter(gw: GatewayContext, r: Message, validateOnly: boolean): Promise<void> {
  if (resourceKind(gw.options, r.resourceType, r.resourceName) === 'broker') throw brokerConfigsAreFixed();
  const ops = r.configs as Op[];
  checkOps(ops);
  const changes = (explicit: Record<string, string>) => toChanges(ops, explicit);
  if (validateOnly) {
    const { configs } = await gw.engine.topics.get(r.resourceName);
    applyConfigChanges(configs, changes(configs));
  } else {
    await gw.engine.topics.alterConfigs(r.resourceName, changes);
  }
}

/** What can be refused without reading the topic. */
function checkOps(ops: readonly Op[]): void {
  const twice = duplicated(ops.map((o) => o.name));
  if (twice.size) throw new Refusal(ErrorCode.INVALID_REQUEST, `config ${[...twice][0]} is given twice`);
  for (const op of ops) {
    if (!Object.hasOwn(TOPIC_CONFIGS, op.name)) {
      throw new Refusal(ErrorCode.INVALID_CONFIG, `unknown topic config ${JSON.stringify(op.name)}; known: ${Object.keys(TOPIC_CONFIGS).join(', ')}`);
    }
    switch (op.configOperation) {
      case ConfigOperation.DELETE:
        continue;
      case ConfigOperation.SET:
        break;
      case ConfigOperation.APPEND:
      case ConfigOperation.SUBTRACT:
        if (configType(op.name) !== ConfigType.LIST) throw new Refusal(ErrorCode.INVALID_REQUEST, `${op.name} is not a list config: it can be SET or DELETEd, not appended to or subtracted from`);
        break;
      default:
        throw new Refusal(ErrorCode.INVALID_REQUEST, `unknown config operation ${op.configOperation} for ${op.name}`);
    }
    if (op.value === null) throw new Refusal(ErrorCode.INVALID_REQUEST, `config ${op.name} has a null value`);
  }
}

function toChanges(ops: readonly Op[], explicit: Record<string, string>): ConfigChanges {
  const changes: ConfigChanges = {};
  for (const op of ops) {
    if (op.configOperation === ConfigOperation.SET) changes[op.name] = op.value;
    else if (op.configOperation === ConfigOperation.DELETE) changes[op.name] = null;
    else {
      const current = listItems(explicit[op.name] ?? TOPIC_CONFIGS[op.name]!.default);
      const given = listItems(op.value!);
      const next = op.configOperation === ConfigOperation.APPEND
        ? [...current, ...given.filter((v) => !current.includes(v))]
        : current.filter((v) => !given.includes(v));
      changes[op.name] = next.join(',');
    }
  }
  return changes;
}

function listItems(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
