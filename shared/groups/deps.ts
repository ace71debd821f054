import type { OffsetsService } from '../log/offsets.ts';
import type { Topics } from '../log/topics.ts';
import type { GroupStore } from './ports.ts';
import type { TopicView } from './topic-view.ts';

/** What the group operations share: storage, the log's topic and offset services, and a clock. */
export interface GroupDeps {
  store: GroupStore;
  topics: Topics;
  topicView: TopicView;
  offsets: OffsetsService;
  now: () => number;
  /** Conditional-write races tolerated per call before CONCURRENT_UPDATE. */
  maxAttempts: number;
  /** Lease writes in flight per call. */
  concurrency: number;
}
