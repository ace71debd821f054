/**
 * DeleteGroups onto the coordinator: a group with live members (or a partition still leased) is
 * refused with NON_EMPTY_GROUP, an unknown one with GROUP_ID_NOT_FOUND; a deleted group's
 * committed offsets go with it.
 */
import { mapLimit } from '../../../shared/log/map-limit.ts';
import { DeleteGroups } from '../../messages/delete-groups.ts';
import type { HandlerFactory } from '../types.ts';
import { failure } from './outcome.ts';

export const deleteGroupsHandler: HandlerFactory = (gw) => ({
  schema: DeleteGroups,
  async handle(request) {
    const results = await mapLimit(request.groupsNames as string[], 8, async (groupId) => {
      try {
        await gw.groups.delete(groupId);
        return { groupId, errorCode: 0 };
      } catch (e) {
        return { groupId, errorCode: failure(e).errorCode };
      }
    });
    return { throttleTimeMs: 0, results };
  },
});
