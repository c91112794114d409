import type { RecorderLog, SendOutcome } from '../host.js';
import { METRICS_INTERVAL_MS } from './limits.js';
import type { PerformanceFigures } from './performance-tracker.js';

/** Build a `/metrics` body with the exact key order of §9. */
export function metricsBody(
  clientTimestamp: number,
  numEventsInBuffer: number,
  figures: PerformanceFigures,
  numSessionsAbortedDueToBufferExceeded: number,
): string {
  const histograms: Record<string, number> = { numEventsInBuffer };
  if (figures.inpP98Ms !== undefined) histograms.inpP98Ms = figures.inpP98Ms;
  if (figures.averageLongTaskDurationMs !== undefined) {
    histograms.averageLongTaskDurationMs = figures.averageLongTaskDurationMs;
  }
  if (figures.blockedTimePerSecondMs !== undefined)
    histograms.blockedTimePerSecondMs = figures.blockedTimePerSecondMs;
  return JSON.stringify({
    version: 1,
    clientTimestamp,
    histograms,
    counters: { numSessionsAbortedDueToBufferExceeded },
  });
}

/** What the reporter reads and where it sends. */
export interface MetricsSource {
  send(body: string): Promise<SendOutcome>;
  log: RecorderLog;
  now(): number;
  numEventsInBuffer(): number;
  /** The optional performance figures, `{}` when tracking is off. */
  figures(): PerformanceFigures;
}

/**
 * `/metrics` every 30 s while recording (§9), at most one in flight, plus one final report when
 * the recorder is torn down while still recording. Counters are subtracted only by what a 2xx
 * answer confirmed, so increments made during a request survive.
 *
 * @example
 * ```ts
 * const metrics = new MetricsReporter(source);
 * metrics.start();
 * metrics.countBufferAbort();
 * metrics.finish(); // final report, then no more
 * ```
 */
export class MetricsReporter {
  private bufferAborts = 0;
  private inFlight: Promise<void> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private finished = false;

  constructor(private readonly source: MetricsSource) {}

  start(): void {
    if (this.timer !== null || this.finished) return;
    this.timer = setInterval(() => {
      // A tick that arrives while a report is on its way is skipped, not queued (§9).
      if (this.inFlight === null) this.report();
    }, METRICS_INTERVAL_MS);
  }

  /** +1 on `numSessionsAbortedDueToBufferExceeded` (§10 caps). */
  countBufferAbort(): void {
    this.bufferAborts++;
  }

  /**
   * Stop the timer and send one last report, after `before` (e.g. the client-abort batch, so the
   * wire order of §14 holds) and after any report already in flight, so a counter is never
   * reported twice. The body is built once those settled; the buffer is already dropped by then.
   */
  finish(before?: Promise<unknown>): void {
    if (this.finished) return;
    this.halt();
    const waitFor = Promise.all([before, this.inFlight]).catch(() => undefined);
    void waitFor.then(() => this.deliver(this.body(), this.bufferAborts));
  }

  /** Stop the timer without a final report (the state is no longer `recording`). */
  halt(): void {
    this.finished = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private report(): void {
    const sent = this.bufferAborts;
    const pending = this.deliver(this.body(), sent).finally(() => {
      if (this.inFlight === pending) this.inFlight = null;
    });
    this.inFlight = pending;
  }

  private body(): string {
    const s = this.source;
    return metricsBody(s.now(), s.numEventsInBuffer(), s.figures(), this.bufferAborts);
  }

  private async deliver(body: string, sentAborts: number): Promise<void> {
    let outcome: SendOutcome;
    try {
      outcome = await this.source.send(body);
    } catch (error) {
      this.source.log.debug(
        'metrics send failed; the counters are kept for the next report',
        error,
      );
      return;
    }
    if (outcome.status >= 200 && outcome.status <= 299) {
      this.bufferAborts -= sentAborts;
    } else {
      this.source.log.debug(
        `metrics send failed (status ${outcome.status}); the counters are kept for the next report`,
      );
    }
  }
}
