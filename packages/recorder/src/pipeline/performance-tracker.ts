/**
 * Optional performance histograms of `/metrics` (§9), on only with
 * `_internal.shouldTrackPerformance`. Figures are cumulative since the recording started.
 */

/** The optional `histograms` fields, in their wire order. */
export interface PerformanceFigures {
  inpP98Ms?: number;
  averageLongTaskDurationMs?: number;
  blockedTimePerSecondMs?: number;
}

/** The part of a PerformanceEntry the figures need. */
export interface TimingEntry {
  readonly entryType: string;
  readonly duration: number;
  readonly interactionId?: number;
}

const WORST_KEPT = 10;
const MIN_INTERACTION_ENTRIES = 50;
const MIN_SAMPLES = 2;
const LONG_TASK_BUDGET_MS = 50;

/**
 * Accumulates event-timing and long-task entries and derives the §9 figures.
 *
 * @example
 * ```ts
 * const stats = new PerformanceStats(Date.now());
 * stats.add({ entryType: 'longtask', duration: 120 });
 * stats.figures(Date.now());
 * ```
 */
export class PerformanceStats {
  private worstInteractions: number[] = [];
  private eventEntries = 0;
  private longTaskCount = 0;
  private longTaskTotalMs = 0;
  private blockedMs = 0;

  constructor(private readonly startedAt: number) {}

  add(entry: TimingEntry): void {
    if (entry.entryType === 'event') {
      this.eventEntries++;
      // Only entries that belong to a user interaction say anything about responsiveness.
      if ((entry.interactionId ?? 0) > 0) this.keepIfWorst(entry.duration);
    } else if (entry.entryType === 'longtask') {
      this.longTaskCount++;
      this.longTaskTotalMs += entry.duration;
      this.blockedMs += Math.max(0, entry.duration - LONG_TASK_BUDGET_MS);
    }
  }

  figures(now: number): PerformanceFigures {
    const out: PerformanceFigures = {};
    if (
      this.worstInteractions.length >= MIN_SAMPLES &&
      this.eventEntries >= MIN_INTERACTION_ENTRIES
    ) {
      // The second-worst of the worst ten approximates the 98th percentile of ~50+ interactions.
      out.inpP98Ms = this.worstInteractions[1];
    }
    if (this.longTaskCount >= 1)
      out.averageLongTaskDurationMs = this.longTaskTotalMs / this.longTaskCount;
    const elapsed = now - this.startedAt;
    if (elapsed > 0) out.blockedTimePerSecondMs = (this.blockedMs / elapsed) * 1000;
    return out;
  }

  private keepIfWorst(duration: number): void {
    const list = this.worstInteractions;
    if (list.length >= WORST_KEPT && duration <= (list[list.length - 1] ?? 0)) return;
    let at = list.findIndex((d) => duration > d);
    if (at === -1) at = list.length;
    list.splice(at, 0, duration);
    if (list.length > WORST_KEPT) list.pop();
  }
}

/** A running tracker: figures on demand, and a way to disconnect its observers. */
export interface PerformanceTracker {
  figures(): PerformanceFigures;
  stop(): void;
}

/**
 * Observe `event` and `longtask` entries (buffered) with `PerformanceObserver`. Entry types the
 * browser does not support are skipped; without `PerformanceObserver` the figures still report
 * `blockedTimePerSecondMs` as 0.
 *
 * @example
 * ```ts
 * const tracker = startPerformanceTracking(() => Date.now());
 * tracker.figures();
 * tracker.stop();
 * ```
 */
export function startPerformanceTracking(now: () => number): PerformanceTracker {
  const stats = new PerformanceStats(now());
  const observers: PerformanceObserver[] = [];
  const observe = (type: 'event' | 'longtask', extra: Record<string, unknown>): void => {
    try {
      if (typeof PerformanceObserver !== 'function') return;
      const supported = PerformanceObserver.supportedEntryTypes;
      if (Array.isArray(supported) && !supported.includes(type)) return;
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) stats.add(entry);
      });
      observer.observe({ type, buffered: true, ...extra });
      observers.push(observer);
    } catch {
      // An engine that rejects the entry type or the options simply yields no figures for it.
    }
  };
  // 16 ms is the smallest threshold Event Timing accepts; the default (104 ms) would hide most interactions.
  observe('event', { durationThreshold: 16 });
  observe('longtask', {});
  return {
    figures: () => stats.figures(now()),
    stop: () => {
      for (const o of observers) {
        try {
          o.disconnect();
        } catch {
          // disconnecting is best effort
        }
      }
      observers.length = 0;
    },
  };
}
