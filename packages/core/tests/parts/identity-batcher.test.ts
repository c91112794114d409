// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@milana-js/test-server';
import type { Identity } from '../../src/merge';
import type { Result } from '../../src/types';
import { createIdentityBatcher, type Answer, type Target } from '../../src/identity-batcher';
import { createTransport } from '../../src/transport';
import { fakeLogger } from '../helpers/fake-logger';
import { CLIENT_KEY, PRODUCT_ID } from '../helpers/fixtures';

let server: TestServer;
beforeAll(async () => void (server = await startTestServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

/** A batcher in front of the real test server, with a session the test steers. */
function setup(saved: Identity = {}) {
  const target: Target = {
    _post: createTransport(PRODUCT_ID, CLIENT_KEY, 'core', server.url),
    _id: 'sess_1',
    _gen: 1,
  };
  const seen = {
    ready: true,
    confirmed: [] as Array<[Identity, Answer]>,
    restarts: [] as Target[],
  };
  const batcher = createIdentityBatcher(fakeLogger(), {
    _target: () => (seen.ready ? target : null),
    _saved: () => saved,
    _confirm: (_t, sent, answer) => void seen.confirmed.push([sent, answer]),
    _restart: (t) => void seen.restarts.push(t),
  });
  const call = (halves: Identity, name = 'updateUser'): Promise<Result> =>
    new Promise((resolve) => batcher._submit(halves, name, resolve));
  return { seen, call };
}

const bodies = (): unknown[] => server.requestsTo('/update').map((r) => r.json);

describe('identity batcher (createIdentityBatcher)', () => {
  it('coalesces the calls of one tick into one /update and resolves every caller', async () => {
    const { call, seen } = setup();
    const results = await Promise.all([
      call({ user: { userId: 'u', email: 'u@x.y' } }),
      call({ session: { metadata: { a: 1 } } }),
      call({ user: { userId: 'u', name: 'U' } }),
    ]);
    expect(results).toEqual([{ success: true }, { success: true }, { success: true }]);
    expect(bodies()).toEqual([
      { user: { userId: 'u', email: 'u@x.y', name: 'U' }, session: { metadata: { a: 1 } } },
    ]);
    expect(server.requestsTo('/update')[0]?.headers['x-milana-session-id']).toBe('sess_1');
    expect(seen.confirmed).toHaveLength(1);
  });

  it('starts a new body for another userId and sends bodies in call order', async () => {
    const { call } = setup();
    await Promise.all([call({ user: { userId: 'a' } }), call({ user: { userId: 'b' } })]);
    expect(bodies()).toEqual([{ user: { userId: 'a' } }, { user: { userId: 'b' } }]);
  });

  it('sends nothing for what is already confirmed and still succeeds', async () => {
    const { call, seen } = setup({ user: { userId: 'u', email: 'u@x.y' } });
    expect(await call({ user: { userId: 'u', email: 'u@x.y' } })).toEqual({ success: true });
    expect(bodies()).toEqual([]);
    expect(seen.confirmed).toEqual([]);
  });

  it('sends only the changed halves', async () => {
    const { call } = setup({ user: { userId: 'u' }, session: { appSessionId: 'x' } });
    await call({ user: { userId: 'u' }, session: { appSessionId: 'y' } });
    expect(bodies()).toEqual([{ session: { appSessionId: 'y' } }]);
  });

  it('fails every caller without a request when no session is ready at the flush', async () => {
    const { call, seen } = setup();
    const pending = call({ user: { userId: 'u' } });
    seen.ready = false;
    expect(await pending).toEqual({ success: false });
    expect(bodies()).toEqual([]);
  });

  it('hands a restart request to the session and fails the call', async () => {
    const { call, seen } = setup();
    server.enqueue('/update', { json: { success: false, shouldRestartSession: true } });
    expect(await call({ user: { userId: 'u' } })).toEqual({ success: false });
    expect(seen.restarts.map((t) => t._id)).toEqual(['sess_1']);
    expect(seen.confirmed).toEqual([]);
  });

  it('fails on a refusal, a body that is not JSON and a network error, confirming nothing', async () => {
    const { call, seen } = setup();
    server.enqueue(
      '/update',
      { json: { success: false } },
      { status: 200, body: 'nope' },
      { networkError: true },
    );
    for (let i = 0; i < 3; i++)
      expect(await call({ user: { userId: `u${i}` } })).toEqual({ success: false });
    expect(seen.confirmed).toEqual([]);
    expect(seen.restarts).toEqual([]);
  });
});
