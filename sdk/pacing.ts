/**
 * How a caught-up consumer or reader waits for new records: paced on the client, or long-polled
 * in the service. Pacing is the default because Lambda bills a long-poll's wall time: a caught-up
 * consumer that long-polls keeps a fetch function waiting nearly all the time (at the reference
 * workload, $131/month of $207; paced every second, $75 all-in; docs/cost-model.md). A sleeping
 * client costs nothing, and records arrive about half an interval later on average (~0.6 s at
 * 1 s), as with the Kinesis Client Library's 1 s polling. Long-poll delivers in ~0.1 s.
 */

/** The pause of a paced consumer or reader once it has caught up (ms). */
export const DEFAULT_POLL_INTERVAL_MS = 1_000;

/**
 * Paced: fetches ask the service not to wait (`maxWaitMs` 0), and the client sleeps
 * `pollIntervalMs` once it is caught up. Long-poll: fetches wait in the service up to `maxWaitMs`.
 */
export type FetchWait =
  | { mode: 'paced'; pollIntervalMs: number; maxWaitMs: 0 }
  | { mode: 'long-poll'; maxWaitMs: number };

/**
 * The rule: `pollIntervalMs > 0` paces; `pollIntervalMs: 0` long-polls with `maxWaitMs` (or
 * `longPollDefaultMs`); unset, it paces at {@link DEFAULT_POLL_INTERVAL_MS} unless `maxWaitMs` is
 * set, which asks for long-poll (a KafkaJS user who sets maxWaitTimeInMs wants its latency).
 */
export function fetchWait(
  options: { pollIntervalMs?: number | undefined; maxWaitMs?: number | undefined },
  longPollDefaultMs: number,
): FetchWait {
  const { pollIntervalMs, maxWaitMs } = options;
  if (pollIntervalMs !== undefined && !(Number.isFinite(pollIntervalMs) && pollIntervalMs >= 0)) {
    throw new TypeError(`pollIntervalMs ${pollIntervalMs} is not a duration in ms (0 to long-poll)`);
  }
  const paced = pollIntervalMs === undefined ? maxWaitMs === undefined : pollIntervalMs > 0;
  if (paced) return { mode: 'paced', pollIntervalMs: pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, maxWaitMs: 0 };
  return { mode: 'long-poll', maxWaitMs: maxWaitMs ?? longPollDefaultMs };
}
