import type { SessionIntegrations } from './types';
import type { Logger } from './log';
import { detectIntegrations } from './integrations';
import { unrefTimer } from './timers';

/** The warm-up re-check after the first run (§7.7). */
export const INTEGRATIONS_WARMUP_MS = 5_000;
/** The steady polling period (§7.7). */
export const INTEGRATIONS_PERIOD_MS = 30_000;

/** Options of {@link IntegrationPoller}. */
export interface IntegrationPollerOptions {
  kinds: readonly ('sentry' | 'posthog')[];
  log: Logger;
  /** Whether a session can take an `/update` right now (runs during a restart are skipped). */
  isReady(): boolean;
  /** Sends what was found through the normal dedup (§7.5). */
  submit(integrations: SessionIntegrations): void;
  detect?: typeof detectIntegrations;
}


/**
 * Integration auto-detect (§7.7): runs once when the session is ready, again after 5 s, then every
 * 30 s. The timers survive server-driven restarts and end with `stop()` (`stopRecording()`).
 */
export class IntegrationPoller {
  private warmup: ReturnType<typeof setTimeout> | null = null;
  private interval: ReturnType<typeof setInterval> | null = null;
  private running = false;

  constructor(private readonly options: IntegrationPollerOptions) {}

  /** Starts the schedule; a no-op when already running or when no integration was enabled. */
  start(): void {
    if (this.running || this.options.kinds.length === 0) return;
    this.running = true;
    this.run();
    this.warmup = setTimeout(() => {
      this.warmup = null;
      this.run();
      this.interval = setInterval(() => this.run(), INTEGRATIONS_PERIOD_MS);
      unrefTimer(this.interval);
    }, INTEGRATIONS_WARMUP_MS);
    unrefTimer(this.warmup);
  }

  stop(): void {
    this.running = false;
    if (this.warmup !== null) clearTimeout(this.warmup);
    if (this.interval !== null) clearInterval(this.interval);
    this.warmup = null;
    this.interval = null;
  }

  private run(): void {
    try {
      if (!this.options.isReady()) return;
      const found = (this.options.detect ?? detectIntegrations)(this.options.kinds);
      if (found && Object.keys(found).length > 0) this.options.submit(found);
    } catch (error) {
      this.options.log.debug('integration detection failed', error);
    }
  }
}
