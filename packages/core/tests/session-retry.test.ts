import { describe, expect, it, vi } from 'vitest';
import { RETRY_SCHEDULE_MS, retryDelay } from '../src/retry';
import { consoleLines, useHarness } from './helpers/harness';

/** §23: a failed `/session` at `init` keeps being retried in the background. */
const h = useHarness();

/** Fake timers and no jitter (the waits are the schedule's own values). */
function fakeClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
}

describe('retryDelay (the §23 schedule)', () => {
  it('waits 1, 5, 15, 30, 60 s, then 60 s for ever', () => {
    const none = (): number => 0.5;
    expect([0, 1, 2, 3, 4, 5, 50].map((n) => retryDelay(n, none))).toEqual([
      1_000, 5_000, 15_000, 30_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('jitters each wait by ±20 %', () => {
    expect(retryDelay(0, () => 0)).toBe(800);
    expect(retryDelay(0, () => 0.999_999)).toBeCloseTo(1_200, 2);
    expect(retryDelay(7, () => 0)).toBe(48_000);
    for (let i = 0; i < 200; i++) {
      const wait = retryDelay(2);
      expect(wait).toBeGreaterThanOrEqual(12_000);
      expect(wait).toBeLessThanOrEqual(18_000);
    }
  });
});

describe('/session failure at init (§23)', () => {
  it('resolves false at once, stays idle, then starts the session in the background', async () => {
    fakeClock();
    h.server.enqueue('/session', { status: 503, body: '' }, { networkError: true });
    const { client, init } = h.make();
    const queued = client.identify({ userId: 'u', email: 'u@x.y' });
    expect(await init()).toEqual({ success: false });
    expect(client.getState().status).toBe('idle');
    expect(consoleLines('info')).toContain(
      'Milana: init: the session could not start: HTTP 503; retrying',
    );
    await h.idle();
    await vi.advanceTimersByTimeAsync(RETRY_SCHEDULE_MS[0]!);
    await h.server.waitFor('/session', 2);
    await h.idle();
    expect(client.getState().status).toBe('idle');
    await vi.advanceTimersByTimeAsync(RETRY_SCHEDULE_MS[1]! - 1);
    expect(h.server.requestsTo('/session')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await h.server.waitFor('/session', 3);
    expect(await queued).toEqual({ success: true });
    expect(client.getState()).toMatchObject({ status: 'recording', sessionId: 'sess_1' });
    expect(h.server.requestsTo('/update')).toHaveLength(1);
    // One info line for the whole outage.
    expect(consoleLines('info').filter((l) => l.includes('could not start'))).toHaveLength(1);
  });

  it('retries at once when the browser comes back online', async () => {
    fakeClock();
    h.server.enqueue('/session', { networkError: true });
    const { client, init } = h.make();
    await init();
    await h.idle();
    window.dispatchEvent(new Event('online'));
    await h.server.waitFor('/session', 2);
    await h.idle();
    expect(client.getState().status).toBe('recording');
    // The timer of that retry is gone: nothing more is sent later.
    await vi.advanceTimersByTimeAsync(120_000);
    expect(h.server.requestsTo('/session')).toHaveLength(2);
  });

  it('lets a later init replace the retrying one', async () => {
    fakeClock();
    h.server.enqueue('/session', { status: 500, body: '' });
    const { client, init } = h.make();
    await init();
    await h.idle();
    expect(await init({ endpoint: h.server.url })).toEqual({ success: true });
    await vi.advanceTimersByTimeAsync(120_000);
    window.dispatchEvent(new Event('online'));
    await h.idle();
    expect(h.server.requestsTo('/session')).toHaveLength(2);
    expect(client.getState().status).toBe('recording');
  });

  it('stops retrying on stopRecording(), online included', async () => {
    fakeClock();
    h.server.setDefault('/session', { status: 500, body: '' });
    const { client, init } = h.make();
    const queued = client.updateSession({ metadata: { a: 1 } });
    await init();
    await h.idle();
    expect(await client.stopRecording()).toEqual({ success: false });
    expect(await queued).toEqual({ success: false });
    await vi.advanceTimersByTimeAsync(600_000);
    window.dispatchEvent(new Event('online'));
    await h.idle();
    expect(h.server.requestsTo('/session')).toHaveLength(1);
  });
});
