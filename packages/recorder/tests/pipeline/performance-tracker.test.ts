import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  PerformanceStats,
  startPerformanceTracking,
  type TimingEntry,
} from '../../src/pipeline/performance-tracker.js';

const interaction = (duration: number): TimingEntry => ({
  entryType: 'event',
  duration,
  interactionId: 7,
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('PerformanceStats', () => {
  it('reports inpP98Ms as the second-worst of the ten worst interaction durations once 50 entries were seen', () => {
    const stats = new PerformanceStats(0);
    for (let i = 1; i <= 60; i++) stats.add(interaction(i * 10));
    expect(stats.figures(1000).inpP98Ms).toBe(590);
  });

  it('leaves inpP98Ms out below 50 event entries', () => {
    const stats = new PerformanceStats(0);
    for (let i = 1; i <= 49; i++) stats.add(interaction(i));
    expect(stats.figures(1000).inpP98Ms).toBeUndefined();
    stats.add(interaction(1));
    expect(stats.figures(1000).inpP98Ms).toBe(48);
  });

  it('leaves inpP98Ms out with fewer than 2 interaction samples even after 50 entries', () => {
    const stats = new PerformanceStats(0);
    stats.add(interaction(300));
    for (let i = 0; i < 60; i++) stats.add({ entryType: 'event', duration: 20, interactionId: 0 });
    expect(stats.figures(1000).inpP98Ms).toBeUndefined();
  });

  it('averages long task durations once there is at least one', () => {
    const stats = new PerformanceStats(0);
    expect(stats.figures(1000).averageLongTaskDurationMs).toBeUndefined();
    stats.add({ entryType: 'longtask', duration: 60 });
    stats.add({ entryType: 'longtask', duration: 117 });
    expect(stats.figures(1000).averageLongTaskDurationMs).toBe(88.5);
  });

  it('reports blocked time per second as the time beyond 50 ms of each long task over the elapsed time', () => {
    const stats = new PerformanceStats(1_000);
    stats.add({ entryType: 'longtask', duration: 30 });
    stats.add({ entryType: 'longtask', duration: 150 });
    stats.add({ entryType: 'longtask', duration: 70 });
    // (0 + 100 + 20) ms over 10 s
    expect(stats.figures(11_000).blockedTimePerSecondMs).toBe(12);
  });

  it('reports blocked time 0 with no long tasks, and leaves it out when no time passed', () => {
    const stats = new PerformanceStats(500);
    expect(stats.figures(500)).toEqual({});
    expect(stats.figures(501)).toEqual({ blockedTimePerSecondMs: 0 });
  });
});

describe('startPerformanceTracking', () => {
  it('observes buffered event and longtask entries and feeds them into the figures', () => {
    const observed: { init: PerformanceObserverInit; cb: PerformanceObserverCallback }[] = [];
    const disconnect = vi.fn();
    class FakeObserver {
      static supportedEntryTypes = ['event', 'longtask'];
      constructor(private readonly cb: PerformanceObserverCallback) {}
      observe(init: PerformanceObserverInit) {
        observed.push({ init, cb: this.cb });
      }
      disconnect = disconnect;
    }
    vi.stubGlobal('PerformanceObserver', FakeObserver);
    let now = 0;
    const tracker = startPerformanceTracking(() => now);
    expect(observed.map((o) => [o.init.type, o.init.buffered])).toEqual([
      ['event', true],
      ['longtask', true],
    ]);
    const longtasks = observed[1]!;
    longtasks.cb(
      { getEntries: () => [{ entryType: 'longtask', duration: 250 }] } as any,
      {} as PerformanceObserver,
    );
    now = 2_000;
    expect(tracker.figures()).toEqual({
      averageLongTaskDurationMs: 250,
      blockedTimePerSecondMs: 100,
    });
    tracker.stop();
    expect(disconnect).toHaveBeenCalledTimes(2);
  });

  it('skips entry types the browser does not support and never throws without PerformanceObserver', () => {
    vi.stubGlobal('PerformanceObserver', undefined);
    const tracker = startPerformanceTracking(() => 10);
    expect(tracker.figures()).toEqual({});
    expect(() => tracker.stop()).not.toThrow();
  });
});
