import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SendOutcome } from '../../src/host.js';
import { metricsBody, MetricsReporter } from '../../src/pipeline/metrics-reporter.js';
import type { PerformanceFigures } from '../../src/pipeline/performance-tracker.js';
import { advance, OK_METRICS, SERVER_ERROR } from './fakes.js';

function setup(auto: SendOutcome | null = OK_METRICS) {
  const calls: { body: any; answer(o: SendOutcome): void }[] = [];
  const state = { events: 0, figures: {} as PerformanceFigures };
  const log = { debug: vi.fn(), info: vi.fn(), warn: vi.fn() };
  const reporter = new MetricsReporter({
    log,
    now: () => Date.now(),
    numEventsInBuffer: () => state.events,
    figures: () => state.figures,
    send: (body) =>
      new Promise<SendOutcome>((resolve) => {
        calls.push({ body: JSON.parse(body), answer: resolve });
        if (auto) resolve(auto);
      }),
  });
  return { calls, state, reporter, log };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_767_225_600_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('metricsBody', () => {
  it('writes version, clientTimestamp, histograms, counters in that order', () => {
    const body = metricsBody(1767225630000, 12, {}, 0);
    expect(body).toBe(
      '{"version":1,"clientTimestamp":1767225630000,"histograms":{"numEventsInBuffer":12},"counters":{"numSessionsAbortedDueToBufferExceeded":0}}',
    );
  });

  it('orders the optional histograms inpP98Ms, averageLongTaskDurationMs, blockedTimePerSecondMs after numEventsInBuffer', () => {
    const figures = { blockedTimePerSecondMs: 4.2, averageLongTaskDurationMs: 88.5, inpP98Ms: 312 };
    const parsed = JSON.parse(metricsBody(1, 3, figures, 1));
    expect(Object.keys(parsed.histograms)).toEqual([
      'numEventsInBuffer',
      'inpP98Ms',
      'averageLongTaskDurationMs',
      'blockedTimePerSecondMs',
    ]);
    expect(parsed.counters.numSessionsAbortedDueToBufferExceeded).toBe(1);
  });

  it('leaves out optional histograms that have no value', () => {
    const parsed = JSON.parse(metricsBody(1, 0, { blockedTimePerSecondMs: 0 }, 0));
    expect(parsed.histograms).toEqual({ numEventsInBuffer: 0, blockedTimePerSecondMs: 0 });
  });
});

describe('MetricsReporter', () => {
  it('reports every 30 s with the current number of buffered events and the send time', async () => {
    const { calls, state, reporter } = setup();
    reporter.start();
    state.events = 7;
    await advance(29_999);
    expect(calls).toHaveLength(0);
    await advance(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body.histograms.numEventsInBuffer).toBe(7);
    expect(calls[0]!.body.clientTimestamp).toBe(Date.now());
    await advance(30_000);
    expect(calls).toHaveLength(2);
  });

  it('skips a tick while the previous report is still in flight', async () => {
    const { calls, reporter } = setup(null);
    reporter.start();
    await advance(90_000);
    expect(calls).toHaveLength(1);
    calls[0]!.answer(OK_METRICS);
    await advance(30_000);
    expect(calls).toHaveLength(2);
  });

  it('subtracts the reported counter on 2xx and keeps increments made during the request', async () => {
    const { calls, reporter } = setup(null);
    reporter.start();
    reporter.countBufferAbort();
    await advance(30_000);
    expect(calls[0]!.body.counters.numSessionsAbortedDueToBufferExceeded).toBe(1);
    reporter.countBufferAbort();
    calls[0]!.answer(OK_METRICS);
    await advance(30_000);
    expect(calls[1]!.body.counters.numSessionsAbortedDueToBufferExceeded).toBe(1);
  });

  it('reports dropped events by reason, only when non-zero, and subtracts what a 2xx confirmed', async () => {
    const { calls, reporter } = setup(null);
    reporter.start();
    reporter.countDropped('memory-bound', 40);
    reporter.countDropped('too-large', 1);
    await advance(30_000);
    expect(calls[0]!.body.counters).toEqual({
      numSessionsAbortedDueToBufferExceeded: 0,
      numEventsDroppedDueToMemoryBound: 40,
      numEventsDroppedDueToPayloadTooLarge: 1,
    });
    reporter.countDropped('memory-bound', 2);
    calls[0]!.answer(OK_METRICS);
    await advance(30_000);
    expect(calls[1]!.body.counters).toEqual({
      numSessionsAbortedDueToBufferExceeded: 0,
      numEventsDroppedDueToMemoryBound: 2,
    });
    calls[1]!.answer(SERVER_ERROR);
    await advance(30_000);
    expect(calls[2]!.body.counters.numEventsDroppedDueToMemoryBound).toBe(2);
    calls[2]!.answer(OK_METRICS);
    await advance(30_000);
    expect(calls[3]!.body.counters).toEqual({ numSessionsAbortedDueToBufferExceeded: 0 });
  });

  it('keeps the counter after a non-2xx answer and logs at debug level', async () => {
    const { calls, reporter, log } = setup(SERVER_ERROR);
    reporter.start();
    reporter.countBufferAbort();
    await advance(60_000);
    expect(calls.map((c) => c.body.counters.numSessionsAbortedDueToBufferExceeded)).toEqual([1, 1]);
    expect(log.debug).toHaveBeenCalled();
  });

  it('sends one final report on finish and no periodic report after it', async () => {
    const { calls, reporter, state } = setup();
    reporter.start();
    state.events = 0;
    reporter.finish();
    reporter.finish();
    await advance(0);
    expect(calls).toHaveLength(1);
    await advance(120_000);
    expect(calls).toHaveLength(1);
  });

  it('sends the final report only after the given request settled', async () => {
    const { calls, reporter } = setup();
    reporter.start();
    let release!: () => void;
    reporter.finish(new Promise<void>((r) => (release = r)));
    await advance(1_000);
    expect(calls).toHaveLength(0);
    release();
    await advance(0);
    expect(calls).toHaveLength(1);
  });

  it('waits for a report in flight before the final one so a counter is not reported twice', async () => {
    const { calls, reporter } = setup(null);
    reporter.start();
    reporter.countBufferAbort();
    await advance(30_000);
    reporter.finish();
    await advance(0);
    expect(calls).toHaveLength(1);
    calls[0]!.answer(OK_METRICS);
    await advance(0);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body.counters.numSessionsAbortedDueToBufferExceeded).toBe(0);
  });

  it('sends nothing at all after halt', async () => {
    const { calls, reporter } = setup();
    reporter.start();
    reporter.halt();
    reporter.finish();
    await advance(120_000);
    expect(calls).toHaveLength(0);
  });
});
