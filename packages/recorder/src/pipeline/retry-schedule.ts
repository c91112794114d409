/**
 * The retry schedule of ingest-protocol §23, as one pure function so the client and the fleet
 * model in `bench/` (which imports this file) run exactly the same arithmetic.
 */

/** Base delays before retry 1..4 of a failed regular `/batch`; every later retry waits the last. */
export const BATCH_RETRY_DELAYS_MS: readonly number[] = [5_000, 15_000, 30_000, 60_000];

/** ±20 % random spread on every delay, so a fleet that failed together does not retry together. */
export const RETRY_JITTER = 0.2;

/**
 * The delay before the retry that follows `failures` consecutive failures (1 = the first failure).
 * Past the end of `delays` the last delay repeats forever: an outage never ends the retries.
 * `random` is a source in [0, 1); pass `() => 0.5` (or `jitter` 0) for the bare schedule.
 *
 * @example
 * ```ts
 * retryDelay(1); // 4 000..6 000 ms
 * retryDelay(9, BATCH_RETRY_DELAYS_MS, () => 0.5); // 60 000 ms
 * retryDelay(2, [1_000, 5_000], Math.random, 0); // 5 000 ms
 * ```
 */
export function retryDelay(
  failures: number,
  delays: readonly number[] = BATCH_RETRY_DELAYS_MS,
  random: () => number = Math.random,
  jitter: number = RETRY_JITTER,
): number {
  const index = Math.min(Math.max(1, Math.floor(failures)), delays.length) - 1;
  const base = delays[index] ?? 0;
  // random() in [0, 1) maps to a factor in [1 - jitter, 1 + jitter).
  return Math.round(base * (1 + jitter * (2 * random() - 1)));
}
