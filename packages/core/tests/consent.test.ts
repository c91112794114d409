import { describe, expect, it, vi } from 'vitest';
import { MAX_QUEUED_CALLS, QUEUED_CALL_TTL_MS } from '../src/session';
import { RETRY_SCHEDULE_MS } from '../src/retry';
import type { MilanaStatus } from '../src/types';
import { consoleLines, useHarness } from './helpers/harness';
import { flushMicrotasks, until } from './helpers/fixtures';

const h = useHarness();

/** A client whose `init` asked for consent `answer`, with every status it went through. */
async function awaiting(answer: 'pending' | 'denied' = 'pending') {
  const made = h.make();
  const statuses: MilanaStatus[] = [];
  // Each status once per visit: identity changes within a status are not what these tests follow.
  made.client.listen((s) => statuses.at(-1) !== s.status && statuses.push(s.status));
  const result = await made.init({ consent: answer });
  return { ...made, result, statuses };
}

const storageKeys = (): string[] => Object.keys(sessionStorage);

describe('consent: pending', () => {
  it('validates, resolves success and waits: no request, no storage, no recorder', async () => {
    const { client, fake, result } = await awaiting();
    expect(result).toEqual({ success: true });
    expect(client.getState()).toMatchObject({ status: 'awaiting-consent', isInitialized: false });
    void client.identify({ userId: 'u_1', email: 'u1@example.org' });
    client.trackEvent('clicked');
    await flushMicrotasks(50);
    expect(h.server.requests).toHaveLength(0);
    expect(storageKeys()).toEqual([]);
    expect(fake.log.loads).toBe(0);
  });

  it('reads an unknown consent answer as a denial: nothing recorded without consent', async () => {
    const { client, init, fake } = h.make();
    expect(await init({ consent: 'yes' as never })).toEqual({ success: true });
    expect(client.getState().status).toBe('stopped');
    await flushMicrotasks(50);
    expect(h.server.requests).toHaveLength(0);
    expect(fake.log.loads).toBe(0);
    client.setConsent('granted');
    await h.server.waitFor('/session', 1);
  });

  it('refuses a second init while consent is pending', async () => {
    const { client, init } = await awaiting();
    expect(await init()).toEqual({ success: false });
    expect(client.getState().status).toBe('awaiting-consent');
    expect(h.server.requests).toHaveLength(0);
  });

  it('keeps calls past the call queue expiry: the visitor may take long to answer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { client } = await awaiting();
    let settled = false;
    void client.updateUser({ userId: 'slow' }).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(60 * 60 * 1000);
    expect(settled).toBe(false);
    vi.useRealTimers();
    client.setConsent('granted');
    await until(() => settled, 'the held call');
    expect(h.server.requestsTo('/update').map((r) => r.json)).toEqual([
      { user: { userId: 'slow' } },
    ]);
  });

  it('gives the waiting calls the usual five minutes from the grant on', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { client } = await awaiting();
    let result: unknown;
    void client.updateUser({ userId: 'late' }).then((r) => (result = r));
    await vi.advanceTimersByTimeAsync(60 * 60 * 1000);
    // The start fails for good (init does not retry), so the call stays queued for a later init.
    h.server.setDefault('/session', { status: 503, body: '' });
    client.setConsent('granted');
    await h.idle();
    expect(client.getState().status).toBe('idle');
    await vi.advanceTimersByTimeAsync(QUEUED_CALL_TTL_MS - 1);
    expect(result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(result).toEqual({ success: false });
  });

  it('holds at most the call queue bound, failing the oldest call with a warning', async () => {
    const { client } = await awaiting();
    const first = client.updateSession({ metadata: { n: 0 } });
    for (let i = 1; i <= MAX_QUEUED_CALLS; i++) void client.updateSession({ metadata: { n: i } });
    expect(await first).toEqual({ success: false });
    expect(consoleLines('warn')).toEqual([
      'Milana: updateSession: dropped, over 1000 calls wait for init()',
    ]);
  });
});

