import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  INTEGRATIONS_PERIOD_MS,
  INTEGRATIONS_WARMUP_MS,
  createIntegrationPoller,
} from '../src/integration-poller';
import type { SessionIntegrations } from '../src/types';
import { fakeLogger } from './helpers/fake-logger';
import { useHarness } from './helpers/harness';

const h = useHarness();

function poller(
  found: SessionIntegrations | null,
  ready = () => true,
  kinds: ('sentry' | 'posthog')[] = ['sentry'],
) {
  const submitted: SessionIntegrations[] = [];
  const detect = vi.fn(() => found);
  const p = createIntegrationPoller(kinds, fakeLogger(), ready, (i) => submitted.push(i), detect);
  return { p, submitted, detect };
}

describe('createIntegrationPoller (§7.7)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs immediately, again 5 s later, then every 30 s', () => {
    const { p, detect } = poller({ sentry: { replayId: 'r' } });
    expect(INTEGRATIONS_WARMUP_MS).toBe(5_000);
    expect(INTEGRATIONS_PERIOD_MS).toBe(30_000);
    p._start();
    expect(detect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(4_999);
    expect(detect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(detect).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(29_999);
    expect(detect).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1);
    expect(detect).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(60_000);
    expect(detect).toHaveBeenCalledTimes(5);
    p._stop();
  });

  it('submits what it found with the detected integrations', () => {
    const { p, submitted } = poller({ sentry: { replayId: 'r1' } });
    p._start();
    expect(submitted).toEqual([{ sentry: { replayId: 'r1' } }]);
    p._stop();
  });

  it('submits nothing when nothing was found', () => {
    const { p, submitted } = poller(null);
    p._start();
    vi.advanceTimersByTime(100_000);
    expect(submitted).toEqual([]);
    p._stop();
  });

  it('reads nothing and schedules nothing when no integration was enabled', () => {
    const { p, detect } = poller({ sentry: { replayId: 'r' } }, () => true, []);
    p._start();
    vi.advanceTimersByTime(100_000);
    expect(detect).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('skips runs while no session is ready (during a restart) and keeps its schedule', () => {
    let ready = false;
    const { p, detect, submitted } = poller({ sentry: { replayId: 'r' } }, () => ready);
    p._start();
    vi.advanceTimersByTime(5_000);
    expect(detect).not.toHaveBeenCalled();
    ready = true;
    vi.advanceTimersByTime(30_000);
    expect(submitted).toHaveLength(1);
    p._stop();
  });

  it('stops every timer on stop', () => {
    const { p, detect } = poller({ sentry: { replayId: 'r' } });
    p._start();
    vi.advanceTimersByTime(5_000);
    p._stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(100_000);
    expect(detect).toHaveBeenCalledTimes(2);
  });

  it('ignores a second start while running', () => {
    const { p, detect } = poller({ sentry: { replayId: 'r' } });
    p._start();
    p._start();
    expect(detect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    expect(detect).toHaveBeenCalledTimes(2);
    p._stop();
  });

  it('leaves no timer when a run stops the poller', () => {
    const submitted: SessionIntegrations[] = [];
    const p = createIntegrationPoller(
      ['sentry'],
      fakeLogger(),
      () => true,
      (i) => {
        submitted.push(i);
        if (submitted.length === 2) p._stop();
      },
      () => ({ sentry: { replayId: 'r' } }),
    );
    p._start();
    vi.advanceTimersByTime(5_000);
    expect(submitted).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('survives a detector that throws', () => {
    const log = fakeLogger();
    const p = createIntegrationPoller(
      ['posthog'],
      log,
      () => true,
      () => undefined,
      () => {
        throw new Error('storage exploded');
      },
    );
    expect(() => p._start()).not.toThrow();
    expect(log.debug).toHaveBeenCalled();
    p._stop();
  });
});

describe('integration polling through the client', () => {
  it('sends detected integrations through dedup, re-checks on schedule and stops on stopRecording', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    sessionStorage.setItem('sentryReplaySession', JSON.stringify({ id: 'replay_1' }));
    const { client, init } = h.make();
    await init({ integrations: ['sentry'] });
    await h.idle();
    expect(h.server.requestsTo('/update').map((r) => r.bodyText)).toEqual([
      '{"session":{"integrations":{"sentry":{"replayId":"replay_1"}}}}',
    ]);
    await vi.advanceTimersByTimeAsync(INTEGRATIONS_WARMUP_MS);
    await h.idle();
    expect(h.server.requestsTo('/update')).toHaveLength(1);
    sessionStorage.setItem('sentryReplaySession', JSON.stringify({ id: 'replay_2' }));
    await vi.advanceTimersByTimeAsync(INTEGRATIONS_PERIOD_MS);
    await h.idle();
    expect(h.server.requestsTo('/update')[1]?.json).toEqual({
      session: { integrations: { sentry: { replayId: 'replay_2' } } },
    });
    expect(client.getState().session).toEqual({
      integrations: { sentry: { replayId: 'replay_2' } },
    });
    await client.stopRecording();
    sessionStorage.setItem('sentryReplaySession', JSON.stringify({ id: 'replay_3' }));
    await vi.advanceTimersByTimeAsync(INTEGRATIONS_PERIOD_MS * 3);
    await h.idle();
    expect(h.server.requestsTo('/update')).toHaveLength(2);
  });

  it('keeps polling across a server-driven restart', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    sessionStorage.setItem('sentryReplaySession', JSON.stringify({ id: 'replay_1' }));
    const { client, fake, init } = h.make();
    await init({ integrations: ['sentry'] });
    await h.idle();
    await vi.advanceTimersByTimeAsync(0);
    fake.log.hosts[0]?.requestRestart();
    await h.idle();
    expect(client.getState().sessionId).toBe('sess_2');
    sessionStorage.setItem('sentryReplaySession', JSON.stringify({ id: 'replay_2' }));
    await vi.advanceTimersByTimeAsync(INTEGRATIONS_WARMUP_MS);
    await h.idle();
    const last = h.server.requestsTo('/update').at(-1);
    expect(last?.headers['x-milana-session-id']).toBe('sess_2');
    expect(last?.json).toEqual({ session: { integrations: { sentry: { replayId: 'replay_2' } } } });
  });

  it('reads no storage when integrations are not enabled', async () => {
    sessionStorage.setItem('sentryReplaySession', JSON.stringify({ id: 'replay_1' }));
    const { init } = h.make();
    await init();
    await h.idle();
    expect(h.server.requestsTo('/update')).toHaveLength(0);
  });
});
