import { z } from 'zod';
import { LIMITS } from '../limits.ts';

/** `POST /v1/maintenance/run`: one pass over the topics named (default all), then GC unless `gc` is false. */
export const RunMaintenanceRequest = z
  .strictObject({
    topics: z
      .array(z.string().min(1).max(LIMITS.maxTopicNameLength))
      .max(LIMITS.maxPartitionsPerRequest)
      .optional()
      .meta({ description: 'Topics to maintain; default every topic. An unknown name answers UNKNOWN_TOPIC and nothing runs.' }),
    gc: z.boolean().optional().meta({ description: 'Run garbage collection after the topics. Default true.' }),
  })
  .meta({ id: 'RunMaintenanceRequest' });

const Count = z.int().min(0);

export const MaintenanceReport = z
  .object({
    partitions: Count.meta({ description: 'Partitions whose compactor lease this pass held and worked on.' }),
    leased: Count.meta({ description: 'Partitions skipped because another compactor held their lease.' }),
    idle: Count.meta({ description: 'Partitions skipped without taking their lease: nothing to merge, expire or compact.' }),
    segmentsWritten: Count,
    entriesMerged: Count.meta({ description: 'Index entries replaced by segments.' }),
    bytesMerged: Count.meta({ description: 'Bytes of batches copied into segments.' }),
    logStartsAdvanced: Count.meta({ description: 'Partitions whose log start retention moved forward.' }),
    recordsExpired: Count.meta({ description: 'Offsets that went below a log start.' }),
    entriesDeleted: Count.meta({ description: 'Index entries deleted: replaced ones, and those below the log start.' }),
    cleanupsFinished: Count.meta({ description: 'Swaps an interrupted job left half done, finished here.' }),
    swapsRefused: Count.meta({ description: 'Swaps refused because the lease or the state changed under the job.' }),
    compactionPasses: Count.meta({ description: 'Compacted topics: partitions a compaction pass completed.' }),
    segmentsCompacted: Count.meta({ description: 'Segments compaction rewrote.' }),
    recordsCompactedAway: Count.meta({ description: 'Records compaction removed: a later record of their key exists, or they had no key.' }),
    tombstonesRemoved: Count.meta({ description: 'Tombstones removed once older than delete.retention.ms.' }),
    bytesBeforeCompaction: Count.meta({ description: 'Bytes of the segments compaction rewrote, before.' }),
    bytesAfterCompaction: Count.meta({ description: 'Bytes of the segments compaction rewrote, after.' }),
    keysMapped: Count.meta({ description: 'Keys in the compaction passes\' key maps.' }),
    failures: z
      .array(z.object({ topic: z.string(), partition: z.int(), error: z.string() }))
      .meta({ description: 'Partitions that failed; the next pass retries them.' }),
  })
  .meta({ id: 'MaintenanceReport' });

export const GcReport = z
  .object({
    ran: z.boolean().meta({ description: 'False when another collector held the lease.' }),
    objectsListed: Count,
    objectsPending: Count.meta({ description: 'Unreferenced objects waiting out the grace period.' }),
    objectsDeleted: Count,
    bytesDeleted: Count,
    entriesOfDeletedTopics: Count,
    topicsForgotten: Count,
  })
  .meta({ id: 'GcReport' });

export const PassResult = z
  .object({
    jobs: Count.meta({ description: 'Jobs run: one per 64 partitions of a topic, and one for GC.' }),
    report: MaintenanceReport,
    gc: GcReport.optional(),
    ms: Count.meta({ description: 'How long the pass took.' }),
  })
  .meta({ id: 'PassResult' });

/** One unit of work (shared/maintenance/service.ts `MaintenanceJobSpec`), as it travels in an asynchronous invocation. */
export const MaintenanceJob = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('partitions'),
    topic: z.string().min(1).max(LIMITS.maxTopicNameLength),
    topicId: z.string().min(1).max(64),
    partitions: z.array(z.int().min(0).max(LIMITS.maxPartitionsPerTopic - 1)).min(1).max(LIMITS.maxPartitionsPerTopic),
  }),
  z.strictObject({ kind: z.literal('gc') }),
]);

/**
 * What the maintenance function is invoked with besides its Function URL: a schedule's
 * `{"action":"plan","gc":bool}`, or one job sent by a plan to its own asynchronous invocation.
 */
export const MaintenanceEvent = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('plan'), gc: z.boolean().optional() }),
  z.strictObject({ action: z.literal('job'), job: MaintenanceJob }),
]);
