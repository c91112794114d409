import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../src/index.js';
import { postJson, send } from './http-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
beforeEach(() => server.reset());
afterAll(() => server.close());

const sid = { 'X-Milana-Session-Id': 'sess_s' };

describe('startTestServer', () => {
  it('listens on 127.0.0.1 on a free port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url.endsWith(':0')).toBe(false);
  });

  it('uses enqueued answers first-in first-out before falling back to the default', async () => {
    server.enqueue(
      '/session',
      { json: { sampled: false, sessionId: 'a' } },
      { status: 503, json: { e: 1 } },
    );
    server.enqueue('/session', { body: 'third' });
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await postJson(server.url, '/session', {}));
    expect(answers.map((a) => a.status)).toEqual([200, 503, 200, 200]);
    expect(answers[0]?.json).toEqual({ sampled: false, sessionId: 'a' });
    expect(answers[2]?.text).toBe('third');
    expect(answers[3]?.json).toEqual({ sampled: true, sessionId: 'sess_1' });
  });

  it('keeps one queue per path', async () => {
    server.enqueue('/update', { status: 500 });
    const session = await postJson(server.url, '/session', {});
    const update = await postJson(server.url, '/update', {}, sid);
    expect(session.status).toBe(200);
    expect(update.status).toBe(500);
  });

  it('replaces the default for a path with setDefault', async () => {
    server.setDefault('/metrics', { status: 202, json: { custom: true } });
    const a = await postJson(server.url, '/metrics', {});
    const b = await postJson(server.url, '/metrics', {});
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(b.json).toEqual({ custom: true });
  });

  it('passes the recorded request and the server to a function responder', async () => {
    const seen: unknown[] = [];
    server.setDefault('/update', async (req, srv) => {
      seen.push(srv === server);
      return { json: { echoed: req.json, count: srv.requestsTo('/update').length } };
    });
    const answer = await postJson(server.url, '/update', { user: { userId: 'u' } }, sid);
    expect(answer.json).toEqual({ echoed: { user: { userId: 'u' } }, count: 1 });
    expect(seen).toEqual([true]);
  });

  it('answers 500 when a function responder throws', async () => {
    server.enqueue('/session', () => {
      throw new Error('boom');
    });
    const answer = await postJson(server.url, '/session', {});
    expect(answer.status).toBe(500);
    expect(answer.text).toContain('boom');
  });

  it('destroys the socket for a networkError answer', async () => {
    server.enqueue('/batch', { networkError: true });
    await expect(postJson(server.url, '/batch', {}, sid)).rejects.toThrow();
    expect(server.requestsTo('/batch')).toHaveLength(1);
  });

  it('answers a delayed request after a quicker one that arrived later', async () => {
    server.enqueue('/batch', { delayMs: 300, json: { slow: true } });
    const order: string[] = [];
    const slow = postJson(server.url, '/batch', {}, sid).then(() => order.push('slow'));
    await server.waitFor('/batch', 1);
    const fast = postJson(server.url, '/metrics', {}).then(() => order.push('fast'));
    await Promise.all([slow, fast]);
    expect(order).toEqual(['fast', 'slow']);
  });

  it('still answers delayed requests while the test has fake timers installed', async () => {
    vi.useFakeTimers();
    try {
      server.enqueue('/session', { delayMs: 20, json: { sampled: true, sessionId: 'late' } });
      const answer = await postJson(server.url, '/session', {});
      expect(answer.json).toEqual({ sampled: true, sessionId: 'late' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('resets requests, queues, custom defaults and the id counters', async () => {
    server.enqueue('/session', { status: 500 });
    server.setDefault('/metrics', { status: 418 });
    await postJson(server.url, '/session', {});
    await postJson(server.url, '/session', {});
    const held = server.requests;
    server.reset();
    expect(held).toHaveLength(0);
    expect(server.requests).toHaveLength(0);
    server.enqueue('/update', { status: 500 });
    server.reset();
    const session = await postJson(server.url, '/session', {});
    const metrics = await postJson(server.url, '/metrics', {});
    const update = await postJson(server.url, '/update', {}, sid);
    expect(session.json).toEqual({ sampled: true, sessionId: 'sess_1' });
    expect(metrics.status).toBe(200);
    expect(update.status).toBe(200);
  });
});

describe('waitFor', () => {
  it('resolves once the requested number of requests to a path has arrived', async () => {
    const waiting = server.waitFor('/batch', 2);
    await postJson(server.url, '/batch', { n: 1 }, sid);
    await postJson(server.url, '/session', {});
    await postJson(server.url, '/batch', { n: 2 }, sid);
    const got = await waiting;
    expect(got.map((r) => r.json)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('resolves at once with the first count requests when they are already there', async () => {
    await postJson(server.url, '/metrics', { n: 1 });
    await postJson(server.url, '/metrics', { n: 2 });
    const got = await server.waitFor('/metrics', 1);
    expect(got.map((r) => r.json)).toEqual([{ n: 1 }]);
  });

  it('resolves before the answer of a hanging request is sent', async () => {
    server.enqueue('/session', { hang: true });
    const pending = postJson(server.url, '/session', {}).catch((error: Error) => error);
    const [req] = await server.waitFor('/session', 1);
    expect(req?.path).toBe('/session');
    void pending;
  });

  it('rejects with a message naming the path, the count and what did arrive', async () => {
    await postJson(server.url, '/session', {});
    await expect(server.waitFor('/batch', 1, 30)).rejects.toThrow(
      /waitFor\('\/batch', 1\) timed out after 30 ms with 0 request\(s\) to \/batch.*POST \/session/,
    );
  });
});

describe('closing', () => {
  it('ends hanging requests and rejects pending waits when closed', async () => {
    const own = await startTestServer();
    own.enqueue('/session', { hang: true });
    const pending = postJson(own.url, '/session', {});
    await own.waitFor('/session', 1);
    const waiting = expect(own.waitFor('/update', 1)).rejects.toThrow(/server closed/);
    await own.close();
    await expect(pending).rejects.toThrow();
    await waiting;
    expect(own.closed).toBe(true);
  });

  it('closes itself after the idle timeout and then refuses connections', async () => {
    const own = await startTestServer({ idleTimeoutMs: 40 });
    await own.whenClosed();
    expect(own.closed).toBe(true);
    await expect(send(own.url, '/session', { body: '{}' })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('resolves close() more than once without error', async () => {
    const own = await startTestServer();
    await own.close();
    await expect(own.close()).resolves.toBeUndefined();
  });
});