describe('consent: transitions', () => {
  it('pending -> granted starts the session as a plain init, then runs the calls in order', async () => {
    const { client, fake, statuses } = await awaiting();
    const a = client.identify({ userId: 'u_1', email: 'u1@example.org' });
    client.trackEvent('while-pending', { n: 1 });
    const b = client.updateUser({ userId: 'u_1', name: 'Dana' });
    // The same user twice: coalesced into one body, as calls of one tick always are.
    const c = client.updateSession({ appSessionId: 'app_1' });
    client.setConsent('granted');
    expect(await Promise.all([a, b, c])).toEqual([
      { success: true },
      { success: true },
      { success: true },
    ]);
    expect(statuses).toEqual(['awaiting-consent', 'initializing', 'recording']);
    expect(h.server.requests.map((r) => r.path)).toEqual(['/session', '/update']);
    expect(h.server.requestsTo('/session')[0]?.headers['x-milana-session-id']).toBeUndefined();
    expect(h.server.requestsTo('/update')[0]?.json).toEqual({
      user: { userId: 'u_1', email: 'u1@example.org', name: 'Dana' },
      session: { appSessionId: 'app_1' },
    });
    await until(() => fake.log.events.length === 1, 'the held event');
    expect(fake.log.events).toEqual([['sess_1', 'while-pending', { n: 1 }]]);
    expect(client.getState()).toMatchObject({ sessionId: 'sess_1', user: { name: 'Dana' } });
    expect(storageKeys()).toEqual(['milana_session_state']);
  });

  it('dedups a held call against what the session already confirmed', async () => {
    const { client } = await awaiting();
    const first = client.identify({ userId: 'u_1', email: 'u1@example.org' });
    client.setConsent('granted');
    expect(await first).toEqual({ success: true });
    expect(await client.identify({ userId: 'u_1', email: 'u1@example.org' })).toEqual({
      success: true,
    });
    expect(h.server.requestsTo('/update')).toHaveLength(1);
  });

  it('pending -> denied fails the waiting calls, sends and stores nothing', async () => {
    const { client, fake, statuses } = await awaiting();
    const before = client.updateUser({ userId: 'a' });
    client.trackEvent('never');
    client.setConsent('denied');
    expect(await before).toEqual({ success: false });
    // Calls made after the denial wait as after stopRecording(): for a grant or a new init.
    void client.updateUser({ userId: 'b' });
    await flushMicrotasks(50);
    expect(statuses).toEqual(['awaiting-consent', 'stopped']);
    expect(h.server.requests).toHaveLength(0);
    expect(storageKeys()).toEqual([]);
    expect(fake.log.loads).toBe(0);
  });

  it('consent "denied" at init behaves like a denial: calls made before init fail too', async () => {
    const { client, init, fake } = h.make();
    const early = client.identify({ userId: 'u', email: 'u@example.org' });
    expect(await init({ consent: 'denied' })).toEqual({ success: true });
    expect(await early).toEqual({ success: false });
    client.trackEvent('never');
    await flushMicrotasks(50);
    expect(client.getState().status).toBe('stopped');
    expect(h.server.requests).toHaveLength(0);
    expect(fake.log.loads).toBe(0);
  });

  it('granted -> denied stops without sending the buffer and clears the stored session', async () => {
    const { client, fake, init } = h.make({ sendOnAbort: true });
    await init();
    await until(() => fake.log.hosts.length === 1, 'recorder start');
    await client.identify({ userId: 'u', email: 'u@example.org' });
    expect(storageKeys()).toEqual(['milana_session_state']);
    client.setConsent('denied');
    expect(client.getState()).toMatchObject({ status: 'stopped', sessionId: null, user: null });
    // The real recorder drops its buffer for 'denied'; the fake sends only on 'abort'.
    expect(fake.log.stops).toEqual([['sess_1', 'denied']]);
    expect(storageKeys()).toEqual([]);
    void client.updateUser({ userId: 'u', name: 'x' });
    await flushMicrotasks(50);
    expect(h.server.requests.map((r) => r.path)).toEqual(['/session', '/update']);
  });

  it('denied -> granted starts a new session with the configuration of the last init', async () => {
    const { client, fake, statuses } = await awaiting('denied');
    client.setConsent('granted');
    await until(() => fake.log.hosts.length === 1, 'recorder start');
    expect(statuses).toEqual(['awaiting-consent', 'stopped', 'initializing', 'recording']);
    const dropped = client.identify({ userId: 'first', email: 'f@example.org' });
    client.setConsent('denied');
    expect(await dropped).toEqual({ success: false });
    // Made while denied: it waits, and the next grant delivers it to the new session.
    const held = client.identify({ userId: 'back', email: 'b@example.org' });
    client.setConsent('granted');
    expect(await held).toEqual({ success: true });
    await until(() => fake.log.hosts.length === 2, 'second recorder');
    expect(h.server.requestsTo('/update').map((r) => r.headers['x-milana-session-id'])).toEqual([
      'sess_2',
    ]);
    expect(fake.log.hosts.map((x) => x.sessionId)).toEqual(['sess_1', 'sess_2']);
    // A fresh session each time: the withdrawn one's id was cleared, never resumed.
    expect(h.server.requestsTo('/session')[1]?.headers['x-milana-session-id']).toBeUndefined();
  });

  it('ignores an answer that does not change the consent', async () => {
    const { client, init } = h.make();
    await init();
    client.setConsent('granted');
    await flushMicrotasks(50);
    expect(h.server.requestsTo('/session')).toHaveLength(1);
    expect(client.getState().status).toBe('recording');
  });
});

