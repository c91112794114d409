import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Identity } from '../../src/merge';
import type { IntegrationsModule } from '../../src/integrations-link';
import { createIntegrationPoller } from '../../src/integration-poller';
import {
  INTEGRATIONS_PERIOD_MS,
  INTEGRATIONS_WARMUP_MS,
  pollIntegrations,
} from '../../src/integrations';
import { fakeLogger } from '../helpers/fake-logger';
import { flushMicrotasks } from '../helpers/fixtures';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** A poller whose detector finds a new replay id on every run, and what it submitted. */
function setup(loadFails = false) {
  let runs = 0;
  let ready = true;
  let release: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => (release = resolve));
  // The module's real schedule, with a detector that finds a new replay id on every run.
  const module: IntegrationsModule = {
    pollIntegrations: (kinds, isReady, submit) =>
      pollIntegrations(kinds, isReady, submit, () => ({ sentry: { replayId: `r${++runs}` } })),
  };
  const load = vi.fn(async () => {
    await arrived;
    if (loadFails) throw new Error('chunk');
    return module;
  });
  const submitted: Identity[] = [];
  const log = fakeLogger();
  const poller = createIntegrationPoller(
    log,
    load,
    () => ready,
    (h) => void submitted.push(h),
  );
  return {
    poller,
    load,
    log,
    submitted,
    runs: () => runs,
    release: async () => {
      release();
      await flushMicrotasks();
    },
    setReady: (value: boolean) => void (ready = value),
  };
}

describe('integration poller (createIntegrationPoller)', () => {
  it('runs once the module arrives, 5 s later, then every 30 s', async () => {
    const p = setup();
    p.poller._start(['sentry']);
    expect(p.runs()).toBe(0);
    await p.release();
    expect(p.runs()).toBe(1);
    expect(p.submitted[0]).toEqual({ session: { integrations: { sentry: { replayId: 'r1' } } } });
    vi.advanceTimersByTime(INTEGRATIONS_WARMUP_MS);
    expect(p.runs()).toBe(2);
    vi.advanceTimersByTime(INTEGRATIONS_PERIOD_MS - 1);
    expect(p.runs()).toBe(2);
    vi.advanceTimersByTime(1);
    expect(p.runs()).toBe(3);
  });

  it('does nothing without kinds, and loads the module once however often it starts', async () => {
    const p = setup();
    p.poller._start([]);
    expect(p.load).not.toHaveBeenCalled();
    p.poller._start(['sentry']);
    p.poller._start(['sentry']);
    await p.release();
    p.poller._stop();
    p.poller._start(['sentry']);
    await flushMicrotasks();
    expect(p.load).toHaveBeenCalledTimes(1);
    expect(p.runs()).toBe(2);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('never starts a schedule when stopped while the module loads', async () => {
    const p = setup();
    p.poller._start(['sentry']);
    p.poller._stop();
    await p.release();
    expect(p.runs()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps one schedule when stopped and started again while the module loads', async () => {
    const p = setup();
    p.poller._start(['sentry']);
    p.poller._stop();
    p.poller._start(['posthog']);
    await p.release();
    expect(p.runs()).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('skips runs while no session is ready, keeping the schedule', async () => {
    const p = setup();
    p.poller._start(['sentry']);
    await p.release();
    p.setReady(false);
    vi.advanceTimersByTime(INTEGRATIONS_WARMUP_MS);
    expect(p.runs()).toBe(1);
    p.setReady(true);
    vi.advanceTimersByTime(INTEGRATIONS_PERIOD_MS);
    expect(p.runs()).toBe(2);
  });

  it('logs one info line and polls nothing when the module cannot be loaded', async () => {
    const p = setup(true);
    p.poller._start(['sentry']);
    await p.release();
    expect(p.log.info).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clears its timer on stop', async () => {
    const p = setup();
    p.poller._start(['sentry']);
    await p.release();
    p.poller._stop();
    // The stop reaches the schedule through its promise: before any timer could fire.
    await flushMicrotasks();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(INTEGRATIONS_PERIOD_MS * 2);
    expect(p.runs()).toBe(1);
  });
});
