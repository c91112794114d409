/**
 * The background retry schedule of `/session` and `/update` (ingest-protocol §23): 1, 5, 15, 30
 * and 60 s, then every 60 s, each ±20 % random jitter so a fleet of clients that lost the server
 * together does not come back together. Exported for the bench's fleet model, which drives the
 * same function in virtual time.
 */
export const RETRY_SCHEDULE_MS: readonly number[] = [1_000, 5_000, 15_000, 30_000, 60_000];

/**
 * The wait before retry number `attempt` (0 for the first retry), jittered by `random` (a number
 * in [0, 1), `Math.random` by default).
 *
 * @example
 * retryDelay(0); // 800..1200 ms
 * retryDelay(9); // 48..72 s
 * retryDelay(2, () => 0.5); // 15000, no jitter
 */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const base = RETRY_SCHEDULE_MS[Math.min(attempt, 4)]!;
  return Math.round(base * (0.8 + 0.4 * random()));
}
