/**
 * The numbers of ingest-protocol §9–13. Kept in one place so the tests and the code cannot drift.
 */

/** Periodic send tick, and the minimum gap since the last successful send (§10). */
export const SEND_INTERVAL_MS = 10_000;

/** Buffered chars at or above which an early flush starts (§10): 5 × 1024 × 1024. */
export const EARLY_FLUSH_CHARS = 5_242_880;

/** Buffered chars above which the recording is abandoned (§10): 4 × the flush threshold. */
export const BUFFER_HARD_CAP_CHARS = 20_971_520;

/** A single serialised event longer than this abandons the recording (§10). */
export const SINGLE_EVENT_CAP_CHARS = 5_242_880;

/** Delays before retry 1..5 of a failed regular send (§11). */
export const RETRY_DELAYS_MS: readonly number[] = [5_000, 15_000, 30_000, 60_000, 300_000];

/**
 * Keepalive budget of the hide-flush (§13.1). DEVIATION (§13.1 option): measured in UTF-8 bytes,
 * which is what the browser's 64 KiB keepalive quota counts, not in UTF-16 chars.
 */
export const HIDE_FLUSH_MAX_BYTES = 65_536;

/** `/metrics` cadence while recording (§9). */
export const METRICS_INTERVAL_MS = 30_000;
