/**
 * DescribeConfigs: a topic's effective configs, explicit ones marked as set on the topic and the
 * rest as defaults; the broker's few fixed settings. v0 flags defaults with isDefault, v1+ gives
 * the source and, when asked, the synonyms; v3+ the type and, when asked, the documentation.
 */
import { mapLimit } from '../../../shared/log/map-limit.ts';
import { DescribeConfigs } from '../../messages/describe-configs.ts';
import type { HandlerFactory, Message } from '../types.ts';
import { brokerConfigEntries, topicConfigEntries, type EntryOptions } from './config-entries.ts';
import { resourceKind } from './config-resource.ts';
import { failure, SUCCESS } from './outcome.ts';

export const describeConfigsHandler: HandlerFactory = (gw) => ({
  schema: DescribeConfigs,
  async handle(request) {
    const results = await mapLimit(request.resources as Message[], 8, async (r) => {
      const head = { resourceType: r.resourceType, resourceName: r.resourceName };
      const opts: EntryOptions = {
        keys: r.configurationKeys as string[] | null,
        synonyms: request.includeSynonyms as boolean,
        documentation: request.includeDocumentation as boolean,
      };
      try {
        const configs = resourceKind(gw.options, r.resourceType, r.resourceName) === 'broker'
          ? brokerConfigEntries(gw.options, opts)
          : topicConfigEntries(await gw.engine.topics.get(r.resourceName), opts);
        return { ...SUCCESS, ...head, configs };
      } catch (e) {
        return { ...failure(e), ...head, configs: [] };
      }
    });
    return { throttleTimeMs: 0, results };
  },
});
