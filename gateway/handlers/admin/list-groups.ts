/**
 * ListGroups: every consumer group of the deployment. v4+ answers each group's state (one read of
 * the group and its members each) and filters by state, case-insensitively as Kafka does; v5+
 * filters by type, and every group here is of the classic type.
 */
import { mapLimit } from '../../../shared/log/map-limit.ts';
import { ListGroups } from '../../messages/list-groups.ts';
import type { HandlerFactory } from '../types.ts';
import { classicState, GROUP_TYPE, PROTOCOL_TYPE } from './group-view.ts';
import { failure } from './outcome.ts';

export const listGroupsHandler: HandlerFactory = (gw) => ({
  schema: ListGroups,
  async handle(request, ctx) {
    try {
      const types = (request.typesFilter as string[]).map((t) => t.toLowerCase());
      if (types.length > 0 && !types.includes(GROUP_TYPE)) return { throttleTimeMs: 0, errorCode: 0, groups: [] };
      const summaries = await gw.groups.list();
      const withState = ctx.apiVersion >= 4;
      // A group deleted between the list and its read is left out.
      const states = withState ? await mapLimit(summaries, 16, (g) => gw.groups.state(g.groupId)) : [];
      const wanted = new Set((request.statesFilter as string[]).map((s) => s.toLowerCase()));
      const groups = summaries.flatMap((g, i) => {
        if (!withState) return [{ groupId: g.groupId, protocolType: PROTOCOL_TYPE }];
        const state = states[i];
        if (state === undefined) return [];
        const name = classicState(state);
        if (wanted.size > 0 && !wanted.has(name.toLowerCase())) return [];
        return [{ groupId: g.groupId, protocolType: PROTOCOL_TYPE, groupState: name, groupType: GROUP_TYPE }];
      });
      return { throttleTimeMs: 0, errorCode: 0, groups };
    } catch (e) {
      return { throttleTimeMs: 0, errorCode: failure(e).errorCode, groups: [] };
    }
  },
});
