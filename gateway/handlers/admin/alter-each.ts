/**
 * The request loop AlterConfigs and IncrementalAlterConfigs share: each resource altered on its
 * own (a few at a time), one answered per resource, a resource named twice refused.
 */
import { mapLimit } from '../../../shared/log/map-limit.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { Message } from '../types.ts';
import { resourceKey } from './config-resource.ts';
import { duplicated, failure, Refusal, SUCCESS } from './outcome.ts';

export async function alterEachResource(request: Message, alter: (resource: Message, validateOnly: boolean) => Promise<void>): Promise<Message> {
  const resources = request.resources as Message[];
  const twice = duplicated(resources.map((r) => resourceKey(r as never)));
  const responses = await mapLimit(resources, 8, async (r) => {
    const head = { resourceType: r.resourceType, resourceName: r.resourceName };
    try {
      if (twice.has(resourceKey(r as never))) throw new Refusal(ErrorCode.INVALID_REQUEST, `resource ${r.resourceName} is named twice in the request`);
      await alter(r, request.validateOnly as boolean);
      return { ...SUCCESS, ...head };
    } catch (e) {
      return { ...failure(e), ...head };
    }
  });
  return { throttleTimeMs: 0, responses };
}
