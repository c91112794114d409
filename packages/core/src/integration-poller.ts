import type { SessionIntegrations } from './types';
import type { Logger } from './log';
import { detectIntegrations } from './integrations';
import { unrefTimer } from './timers';

/** The warm-up re-check after the first run (§7.7). */
export const INTEGRATIONS_WARMUP_MS = 5_000;
/** The steady polling period (§7.7). */
export const INTEGRATIONS_PERIOD_MS = 30_000;

/** Options of {@link createIntegrationPoller}. */
export interface IntegrationPollerOptions {
  kinds: readonly ('sentry' | 'posthog')[];
  log: Logger;
  /** Whether a session can take an `/update` right now (runs during a restart are skipped). */
  isReady(): boolean;
  /** Sends what was found through the normal dedup (§7.5). */
  submit(integrations: SessionIntegrations): void;
  detect?: typeof detectIntegrations;
}

/** The integration auto-detect schedule of one `init`. */
export interface IntegrationPoller {
  /** Starts the schedule; a no-op when already running or when no integration was enabled. */
  start(): void;
  /** Ends the schedule (`stopRecording()`). */
  stop(): void;
}

/**
 * Integration auto-detect (§7.7): runs once when the session is ready, again after 5 s, then every
 * 30 s. The schedule survives server-driven restarts and ends with `stop()`.
 */
export function createIntegrationPoller(options: IntegrationPollerOptions): IntegrationPoller {
  /** The pending timer; set while the schedule runs. */
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    try {
      const found = options.isReady() && (options.detect ?? detectIntegrations)(options.kinds);
      if (found) options.submit(found);
    } catch (error) {
      options.log.debug('integration detection failed', error);
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
    start() {
      if (timer || options.kinds.length === 0) return;
      schedule(INTEGRATIONS_WARMUP_MS);
      run();
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
