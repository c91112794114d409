import { describe, expect, it, vi } from 'vitest';
import type { MilanaStatus } from '../src/types';
import { createMilana } from '../src/client';
import { consoleLines, useHarness } from './helpers/harness';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO, flushMicrotasks, until } from './helpers/fixtures';

const h = useHarness();

describe('init', () => {
  it('resolves { success: true } and reaches recording when /session answers sampled', async () => {
    const { client, init } = h.make();
    expect(await init()).toEqual({ success: true });
    expect(client.getState()).toMatchObject({
      status: 'recording',
      isInitialized: true,
      sessionId: 'sess_1',
      sampled: true,
    });
  });

  it('sends the session info as the /session body in the §6.2 key order', async () => {
    const { init } = h.make();
    await init(
      {},
      {
        appSessionId: 'wf_1',
        metadata: { entry: 'pricing' },
        version: '4.2.0',
        environment: 'production',
      },
    );
    expect(h.server.requestsTo('/session')[0]?.bodyText).toBe(
      '{"environment":"production","version":"4.2.0","metadata":{"entry":"pricing"},"appSessionId":"wf_1"}',
    );
  });

  it('resolves { success: false } without a request when the product id breaks §19', async () => {
    const { client } = h.make();
    for (const bad of ['prd_short', 'xxx_01HZX3K9V2M7Q8R4T6Y1W5N0BC', 42]) {
      expect(
        await client.init(bad as string, CLIENT_KEY, SESSION_INFO, { endpoint: h.server.url }),
      ).toEqual({ success: false });
    }
    expect(h.server.requests).toHaveLength(0);
    expect(client.getState().status).toBe('idle');
    expect(consoleLines('info').some((l) => l.startsWith('Milana: '))).toBe(true);
  });

  it('resolves { success: false } without a request when the client key does not start with key_', async () => {
    const { client } = h.make();
    expect(
      await client.init(PRODUCT_ID, 'pub_5c1a77', SESSION_INFO, { endpoint: h.server.url }),
    ).toEqual({ success: false });
    expect(h.server.requests).toHaveLength(0);
  });

  it('resolves { success: false } without a request when the session info lacks a version', async () => {
    const { init } = h.make();
    expect(await init({}, { environment: 'test' })).toEqual({ success: false });
    expect(h.server.requests).toHaveLength(0);
  });

  it('resolves { success: false } for a second init while a session exists', async () => {
    const { init } = h.make();
    await init();
    expect(await init()).toEqual({ success: false });
    expect(h.server.requestsTo('/session')).toHaveLength(1);
  });

  it('resolves { success: false } for a second init made while the first is in flight', async () => {
    const { init } = h.make();
    const [first, second] = await Promise.all([init(), init()]);
    expect(first).toEqual({ success: true });
    expect(second).toEqual({ success: false });
    expect(h.server.requestsTo('/session')).toHaveLength(1);
  });

  it('starts a new session when init runs after stopRecording', async () => {
    const { client, init } = h.make();
    await init();
    await client.stopRecording();
    h.server.setDefault('/session', { json: { sampled: true, sessionId: 'sess_second' } });
    expect(await init()).toEqual({ success: true });
    expect(client.getState().sessionId).toBe('sess_second');
    expect(h.server.requestsTo('/session')[1]?.headers['x-milana-session-id']).toBeUndefined();
  });

  it('resolves { success: true } in not-sampled and never loads the recorder when /session says sampled:false', async () => {
    h.server.enqueue('/session', { json: { sampled: false, sessionId: 'sess_ns' } });
    const { client, fake, init } = h.make();
    expect(await init()).toEqual({ success: true });
    expect(client.getState()).toMatchObject({
      status: 'not-sampled',
      isInitialized: true,
      sampled: false,
      sessionId: 'sess_ns',
    });
    expect(fake.log.loads).toBe(0);
  });

  it.each([
    ['an HTTP error', { status: 503, body: 'busy' }],
    ['an answer without a session id', { json: { sampled: true } }],
    ['an empty session id', { json: { sampled: true, sessionId: '' } }],
    ['a body that is not JSON', { body: 'not json' }],
    ['a network error', { networkError: true }],
  ])('resolves { success: false } and returns to idle on %s', async (_what, answer) => {
    h.server.enqueue('/session', answer);
    const { client, init } = h.make();
    expect(await init()).toEqual({ success: false });
    expect(client.getState().status).toBe('idle');
    expect(consoleLines('info').some((l) => l.startsWith('Milana: init'))).toBe(true);
    expect(sessionStorage.getItem('milana_session_state')).toBeNull();
  });

  it('lets a later init succeed after a failed one', async () => {
    h.server.enqueue('/session', { status: 500, body: '' });
    const { init } = h.make();
    expect(await init()).toEqual({ success: false });
    expect(await init()).toEqual({ success: true });
  });

  it('discards a /session answer that arrives after stopRecording', async () => {
    h.server.enqueue('/session', { delayMs: 30, json: { sampled: true, sessionId: 'sess_late' } });
    const { client, fake, init } = h.make();
    const pending = init();
    await h.server.waitFor('/session', 1);
    expect(await client.stopRecording()).toEqual({ success: true });
    expect(await pending).toEqual({ success: false });
    expect(client.getState().status).toBe('stopped');
    expect(sessionStorage.getItem('milana_session_state')).toBeNull();
    expect(fake.log.loads).toBe(0);
  });

  it('leaves a newer session undisturbed by the late answer of a superseded init', async () => {
    h.server.enqueue('/session', {
      delayMs: 40,
      json: { sampled: true, sessionId: 'sess_old_answer' },
    });
    const { client, init } = h.make();
    const first = init();
    await h.server.waitFor('/session', 1);
    await client.stopRecording();
    h.server.enqueue('/session', { json: { sampled: true, sessionId: 'sess_new' } });
    expect(await init()).toEqual({ success: true });
    expect(await first).toEqual({ success: false });
    expect(client.getState()).toMatchObject({ status: 'recording', sessionId: 'sess_new' });
    expect(JSON.parse(sessionStorage.getItem('milana_session_state') ?? '{}').sessionId).toBe(
      'sess_new',
    );
  });

  it('walks idle -> initializing -> recording and notifies listen() of each change', async () => {
    const { client, init } = h.make();
    const seen: MilanaStatus[] = [];
    client.listen((s) => seen.push(s.status));
    await init();
    expect(seen[0]).toBe('initializing');
    expect(seen.at(-1)).toBe('recording');
    expect(new Set(seen)).toEqual(new Set(['initializing', 'recording']));
  });

  it('sends X-Milana-Caller-Type core for plain init', async () => {
    const { init } = h.make();
    await init();
    expect(h.server.requestsTo('/session')[0]?.headers['x-milana-caller-type']).toBe('core');
  });
});

