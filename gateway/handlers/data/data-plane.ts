/**
 * What the data handlers of one gateway share: the tail watcher (so that a produce through this
 * gateway wakes the fetches waiting here), a short cache of log start offsets (Produce answers
 * each partition's, and a Query per produce would double the critical path's DynamoDB round
 * trips) and the topic names by id. One per gateway context, made on first use.
 */
import { LogStarts } from '../../../shared/log/log-starts.ts';
import type { GatewayContext } from '../types.ts';
import { TailWatcher } from './tail-watcher.ts';
import { TopicIds } from './topic-ids.ts';

export interface DataPlane {
  watcher: TailWatcher;
  logStarts: LogStarts;
  topicIds: TopicIds;
}

const planes = new WeakMap<GatewayContext, DataPlane>();

export function dataPlane(gateway: GatewayContext): DataPlane {
  let plane = planes.get(gateway);
  if (!plane) {
    const { storage } = gateway;
    plane = {
      watcher: new TailWatcher({
        // Eventually consistent: half the read units, and a lagging read only delays a wake.
        readHighWatermark: async (topicId, partition) => {
          const latest = await storage.index.latest(topicId, partition, 'eventual');
          return latest ? latest.baseOffset + latest.count : undefined;
        },
      }),
      logStarts: new LogStarts(storage.partitions, { now: gateway.now }),
      topicIds: new TopicIds(gateway.engine.topics, gateway.now),
    };
    planes.set(gateway, plane);
  }
  return plane;
}
