import { startTestServer } from './server.js';
import type { TestServer } from './types.js';

/**
 * The lifecycle hooks {@link setupTestServer} registers with: pass the test runner's own
 * (`import { afterAll, beforeAll, beforeEach } from 'vitest'`). Taking them as an argument keeps
 * this package free of any runner: importing it never loads vitest.
 */
export interface TestServerHooks {
  beforeAll(fn: () => Promise<void> | void): void;
  afterAll(fn: () => Promise<void> | void): void;
  beforeEach(fn: () => Promise<void> | void): void;
}

/**
 * One test server for the calling test file: started before its tests, closed after them, and
 * reset before each test, which also clears `sessionStorage` where the environment has one (the
 * SDK keeps its session there), so every test starts without a session. Returns a getter, since
 * the server only exists once `beforeAll` ran; the getter throws when called before that.
 *
 * @example
 * ```ts
 * import { afterAll, beforeAll, beforeEach } from 'vitest';
 * import { setupTestServer } from '@milana-js/test-server';
 *
 * const server = setupTestServer({ beforeAll, afterAll, beforeEach });
 *
 * it('opens one session', async () => {
 *   await client.init(PRODUCT_ID, CLIENT_KEY, SESSION_INFO, { endpoint: server().url });
 *   expect(server().requestsTo('/session')).toHaveLength(1);
 * });
 * ```
 */
export function setupTestServer(hooks: TestServerHooks): () => TestServer {
  let server: TestServer | undefined;
  hooks.beforeAll(async () => {
    server = await startTestServer();
  });
  hooks.afterAll(async () => {
    await server?.close();
  });
  hooks.beforeEach(() => {
    server?.reset();
    globalThis.sessionStorage?.clear();
  });
  return () => {
    if (!server) throw new Error('the test server is used before beforeAll started it');
    return server;
  };
}