describe('call queue', () => {
  it('holds identify made before init and sends it once the session is ready', async () => {
    const { client, init } = h.make();
    const identified = client.identify({ userId: 'u_1', email: 'u1@example.org' });
    await flushMicrotasks();
    expect(h.server.requests).toHaveLength(0);
    await init();
    expect(await identified).toEqual({ success: true });
    const [update] = await h.server.waitFor('/update', 1);
    expect(update?.headers['x-milana-session-id']).toBe('sess_1');
  });

  it('replays calls queued during initializing in call order, exactly once', async () => {
    h.server.enqueue('/session', { delayMs: 20, json: { sampled: true, sessionId: 'sess_q' } });
    const { client, fake, init } = h.make();
    const pending = init();
    const a = client.updateUser({ userId: 'u_a' });
    client.trackEvent('first');
    const b = client.updateUser({ userId: 'u_b' });
    await pending;
    expect(await Promise.all([a, b])).toEqual([{ success: true }, { success: true }]);
    const users = h.server
      .requestsTo('/update')
      .map((r) => (r.json as { user: { userId: string } }).user.userId);
    expect(users).toEqual(['u_a', 'u_b']);
    await until(() => fake.log.events.length > 0, 'the held event');
    // Forwarded as given: the recorder validates (and fills in no attributes as {}).
    expect(fake.log.events).toEqual([['sess_q', 'first', undefined]]);
  });

  it('settles calls queued before init with { success: false } on stopRecording', async () => {
    const { client } = h.make();
    const identified = client.identify({ userId: 'u_1', email: 'a@b.c' });
    const updated = client.updateSession({ metadata: { a: 1 } });
    expect(await client.stopRecording()).toEqual({ success: false });
    expect(await Promise.all([identified, updated])).toEqual([
      { success: false },
      { success: false },
    ]);
  });

  it('keeps calls queued after a failed init and runs them when a later init succeeds', async () => {
    h.server.enqueue('/session', { status: 500, body: '' });
    const { client, init } = h.make();
    const identified = client.identify({ userId: 'u_1', email: 'u1@example.org' });
    expect(await init()).toEqual({ success: false });
    expect(await init()).toEqual({ success: true });
    expect(await identified).toEqual({ success: true });
    expect(h.server.requestsTo('/update')).toHaveLength(1);
  });

  it('settles the oldest queued call with a warning when more than 1000 calls wait', async () => {
    const { client } = h.make();
    const first = client.updateSession({ metadata: { n: 0 } });
    for (let i = 1; i <= 1000; i++) void client.updateSession({ metadata: { n: i } });
    expect(await first).toEqual({ success: false });
    expect(consoleLines('warn').filter((l) => l.includes('dropped'))).toHaveLength(1);
  });

  it('settles queued calls { success: false } when no session became ready within five minutes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { client } = h.make();
    const identified = client.identify({ userId: 'u_1', email: 'u1@example.org' });
    let settled = false;
    void identified.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(5 * 60 * 1000 - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await identified).toEqual({ success: false });
  });

  it('runs calls at once, without queueing, while a session is ready', async () => {
    const { client, init } = h.make();
    await init();
    const result = client.updateSession({ appSessionId: 'wf_1' });
    await h.server.waitFor('/update', 1);
    expect(await result).toEqual({ success: true });
  });
});

