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
  private _warmup: ReturnType<typeof setTimeout> | null = null;
  private _interval: ReturnType<typeof setInterval> | null = null;
  private _running = false;

  constructor(private readonly _options: IntegrationPollerOptions) {}

  /** Starts the schedule; a no-op when already running or when no integration was enabled. */
  start(): void {
    if (this._running || this._options.kinds.length === 0) return;
    this._running = true;
    this._run();
    this._warmup = setTimeout(() => {
      this._warmup = null;
      this._run();
      this._interval = setInterval(() => this._run(), INTEGRATIONS_PERIOD_MS);
      unrefTimer(this._interval);
    }, INTEGRATIONS_WARMUP_MS);
    unrefTimer(this._warmup);
  }

  stop(): void {
    this._running = false;
    if (this._warmup !== null) clearTimeout(this._warmup);
    if (this._interval !== null) clearInterval(this._interval);
    this._warmup = null;
    this._interval = null;
  }

  private _run(): void {
    try {
      if (!this._options.isReady()) return;
      const found = (this._options.detect ?? detectIntegrations)(this._options.kinds);
      if (found && Object.keys(found).length > 0) this._options.submit(found);
    } catch (error) {
      this._options.log.debug('integration detection failed', error);
    }
  }
}
