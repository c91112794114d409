import { unrefTimer } from './timers';

/**
 * The background retry schedule of `/session` and `/update` (ingest-protocol §23): 1, 5, 15, 30
 * and 60 s, then every 60 s. The recorder's `retryDelay` (pipeline/retry-schedule.ts, which the
 * bench's fleet model drives) takes a schedule too, but bundling it here would add tens of bytes
 * to the identity path, which is within 15 B of its cap at the worst git hash; this is the same
 * ±20 % jitter in fewer bytes (it does not round to whole milliseconds).
 */
export const RETRY_SCHEDULE_MS: readonly number[] = [1_000, 5_000, 15_000, 30_000, 60_000];

/**
 * The wait before retry number `attempt` (0 for the first retry), ±20 % random jitter so a fleet
 * of clients that lost the server together does not come back together. `random` is a number
 * source in [0, 1), `Math.random` by default.
 *
 * @example
 * retryDelay(0); // 800..1200 ms
 * retryDelay(9); // 48..72 s
 * retryDelay(2, () => 0.5); // 15000, no jitter
 */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  // Whole milliseconds are not needed: timers take fractions.
  return RETRY_SCHEDULE_MS[attempt > 3 ? 4 : attempt]! * (0.8 + 0.4 * random());
}

/**
 * Runs `run` once, after the wait before retry `attempt` or at once when the browser comes back
 * `online`, whichever is first. Returns the cancel (`stopRecording()`, a later `init`).
 */
export function retryLater(attempt: number, run: () => void): () => void {
  const go = (): void => {
    cancel();
    run();
  };
  const cancel = (): void => {
    clearTimeout(timer);
    removeEventListener('online', go);
  };
  const timer = setTimeout(go, retryDelay(attempt));
  unrefTimer(timer);
  addEventListener('online', go);
  return cancel;
}
