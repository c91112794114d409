import { describe, expect, it, vi } from 'vitest';
import type { MilanaState } from '../src/types';
import { RETRY_SCHEDULE_MS } from '../src/retry';
import { useHarness } from './helpers/harness';
import { flushMicrotasks, until } from './helpers/fixtures';

/**
 * Listeners that act on what they hear (issue 16): every state change is committed with its
 * effects before any listener runs, so what a listener does lands on a consistent client.
 */
const h = useHarness();

const userIds = (): string[] =>
  h.server.requestsTo('/update').map((r) => (r.json as { user: { userId: string } }).user.userId);

describe('listeners that call the client', () => {
  it('a listener that stops on "recording" leaves no recorder running and sends the abort', async () => {
    const { client, fake, init } = h.make({ sendOnAbort: true });
    const seen: string[] = [];
    client.listen((s) => {
      seen.push(s.status);
      if (s.status === 'recording') void client.stopRecording();
    });
    expect(await init()).toEqual({ success: true });
    expect(client.getState().status).toBe('stopped');
    expect(seen).toEqual(['initializing', 'initializing', 'recording', 'stopped']);
    expect(sessionStorage.getItem('milana_session_state')).toBeNull();
    // The module was on its way: it sends the §14 abort and final metrics, and never records.
    await h.server.waitFor('/metrics', 1);
    await h.idle();
    expect(fake.log.hosts).toEqual([]);
    expect(fake.log.aborts).toEqual(['sess_1']);
    expect(h.server.requests.map((r) => r.path)).toEqual(['/session', '/batch', '/metrics']);
    expect(h.server.requestsTo('/batch')[0]?.json).toMatchObject({ isClientAbort: true });
  });

  it('a listener that stops when the id arrives sends no replay and loads no recorder', async () => {
    sessionStorage.setItem(
      'milana_session_state',
      JSON.stringify({ sessionId: null, user: { userId: 'u_1' }, sessionContext: null }),
    );
    const { client, fake, init } = h.make();
    client.listen((s) => {
      if (s.sessionId) void client.stopRecording();
    });
    expect(await init()).toEqual({ success: false });
    await h.idle();
    expect(client.getState().status).toBe('stopped');
    expect(h.server.requestsTo('/update')).toEqual([]);
    expect(fake.log.loads).toBe(0);
  });

  it('every listener sees the snapshots in commit order when one of them stops', async () => {
    const { client, init } = h.make();
    const first: string[] = [];
    const second: string[] = [];
    client.listen((s) => {
      first.push(s.status);
      if (s.status === 'recording') void client.stopRecording();
    });
    client.listen((s) => second.push(s.status));
    await init();
    expect(second).toEqual(first);
    expect(second.slice(-2)).toEqual(['recording', 'stopped']);
  });

  it('a listener reads the state it was notified with from getState()', async () => {
    const { client, init } = h.make();
    const mismatches: Array<[MilanaState, MilanaState]> = [];
    client.listen((s) => {
      if (client.getState() !== s) mismatches.push([s, client.getState()]);
    });
    await init();
    await client.identify({ userId: 'u', email: 'u@x.y' });
    await client.stopRecording();
    expect(mismatches).toEqual([]);
  });

  it('a call made from a listener while calls are queued runs after them', async () => {
    const { client, init } = h.make();
    const queued = [client.updateUser({ userId: 'a' }), client.updateUser({ userId: 'b' })];
    let late: Promise<unknown> | undefined;
    client.listen((s) => {
      if (s.status === 'recording' && !late) late = client.updateUser({ userId: 'late' });
    });
    await init();
    expect(await Promise.all([...queued, late])).toEqual([
      { success: true },
      { success: true },
      { success: true },
    ]);
    expect(userIds()).toEqual(['a', 'b', 'late']);
  });

  it('a listener that calls init after a stop starts a new session', async () => {
    const { client, init } = h.make();
    await init();
    let again: Promise<unknown> | undefined;
    client.listen((s) => {
      if (s.status === 'stopped' && !again) again = init();
    });
    await client.stopRecording();
    expect(await again).toEqual({ success: true });
    expect(client.getState()).toMatchObject({ status: 'recording', sessionId: 'sess_2' });
  });
});

describe('stopRecording() while the recorder is still loading (issue 15 point 7)', () => {
  it('sends the client-abort /batch, then the final /metrics, and never starts the recorder', async () => {
    const { client, fake, init } = h.make({ deferred: true, sendOnAbort: true });
    await init();
    client.trackEvent('held');
    expect(client.getState().status).toBe('recording');
    expect(await client.stopRecording()).toEqual({ success: true });
    fake.release();
    await h.server.waitFor('/metrics', 1);
    await h.idle();
    expect(h.server.requests.map((r) => r.path)).toEqual(['/session', '/batch', '/metrics']);
    const [abort] = h.server.requestsTo('/batch');
    expect(abort?.json).toMatchObject({ isClientAbort: true, clientAbortReason: 'CLIENT_STOPPED' });
    expect(abort?.headers['x-milana-session-id']).toBe('sess_1');
    expect(fake.log.hosts).toEqual([]);
    expect(fake.log.events).toEqual([]);
  });

  it('sends nothing for a restart or a module that never arrives', async () => {
    const { client, fake, init } = h.make({ deferred: true, failLoad: true, sendOnAbort: true });
    await init();
    await client.stopRecording();
    fake.release();
    await flushMicrotasks(20);
    await h.idle();
    expect(h.server.requests.map((r) => r.path)).toEqual(['/session']);
    expect(client.getState().status).toBe('stopped');
  });

  it('lets a new session record normally after the aborted load', async () => {
    const { client, fake, init } = h.make({ deferred: true, sendOnAbort: true });
    await init();
    await client.stopRecording();
    await init();
    fake.release();
    await until(() => fake.log.hosts.length === 1, 'the second session records');
    expect(fake.log.hosts[0]?.sessionId).toBe('sess_2');
    expect(fake.log.aborts).toEqual(['sess_1']);
  });
});

describe('stopRecording() during a restart backoff', () => {
  it('leaves no timer behind', async () => {
    const { client, fake, init } = h.make();
    await init();
    await until(() => fake.log.hosts.length === 1, 'recorder start');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // fetch (undici) keeps timers of its own: follow the backoff timer by its handle.
    const set = vi.spyOn(globalThis, 'setTimeout');
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const cleared = vi.spyOn(globalThis, 'clearTimeout');
    h.server.setDefault('/session', { status: 503, body: '' });
    fake.log.hosts[0]?.requestRestart();
    await h.idle();
    const backoff = set.mock.calls.findIndex((c) => c[1] === RETRY_SCHEDULE_MS[0]);
    expect(backoff).toBeGreaterThanOrEqual(0);
    const handle = set.mock.results[backoff]?.value as unknown;
    expect(cleared.mock.calls.some((c) => c[0] === handle)).toBe(false);
    await client.stopRecording();
    expect(cleared.mock.calls.some((c) => c[0] === handle)).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.server.requestsTo('/session')).toHaveLength(2);
  });
});
