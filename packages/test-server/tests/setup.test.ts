import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  countListeners,
  fakeRecorder,
  setupTestServer,
  type TestServerHooks,
} from '../src/index.js';
import { postJson } from './http-client.js';

/** Hooks that only collect the callbacks, so a test decides when each one runs. */
function manualHooks(): TestServerHooks & { run: (name: keyof TestServerHooks) => Promise<void> } {
  const registered: Partial<Record<keyof TestServerHooks, () => Promise<void> | void>> = {};
  return {
    beforeAll: (fn) => void (registered.beforeAll = fn),
    afterAll: (fn) => void (registered.afterAll = fn),
    beforeEach: (fn) => void (registered.beforeEach = fn),
    run: async (name) => {
      await registered[name]?.();
    },
  };
}

describe('setupTestServer', () => {
  const server = setupTestServer({ beforeAll, afterAll, beforeEach });

  it('gives every test a started server on 127.0.0.1', async () => {
    expect(server().url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await postJson(server().url, '/session', {});
    expect(server().requestsTo('/session')).toHaveLength(1);
  });

  it('resets the server before each test', () => {
    expect(server().requestsTo('/session')).toHaveLength(0);
  });

  it('throws a clear error when the server is used before beforeAll started it', () => {
    const early = setupTestServer(manualHooks());
    expect(() => early()).toThrow('the test server is used before beforeAll started it');
  });

  it('closes the server in afterAll', async () => {
    const hooks = manualHooks();
    const own = setupTestServer(hooks);
    await hooks.run('beforeAll');
    const { url } = own();
    expect((await postJson(url, '/session', {})).status).toBe(200);
    await hooks.run('afterAll');
    await expect(postJson(url, '/session', {})).rejects.toThrow();
  });
});

describe('fakeRecorder', () => {
  it('records the events and stop reasons of the recorder it loads', async () => {
    const { recorder, loadRecorder } = fakeRecorder();
    const started = (await loadRecorder()).startRecorder();
    started.trackEvent('clicked', { plan: 'pro' });
    started.stop('abort');
    expect(recorder).toEqual({
      events: [{ name: 'clicked', attributes: { plan: 'pro' } }],
      stops: ['abort'],
    });
  });
});

describe('countListeners', () => {
  it('counts the listeners registered through the copy, once per removal', () => {
    const removed: string[] = [];
    const hidden = Symbol('hidden');
    const inner = {
      [hidden]: 'kept',
      listen: (listener: never) => () => void removed.push(String(listener)),
    };
    const { client, listeners } = countListeners(inner);
    const off = client.listen('a' as never);
    client.listen('b' as never);
    expect(listeners()).toBe(2);
    off();
    off();
    expect(listeners()).toBe(1);
    expect(removed).toEqual(['a', 'a']);
    expect(client[hidden]).toBe('kept');
  });
});