describe('trackEvent', () => {
  it('forwards a validated event to the recorder while recording', async () => {
    const { client, fake, init } = h.make();
    await init();
    await until(() => fake.log.hosts.length === 1, 'recorder start');
    client.trackEvent('report.exported', { format: 'csv', rows: 3 });
    expect(fake.log.events).toEqual([['sess_1', 'report.exported', { format: 'csv', rows: 3 }]]);
  });

  it('hands events tracked while the recorder module loads over once it starts', async () => {
    const { client, fake, init } = h.make({ deferred: true });
    await init();
    client.trackEvent('early');
    expect(fake.log.events).toEqual([]);
    fake.release();
    await until(() => fake.log.events.length === 1, 'the held event');
    expect(fake.log.events[0]?.[1]).toBe('early');
  });

  it('drops events silently in not-sampled', async () => {
    h.server.enqueue('/session', { json: { sampled: false, sessionId: 'sess_ns' } });
    const { client, fake, init } = h.make();
    await init();
    client.trackEvent('ignored');
    await flushMicrotasks();
    expect(fake.log.events).toEqual([]);
    expect(consoleLines('warn')).toEqual([]);
  });

  it('forwards an event as given to the recorder, which validates it (§17.4), without a warning of its own', async () => {
    const { client, fake, init } = h.make();
    const attributes = { bad: undefined };
    client.trackEvent('   ', attributes as never);
    await init();
    await until(() => fake.log.events.length === 1, 'the held event');
    expect(fake.log.events).toEqual([[fake.log.hosts[0]!.sessionId, '   ', attributes]]);
    expect(consoleLines('warn')).toEqual([]);
  });

  it('drops events queued before init when stopRecording runs', async () => {
    const { client, fake, init } = h.make();
    client.trackEvent('before');
    await client.stopRecording();
    await init();
    await until(() => fake.log.hosts.length === 1, 'recorder start');
    expect(fake.log.events).toEqual([]);
  });
});

