/**
 * The admin APIs: topics and their configs, records deletion, group administration and the
 * cluster's description, each a thin mapping onto the engine (shared/) in its own file.
 */
import type { HandlerFactory } from '../types.ts';
import { alterConfigsHandler } from './alter-configs.ts';
import { createPartitionsHandler } from './create-partitions.ts';
import { createTopicsHandler } from './create-topics.ts';
import { deleteGroupsHandler } from './delete-groups.ts';
import { deleteRecordsHandler } from './delete-records.ts';
import { deleteTopicsHandler } from './delete-topics.ts';
import { describeClusterHandler } from './describe-cluster.ts';
import { describeConfigsHandler } from './describe-configs.ts';
import { describeGroupsHandler } from './describe-groups.ts';
import { incrementalAlterConfigsHandler } from './incremental-alter-configs.ts';
import { listGroupsHandler } from './list-groups.ts';
import { offsetDeleteHandler } from './offset-delete.ts';

export const adminHandlers: HandlerFactory[] = [
  createTopicsHandler,
  deleteTopicsHandler,
  createPartitionsHandler,
  describeConfigsHandler,
  alterConfigsHandler,
  incrementalAlterConfigsHandler,
  deleteRecordsHandler,
  listGroupsHandler,
  describeGroupsHandler,
  deleteGroupsHandler,
  offsetDeleteHandler,
  describeClusterHandler,
];
