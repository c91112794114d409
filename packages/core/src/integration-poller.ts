import type { SessionIntegrations } from './types';
import type { Logger } from './log';
import { detectIntegrations } from './integrations';
import { unrefTimer } from './timers';

/** The warm-up re-check after the first run (§7.7). */
export const INTEGRATIONS_WARMUP_MS = 5_000;
/** The steady polling period (§7.7). */
export const INTEGRATIONS_PERIOD_MS = 30_000;

/** The integration auto-detect schedule of one `init`. */
export interface IntegrationPoller {
  /** Starts the schedule; a no-op when already running or when no integration was enabled. */
  _start(): void;
  /** Ends the schedule (`stopRecording()`). */
  _stop(): void;
}

/**
 * Integration auto-detect (§7.7) of `kinds`: runs once when the session is ready, again after
 * 5 s, then every 30 s. A run is skipped while `isReady()` is false (during a restart); what it
 * finds goes to `submit` (the normal dedup, §7.5). The schedule survives server-driven restarts
 * and ends with `_stop()`.
 */
export function createIntegrationPoller(
  kinds: readonly ('sentry' | 'posthog')[],
  log: Logger,
  isReady: () => boolean,
  submit: (integrations: SessionIntegrations) => void,
  detect = detectIntegrations,
): IntegrationPoller {
  /** The pending timer; set while the schedule runs. */
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    try {
      const found = isReady() && detect(kinds);
      if (found) submit(found);
    } catch (error) {
      log.debug('integration detection failed', error);
    }
  };
  // The next run is scheduled before this one, so a run that stops the poller leaves no timer.
  const schedule = (ms: number): void => {
    timer = setTimeout(() => {
      schedule(INTEGRATIONS_PERIOD_MS);
      run();
    }, ms);
    unrefTimer(timer);
  };
  return {
    _start() {
      if (timer || !kinds.length) return;
      schedule(INTEGRATIONS_WARMUP_MS);
      run();
    },
    _stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