describe('stopRecording (§14)', () => {
  it('resolves { success: false } and sends nothing when there is no session', async () => {
    const { client } = h.make();
    expect(await client.stopRecording()).toEqual({ success: false });
    expect(h.server.requests).toHaveLength(0);
    expect(client.getState().status).toBe('idle');
  });

  it('stops the recorder with abort, which sends the abort batch then metrics, and clears sessionStorage', async () => {
    const { client, fake, init } = h.make({ sendOnAbort: true });
    await init();
    await until(() => fake.log.hosts.length === 1, 'recorder start');
    expect(sessionStorage.getItem('milana_session_state')).not.toBeNull();
    expect(await client.stopRecording()).toEqual({ success: true });
    expect(fake.log.stops).toEqual([['sess_1', 'abort']]);
    expect(sessionStorage.getItem('milana_session_state')).toBeNull();
    expect(client.getState()).toMatchObject({
      status: 'stopped',
      isInitialized: false,
      sessionId: null,
      user: null,
    });
    await h.server.waitFor('/metrics', 1);
    const paths = h.server.requests.map((r) => r.path);
    expect(paths.slice(-2)).toEqual(['/batch', '/metrics']);
    expect(h.server.requestsTo('/batch')[0]?.headers['x-milana-session-id']).toBe('sess_1');
  });

  it('resolves { success: true } while initializing and the in-flight init then resolves { success: false }', async () => {
    h.server.enqueue('/session', { delayMs: 20, json: { sampled: true, sessionId: 'sess_x' } });
    const { client, init } = h.make();
    const pending = init();
    expect(await client.stopRecording()).toEqual({ success: true });
    expect(await pending).toEqual({ success: false });
  });

  it('settles calls queued during initializing with { success: false }', async () => {
    h.server.enqueue('/session', { delayMs: 20, json: { sampled: true, sessionId: 'sess_x' } });
    const { client, init } = h.make();
    const pending = init();
    const identified = client.identify({ userId: 'u', email: 'e@x.y' });
    await client.stopRecording();
    expect(await identified).toEqual({ success: false });
    await pending;
    expect(h.server.requestsTo('/update')).toHaveLength(0);
  });

  it('forgets the identity so the next init carries no user over', async () => {
    const { client, init } = h.make();
    await init();
    await client.identify({ userId: 'u_1', email: 'u1@example.org' });
    await client.stopRecording();
    await init();
    expect(client.getState().user).toBeNull();
    expect(h.server.requestsTo('/update')).toHaveLength(1);
  });
});

describe('debug mode (§20)', () => {
  it('prints a Milana [debug]: trace of each API call when milana_debug_mode is "true"', async () => {
    localStorage.setItem('milana_debug_mode', 'true');
    const { client, init } = h.make();
    await init();
    await client.identify({ userId: 'u_1', email: 'u1@example.org' });
    client.trackEvent('x');
    await client.stopRecording();
    const traces = consoleLines('debug').filter((l) => l.startsWith('Milana [debug]: '));
    for (const api of ['init', 'identify', 'trackEvent', 'stopRecording']) {
      expect(traces.some((l) => l.includes(api))).toBe(true);
    }
  });

  it('prints no trace when the flag is not exactly "true"', async () => {
    localStorage.setItem('milana_debug_mode', 'TRUE');
    const { client, init } = h.make();
    await init();
    await client.identify({ userId: 'u_1', email: 'u1@example.org' });
    expect(consoleLines('debug').filter((l) => l.startsWith('Milana [debug]: '))).toEqual([]);
  });
});

describe('createMilana', () => {
  it('returns independent clients', async () => {
    const one = h.make();
    const two = h.make();
    await one.init();
    expect(one.client.getState().status).toBe('recording');
    expect(two.client.getState().status).toBe('idle');
  });

  it('treats a config whose getters throw as no config instead of throwing', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('hostile config');
        },
      },
    );
    let client: ReturnType<typeof createMilana> | undefined;
    expect(() => {
      client = createMilana(hostile);
    }).not.toThrow();
    expect(client?.getState().status).toBe('idle');
  });

  it('uses the fetch it was given', async () => {
    const calls: string[] = [];
    const client = createMilana({
      loadRecorder: async () => ({
        startRecorder: () => ({ trackEvent: () => undefined, stop: () => undefined }),
        startCrossOriginIframeRecorder: () => undefined,
      }),
      fetch: ((url: string, init: RequestInit) => {
        calls.push(url);
        return fetch(url, init);
      }) as typeof fetch,
    });
    h.clients.push(client);
    await client.init(PRODUCT_ID, CLIENT_KEY, SESSION_INFO, { endpoint: h.server.url });
    expect(calls).toEqual([`${h.server.url}/session`]);
  });

  it('logs one info line when the cross-origin iframe recorder cannot be loaded', async () => {
    const { client, fake } = h.make({ failLoad: true });
    client.initCrossOriginIframe();
    await until(() => consoleLines('info').length === 1, 'the info line');
    expect(consoleLines('info')[0]).toMatch(/^Milana: initCrossOriginIframe: /);
    expect(fake.log.iframeStarts).toBe(0);
  });

  it('starts the cross-origin iframe recorder once through the loader', async () => {
    const { client, fake } = h.make();
    client.initCrossOriginIframe();
    client.initCrossOriginIframe();
    await until(() => fake.log.iframeStarts === 1, 'iframe recorder');
    expect(fake.log.loads).toBe(1);
  });
});
