import { jsonResponse } from '../../shared/api/http.ts';
import {
  AlterGroupConfigsRequest,
  CommitRequest,
  FetchOffsetsQuery,
  HeartbeatRequest,
  LeaveQuery,
  ResetOffsetsRequest,
} from '../../shared/api/schemas/groups.ts';
import { expectNoBody, parseJsonBody, parseQuery } from '../../shared/api/validate.ts';
import { createGroupCoordinator, type GroupCoordinator } from '../../shared/groups/coordinator.ts';
import { currentEngine } from '../engine.ts';
import { createHandler } from '../http/handler.ts';

let coordinator: GroupCoordinator | undefined;

/** The coordinator of this warm function, over the same engine as the other handlers. */
function groups(): GroupCoordinator {
  coordinator ??= createGroupCoordinator(currentEngine());
  return coordinator;
}

/** Consumer groups: heartbeat, leave, offsets, and group administration. */
export const handler = createHandler('groups', {
  listGroups: async (req) => {
    expectNoBody(req);
    return jsonResponse(200, { groups: await groups().list() });
  },
  describeGroup: async (req, params) => {
    expectNoBody(req);
    return jsonResponse(200, await groups().describe(params.group!));
  },
  deleteGroup: async (req, params) => {
    expectNoBody(req);
    return jsonResponse(200, await groups().delete(params.group!));
  },
  alterGroupConfigs: async (req, params) => {
    const body = parseJsonBody(req, AlterGroupConfigsRequest);
    return jsonResponse(200, await groups().alterConfigs(params.group!, body.configs));
  },
  heartbeat: async (req, params) => {
    const body = parseJsonBody(req, HeartbeatRequest);
    return jsonResponse(200, await groups().heartbeat(params.group!, body));
  },
  leaveGroup: async (req, params) => {
    expectNoBody(req);
    const q = parseQuery(req, LeaveQuery);
    return jsonResponse(200, await groups().leave(params.group!, params.member!, q.memberEpoch));
  },
  commitOffsets: async (req, params) => {
    const body = parseJsonBody(req, CommitRequest);
    return jsonResponse(200, await groups().commit(params.group!, body));
  },
  fetchOffsets: async (req, params) => {
    expectNoBody(req);
    const q = parseQuery(req, FetchOffsetsQuery);
    return jsonResponse(200, await groups().fetchOffsets(params.group!, q.topic));
  },
  resetOffsets: async (req, params) => {
    const body = parseJsonBody(req, ResetOffsetsRequest);
    const { topic, partitions, dryRun, ...spec } = body;
    return jsonResponse(200, await groups().resetOffsets(params.group!, { topic, ...(partitions ? { partitions } : {}), ...(dryRun !== undefined ? { dryRun } : {}), spec }));
  },
});

/**
 * Entry for an optional schedule (EventBridge): expires dead members of every group. Nothing
 * depends on it; heartbeats expire dead members on their own.
 */
export async function sweepHandler(): Promise<{ groups: number; expired: number }> {
  return groups().sweep();
}
