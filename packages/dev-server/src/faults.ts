/** Fault-injection settings for testing how a client copes with a bad network or server. */
export interface FaultSettings {
  /** Share (0..1) of ingest requests answered with a 503 failure. */
  failRate: number;
  /** Delay in ms added before every ingest answer. */
  latencyMs: number;
  /** Share (0..1) of ingest requests whose socket is destroyed with no answer. */
  dropRate: number;
}

/** Which endpoint a one-shot restart applies to. */
export type RestartEndpoint = 'update' | 'batch';

/** What to do with one ingest request before it is handled. */
export type FaultDecision = 'drop' | 'fail' | 'none';

/**
 * Holds the fault settings and the one-shot restart requests. `random` is injectable so the
 * rates can be tested without flakiness.
 */
export class Faults {
  private settings: FaultSettings;
  private readonly pendingRestarts = new Set<RestartEndpoint>();
  private readonly random: () => number;

  constructor(initial: FaultSettings, random: () => number = Math.random) {
    this.settings = { ...initial };
    this.random = random;
  }

  /** Current settings and pending restarts, for `GET /api/faults`. */
  snapshot(): FaultSettings & { restartNext: RestartEndpoint[] } {
    return { ...this.settings, restartNext: [...this.pendingRestarts] };
  }

  /** Changes some settings; values were validated by the caller. */
  update(patch: Partial<FaultSettings>): void {
    this.settings = { ...this.settings, ...patch };
  }

  /** Makes the next `/update` or `/batch` answer ask the client to restart its session. */
  restartNext(endpoint: RestartEndpoint): void {
    this.pendingRestarts.add(endpoint);
  }

  /** The delay to apply before answering. */
  latency(): number {
    return this.settings.latencyMs;
  }

  /** Decides whether one ingest request is dropped, failed, or served. */
  decide(): FaultDecision {
    if (this.settings.dropRate > 0 && this.random() < this.settings.dropRate) return 'drop';
    if (this.settings.failRate > 0 && this.random() < this.settings.failRate) return 'fail';
    return 'none';
  }

  /**
   * Consumes a pending restart for this endpoint. Called only once a request is known to be
   * valid, so a malformed request does not use up the one-shot.
   */
  takeRestart(endpoint: RestartEndpoint): boolean {
    return this.pendingRestarts.delete(endpoint);
  }
}
