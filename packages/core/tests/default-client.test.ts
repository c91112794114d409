import { describe, expect, it, vi } from 'vitest';
import { useHarness } from './helpers/harness';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO } from './helpers/fixtures';
import { fakeRecorder } from './helpers/fake-recorder';
import { createMilana } from '../src/client';

const KEY = Symbol.for('milana-js.default-client');
const h = useHarness();

async function freshModule() {
  delete (globalThis as Record<symbol, unknown>)[KEY];
  vi.resetModules();
  return import('../src/index');
}

describe('default client', () => {
  it('is not created at import time', async () => {
    const core = await freshModule();
    expect((globalThis as Record<symbol, unknown>)[KEY]).toBeUndefined();
    expect(core.getState().status).toBe('idle');
    expect((globalThis as Record<symbol, unknown>)[KEY]).toBeUndefined();
  });

  it('is created lazily on the first call and stored under Symbol.for("milana-js.default-client")', async () => {
    const core = await freshModule();
    const client = core.getDefaultClient();
    expect((globalThis as Record<symbol, unknown>)[KEY]).toBe(client);
    expect(core.getDefaultClient()).toBe(client);
  });

  it('is shared by two copies of the package on one page', async () => {
    const first = await freshModule();
    const client = first.getDefaultClient();
    vi.resetModules();
    const second = await import('../src/index');
    expect(second).not.toBe(first);
    expect(second.getDefaultClient()).toBe(client);
  });

  it('stays one client per copy of the package when globalThis cannot hold it', async () => {
    const core = await freshModule();
    // A read-only slot makes the assignment throw, as a frozen globalThis would.
    Object.defineProperty(globalThis, KEY, { value: 'taken', writable: false, configurable: true });
    try {
      const client = core.getDefaultClient();
      expect(typeof client.init).toBe('function');
      expect(core.getDefaultClient()).toBe(client);
    } finally {
      delete (globalThis as Record<symbol, unknown>)[KEY];
    }
  });

  it('reports the running session in getState() when globalThis cannot hold the client', async () => {
    const core = await freshModule();
    Object.defineProperty(globalThis, KEY, { value: 'taken', writable: false, configurable: true });
    try {
      const client = core.getDefaultClient();
      h.clients.push(client);
      const options = { endpoint: h.server.url };
      // No recorder is loaded: the unsampled answer keeps rrweb out of the test DOM.
      h.server.enqueue('/session', { json: { sampled: false, sessionId: 'sess_fallback' } });
      expect(await core.init(PRODUCT_ID, CLIENT_KEY, SESSION_INFO, options)).toEqual({
        success: true,
      });
      expect(core.getState()).toMatchObject({ status: 'not-sampled', sessionId: 'sess_fallback' });
      expect(core.getState()).toBe(client.getState());
    } finally {
      delete (globalThis as Record<symbol, unknown>)[KEY];
    }
  });

  it('routes the named exports to the default client', async () => {
    const core = await freshModule();
    const fake = fakeRecorder();
    const client = createMilana({ loadRecorder: fake.loader });
    (globalThis as Record<symbol, unknown>)[KEY] = client;
    h.clients.push(client);
    const seen: string[] = [];
    const off = core.listen((s) => seen.push(s.status));
    expect(
      await core.init(PRODUCT_ID, CLIENT_KEY, SESSION_INFO, { endpoint: h.server.url }),
    ).toEqual({ success: true });
    expect(core.getState().status).toBe('recording');
    expect(await core.identify({ userId: 'u_1', email: 'u1@example.org' })).toEqual({
      success: true,
    });
    expect(await core.updateUser({ userId: 'u_1', name: 'U' })).toEqual({ success: true });
    expect(await core.updateSession({ appSessionId: 'wf' })).toEqual({ success: true });
    expect(await core.update({ session: { metadata: { a: 1 } } })).toEqual({ success: true });
    core.trackEvent('evt', { a: 1 });
    const states: string[] = [];
    core.subscribe((s) => states.push(s.status))();
    expect(states).toEqual(['recording']);
    expect(await core.stopRecording()).toEqual({ success: true });
    off();
    expect(seen).toContain('stopped');
    expect(h.server.requestsTo('/update')).toHaveLength(4);
  });

  it('starts the session with the caller type given to initWithCallerType', async () => {
    const core = await freshModule();
    const { client } = h.make();
    const result = await core.initWithCallerType(
      client,
      'react',
      PRODUCT_ID,
      CLIENT_KEY,
      SESSION_INFO,
      { endpoint: h.server.url },
    );
    expect(result).toEqual({ success: true });
    expect(h.server.requestsTo('/session')[0]?.headers['x-milana-caller-type']).toBe('react');
  });

  it('keeps the caller type for the whole session, restarts included', async () => {
    const core = await freshModule();
    const { client, fake } = h.make();
    await core.initWithCallerType(client, 'cdn', PRODUCT_ID, CLIENT_KEY, SESSION_INFO, {
      endpoint: h.server.url,
    });
    await client.updateSession({ appSessionId: 'x' });
    fake.log.hosts[0]?.requestRestart();
    await h.server.waitFor('/session', 2);
    const types = h.server.requests.map((r) => r.headers['x-milana-caller-type']);
    expect(new Set(types)).toEqual(new Set(['cdn']));
  });

  it('falls back to init for a client without the caller-type hook', async () => {
    const core = await freshModule();
    const init = vi.fn(async () => ({ success: true }));
    const foreign = {
      ...createMilana(),
      init,
      [Symbol.for('milana-js.init-with-caller-type')]: undefined,
    };
    expect(
      await core.initWithCallerType(foreign, 'react', PRODUCT_ID, CLIENT_KEY, SESSION_INFO),
    ).toEqual({ success: true });
    expect(init).toHaveBeenCalledWith(PRODUCT_ID, CLIENT_KEY, SESSION_INFO, undefined);
  });

  it('uses core as the caller type when given an unknown one', async () => {
    const core = await freshModule();
    const { client } = h.make();
    await core.initWithCallerType(client, 'vue' as 'core', PRODUCT_ID, CLIENT_KEY, SESSION_INFO, {
      endpoint: h.server.url,
    });
    expect(h.server.requestsTo('/session')[0]?.headers['x-milana-caller-type']).toBe('core');
  });
});
