import type { RecorderLog, SendOutcome } from '../host.js';
import { METRICS_INTERVAL_MS } from './limits.js';
import type { PerformanceFigures } from './performance-tracker.js';

/**
 * The counters of one report. `numSessionsAbortedDueToBufferExceeded` is the protocol's own (§9);
 * the other two are our §23 extension: events the pipeline dropped, by reason.
 */
export interface MetricsCounters {
  numSessionsAbortedDueToBufferExceeded: number;
  /** Oldest unacknowledged events dropped by the 16 777 216-char memory bound (§23). */
  numEventsDroppedDueToMemoryBound: number;
  /** Events the server refused with 413 even when sent alone (§23). */
  numEventsDroppedDueToPayloadTooLarge: number;
}

const ZERO: MetricsCounters = {
  numSessionsAbortedDueToBufferExceeded: 0,
  numEventsDroppedDueToMemoryBound: 0,
  numEventsDroppedDueToPayloadTooLarge: 0,
};

/**
 * Build a `/metrics` body with the exact key order of §9.
 *
 * `counters` is the protocol's open map of named client counters, so our drop counters go in it
 * as two more keys, after the required one, and only when non-zero: a report with nothing dropped
 * is byte for byte the §9 body, and a server that does not know a counter name can skip it
 * without losing the ones it knows (UNCERTAIN whether the service stores unknown counters; the
 * request stays a valid §9 request either way).
 */
export function metricsBody(
  clientTimestamp: number,
  numEventsInBuffer: number,
  figures: PerformanceFigures,
  counters: MetricsCounters | number,
): string {
  const c: MetricsCounters =
    typeof counters === 'number'
      ? { ...ZERO, numSessionsAbortedDueToBufferExceeded: counters }
      : counters;
  const histograms: Record<string, number> = { numEventsInBuffer };
  if (figures.inpP98Ms !== undefined) histograms.inpP98Ms = figures.inpP98Ms;
  if (figures.averageLongTaskDurationMs !== undefined) {
    histograms.averageLongTaskDurationMs = figures.averageLongTaskDurationMs;
  }
  if (figures.blockedTimePerSecondMs !== undefined)
    histograms.blockedTimePerSecondMs = figures.blockedTimePerSecondMs;
  const out: Record<string, number> = {
    numSessionsAbortedDueToBufferExceeded: c.numSessionsAbortedDueToBufferExceeded,
  };
  if (c.numEventsDroppedDueToMemoryBound > 0)
    out.numEventsDroppedDueToMemoryBound = c.numEventsDroppedDueToMemoryBound;
  if (c.numEventsDroppedDueToPayloadTooLarge > 0)
    out.numEventsDroppedDueToPayloadTooLarge = c.numEventsDroppedDueToPayloadTooLarge;
  return JSON.stringify({ version: 1, clientTimestamp, histograms, counters: out });
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
  private counters: MetricsCounters = { ...ZERO };
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
    this.counters.numSessionsAbortedDueToBufferExceeded++;
  }

  /** `events` more dropped for `reason` (§23): the memory bound, or a 413 on one event alone. */
  countDropped(reason: 'memory-bound' | 'too-large', events: number): void {
    if (reason === 'memory-bound') this.counters.numEventsDroppedDueToMemoryBound += events;
    else this.counters.numEventsDroppedDueToPayloadTooLarge += events;
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
    void waitFor.then(() => this.deliver(this.body(), { ...this.counters }));
  }

  /** Stop the timer without a final report (the state is no longer `recording`). */
  halt(): void {
    this.finished = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private report(): void {
    const pending = this.deliver(this.body(), { ...this.counters }).finally(() => {
      if (this.inFlight === pending) this.inFlight = null;
    });
    this.inFlight = pending;
  }

  private body(): string {
    const s = this.source;
    return metricsBody(s.now(), s.numEventsInBuffer(), s.figures(), this.counters);
  }

  private async deliver(body: string, sent: MetricsCounters): Promise<void> {
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
      for (const key of Object.keys(sent) as (keyof MetricsCounters)[])
        this.counters[key] -= sent[key];
    } else {
      this.source.log.debug(
        `metrics send failed (status ${outcome.status}); the counters are kept for the next report`,
      );
    }
  }
}
