/**
 * The numbers of ingest-protocol §9–13 and §23. Kept in one place so the tests and the code cannot
 * drift. The retry delays live in `retry-schedule.ts`, shared with the fleet model.
 */

/** Periodic send tick, and the minimum gap since the start of the last successful send (§10, §23). */
export const SEND_INTERVAL_MS = 10_000;

/**
 * Buffered chars at or above which an early flush starts and back-to-back sends continue (§10,
 * §23); also the most event chars one regular `/batch` carries (§23): 5 × 1024 × 1024.
 */
export const EARLY_FLUSH_CHARS = 5_242_880;

/**
 * Chars of events (with the commas between them) one regular `/batch` carries at most; one bigger
 * event goes alone (§23). The envelope around them (version, `batchStartedAt`: 57 chars with a
 * 13-digit timestamp) is taken off too, so the whole body stays within 5,242,880 chars.
 */
export const BATCH_MAX_CHARS = EARLY_FLUSH_CHARS - 64;

/** Unacknowledged chars above which the oldest events are dropped (§23 memory bound). */
export const MEMORY_BOUND_CHARS = 16_777_216;

/**
 * Keepalive budget of the hide-flush in UTF-8 bytes (§23): 60 KiB, so the page-close ping still
 * fits in the browser's 64 KiB of in-flight keepalive bodies per document.
 */
export const HIDE_FLUSH_MAX_BYTES = 61_440;

/** sessionStorage key of the events left unsent at `pagehide` (§23). */
export const UNSENT_KEY = 'milana_unsent';

/** Most chars written under {@link UNSENT_KEY} (§23): 2 MiB. */
export const UNSENT_MAX_CHARS = 2_097_152;

/** `/metrics` cadence while recording (§9). */
export const METRICS_INTERVAL_MS = 30_000;