describe('consent: bad input and other calls', () => {
  it('setConsent with a bad answer or before init logs one line and changes nothing', async () => {
    const { client } = h.make();
    client.setConsent('granted');
    expect(consoleLines('warn')).toEqual([
      'Milana: setConsent: consent must be granted or denied after init(); dropped',
    ]);
    const pending = await awaiting();
    pending.client.setConsent('yes' as never);
    expect(consoleLines('warn')[1]).toBe(
      'Milana: setConsent: consent must be granted or denied after init(); dropped',
    );
    expect(pending.client.getState().status).toBe('awaiting-consent');
    expect(client.getState().status).toBe('idle');
    expect(h.server.requests).toHaveLength(0);
  });

  it('stopRecording() while pending fails the waiting calls; a later grant starts nothing', async () => {
    const { client, fake } = await awaiting();
    const held = client.updateUser({ userId: 'a' });
    expect(await client.stopRecording()).toEqual({ success: true });
    expect(await held).toEqual({ success: false });
    expect(client.getState().status).toBe('stopped');
    client.setConsent('granted');
    await flushMicrotasks(50);
    expect(consoleLines('warn')).toEqual([
      'Milana: setConsent: consent must be granted or denied after init(); dropped',
    ]);
    expect(h.server.requests).toHaveLength(0);
    expect(fake.log.loads).toBe(0);
    expect(storageKeys()).toEqual([]);
  });

  it('a denial during a restart backoff stops it: no timer, no request afterwards', async () => {
    const { client, fake, init } = h.make();
    await init();
    await until(() => fake.log.hosts.length === 1, 'recorder start');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    h.server.setDefault('/session', { status: 503, body: '' });
    fake.log.hosts[0]?.requestRestart();
    await h.idle();
    expect(h.server.requestsTo('/session')).toHaveLength(2);
    const queued = client.updateSession({ metadata: { a: 1 } });
    // The backoff timer is the only one this client has; the server's own timers are not faked.
    const timers = vi.getTimerCount();
    client.setConsent('denied');
    expect(await queued).toEqual({ success: false });
    expect(vi.getTimerCount()).toBe(timers - 1);
    await vi.advanceTimersByTimeAsync(RETRY_SCHEDULE_MS.reduce((a, b) => a + b) + 1);
    expect(h.server.requestsTo('/session')).toHaveLength(2);
    expect(client.getState().status).toBe('stopped');
    expect(storageKeys()).toEqual([]);
  });

  it('a grant while a restarted session initializes leaves it alone; a denial drops its answer', async () => {
    const { client, fake, init } = h.make();
    await init();
    await until(() => fake.log.hosts.length === 1, 'recorder start');
    h.server.enqueue('/session', { delayMs: 50, json: { sessionId: 'late', sampled: true } });
    fake.log.hosts[0]?.requestRestart();
    client.setConsent('granted');
    expect(client.getState().status).toBe('initializing');
    client.setConsent('denied');
    await h.server.waitFor('/session', 2);
    // The delayed answer arrives after the denial and must change nothing.
    await until(() => h.inflight === 0, 'the late answer', 100_000);
    await flushMicrotasks(20);
    expect(client.getState()).toMatchObject({ status: 'stopped', sessionId: null });
    expect(fake.log.hosts).toHaveLength(1);
    expect(storageKeys()).toEqual([]);
  });
});
