import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DevServer } from '../src/server.js';
import { MAX_BODY_BYTES } from '../src/http/read-body.js';
import {
  batch,
  getJson,
  openSession,
  post,
  rawRequest,
  sampleEvents,
  sdkHeaders,
  startTestServer,
} from './helpers.js';

let server: DevServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.reset();
  server.setFaults({ failRate: 0, dropRate: 0, latencyMs: 0 });
});

describe('CORS', () => {
  it('answers a preflight allowing POST, every X-Milana header and Content-Encoding', async () => {
    const res = await fetch(`${server.url}/batch`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://app.example.com',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-milana-session-id,content-encoding',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const name of [
      'content-type',
      'content-encoding',
      'x-milana-session-id',
      'x-milana-product-id',
      'x-milana-client-key',
      'x-milana-referrer',
      'x-milana-caller-type',
    ]) {
      expect(allowed).toContain(name);
    }
  });

  it('allows private network access when Chrome asks for it', async () => {
    const res = await fetch(`${server.url}/session`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://app.example.com',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Private-Network': 'true',
      },
    });
    expect(res.headers.get('access-control-allow-private-network')).toBe('true');
  });

  it('puts the allow-origin header on answers, failures included', async () => {
    const answer = await post(server, 'session', '{', {
      headers: { Origin: 'https://shop.example' },
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });
});

describe('methods and paths', () => {
  it('answers GET on an ingest endpoint with 405 in the failure shape', async () => {
    const res = await fetch(`${server.url}/session`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, OPTIONS');
    expect(await res.json()).toMatchObject({ success: false, errorCode: 'METHOD_NOT_ALLOWED' });
  });

  it('answers an unknown path with 404 in the failure shape', async () => {
    const res = await fetch(`${server.url}/events`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ success: false, errorCode: 'NOT_FOUND' });
  });

  it('accepts the double slash an endpoint with a trailing slash produces', async () => {
    const res = await rawRequest(`${server.url}//session`, {
      headers: sdkHeaders(),
      body: JSON.stringify({ environment: 'a', version: 'b' }),
    });
    expect(res.status).toBe(200);
  });

  it('survives a malformed request line', async () => {
    const { connect } = await import('node:net');
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () =>
        socket.write('NOT HTTP AT ALL\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(reply).toContain('400');
    expect((await getJson(server, '/api/health')).body.ok).toBe(true);
  });
});

describe('credentials (§19)', () => {
  it('refuses a product id that is not prd_ plus 26 characters', async () => {
    const answer = await post(
      server,
      'session',
      { environment: 'a', version: 'b' },
      { headers: { 'X-Milana-Product-Id': 'prd_short' } },
    );
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ success: false, errorCode: 'INVALID_CREDENTIALS' });
    expect(answer.body.error).toContain('exactly 30 characters');
  });

  it('refuses a client key without the key_ prefix', async () => {
    const answer = await post(
      server,
      'session',
      { environment: 'a', version: 'b' },
      { headers: { 'X-Milana-Client-Key': 'pub_5c1a77' } },
    );
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('a client key must start with "key_"');
  });

  it('refuses a request without credential headers', async () => {
    const res = await rawRequest(`${server.url}/session`, {
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ errorCode: 'MISSING_CREDENTIALS' });
  });

  it('accepts only allow-listed pairs when an allow-list is given', async () => {
    const other = 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0ZZ';
    const guarded = await startTestServer({ allowList: [`${other}:key_only`] });
    try {
      const refused = await post(guarded, 'session', { environment: 'a', version: 'b' });
      expect(refused.status).toBe(403);
      expect(refused.body.errorCode).toBe('CREDENTIALS_NOT_ALLOWED');
      const ok = await post(
        guarded,
        'session',
        { environment: 'a', version: 'b' },
        { headers: { 'X-Milana-Product-Id': other, 'X-Milana-Client-Key': 'key_only' } },
      );
      expect(ok.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('treats a session of another product as unknown', async () => {
    const id = await openSession(server);
    const answer = await post(
      server,
      'update',
      { user: { userId: 'u' } },
      { sessionId: id, headers: { 'X-Milana-Product-Id': 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0ZZ' } },
    );
    expect(answer.status).toBe(404);
  });
});

describe('protocol headers', () => {
  it('refuses a body that is not declared as JSON', async () => {
    const answer = await post(
      server,
      'session',
      { environment: 'a', version: 'b' },
      { headers: { 'Content-Type': 'text/plain' } },
    );
    expect(answer.status).toBe(415);
    expect(answer.body.errorCode).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses an unknown protocol version', async () => {
    const answer = await post(
      server,
      'session',
      { environment: 'a', version: 'b' },
      { headers: { 'X-Milana-Protocol-Version': '2' } },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errorCode).toBe('UNSUPPORTED_PROTOCOL_VERSION');
  });
});

describe('bad bodies', () => {
  it('answers malformed JSON with 400 and keeps the refused request for the inspector', async () => {
    const id = await openSession(server);
    const answer = await post(server, 'batch', '{"version":1,', { sessionId: id });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/^body is not valid JSON/);
    const { requests } = (await getJson(server, `/api/sessions/${id}/requests?endpoint=batch`))
      .body;
    expect(requests[0]).toMatchObject({
      status: 400,
      errorCode: 'BAD_REQUEST',
      body: '{"version":1,',
    });
  });

  it('answers invalid gzip with 400 INVALID_GZIP', async () => {
    const id = await openSession(server);
    const res = await rawRequest(`${server.url}/batch`, {
      headers: { ...sdkHeaders(id), 'Content-Encoding': 'gzip' },
      body: 'not gzip',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).errorCode).toBe('INVALID_GZIP');
  });

  it('refuses a gzip bomb that inflates past the cap without inflating it all', async () => {
    const id = await openSession(server);
    const bomb = gzipSync(Buffer.alloc(MAX_BODY_BYTES + 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(100_000);
    const res = await rawRequest(`${server.url}/batch`, {
      headers: { ...sdkHeaders(id), 'Content-Encoding': 'gzip' },
      body: bomb,
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ success: false, errorCode: 'PAYLOAD_TOO_LARGE' });
  });

  it('refuses a plain body over the cap', async () => {
    const id = await openSession(server);
    const res = await rawRequest(`${server.url}/batch`, {
      headers: sdkHeaders(id),
      body: Buffer.alloc(MAX_BODY_BYTES + 1, 0x20),
    });
    expect(res.status).toBe(413);
    expect((await getJson(server, '/api/health')).body.ok).toBe(true);
  });

  it('accepts a body just under the cap', async () => {
    const id = await openSession(server);
    const filler = 'x'.repeat(9 * 1024 * 1024);
    const answer = await post(
      server,
      'batch',
      batch([{ type: 5, timestamp: 1, data: { tag: 'big', payload: filler } }]),
      { sessionId: id, gzip: true },
    );
    expect(answer.body.success).toBe(true);
  });

  it('refuses an unsupported Content-Encoding', async () => {
    const res = await rawRequest(`${server.url}/session`, {
      headers: { ...sdkHeaders(), 'Content-Encoding': 'br' },
      body: '{}',
    });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body).errorCode).toBe('UNSUPPORTED_ENCODING');
  });

  it('refuses a body that is not UTF-8', async () => {
    const res = await rawRequest(`${server.url}/session`, {
      headers: sdkHeaders(),
      body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error).toBe('body is not valid UTF-8');
  });
});

describe('fault injection', () => {
  it('answers 503 without storing anything at fail rate 1', async () => {
    const id = await openSession(server);
    server.setFaults({ failRate: 1 });
    const answer = await post(server, 'batch', batch(sampleEvents()), { sessionId: id });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({
      success: false,
      errorCode: 'INJECTED_FAILURE',
      shouldRestartSession: false,
    });
    server.setFaults({ failRate: 0 });
    expect((await getJson(server, `/api/sessions/${id}`)).body.eventCount).toBe(0);
  });

  it('destroys the connection with no answer at drop rate 1', async () => {
    server.setFaults({ dropRate: 1 });
    await expect(
      rawRequest(`${server.url}/session`, {
        headers: sdkHeaders(),
        body: JSON.stringify({ environment: 'a', version: 'b' }),
      }),
    ).rejects.toThrow();
  });

  it('waits latencyMs before answering', async () => {
    server.setFaults({ latencyMs: 5_000 });
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      let settled = false;
      const pending = rawRequest(`${server.url}/session`, {
        headers: sdkHeaders(),
        body: JSON.stringify({ environment: 'a', version: 'b' }),
      }).then((r) => {
        settled = true;
        return r;
      });
      // Let the request reach the server's delay; setImmediate is not faked.
      for (let i = 0; i < 200 && vi.getTimerCount() === 0; i++)
        await new Promise((resolve) => setImmediate(resolve));
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(4_999);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect((await pending).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it('makes only the next /update ask for a restart and closes that session', async () => {
    const id = await openSession(server);
    server.restartNext('update');
    const first = await post(
      server,
      'update',
      { session: { metadata: { flag: true } } },
      { sessionId: id },
    );
    expect(first).toMatchObject({
      status: 200,
      body: {
        success: false,
        shouldRestartSession: true,
        errorCode: 'SESSION_TOO_OLD_TO_CONTINUE_WITHOUT_RESTART',
      },
    });
    expect((await getJson(server, `/api/sessions/${id}`)).body).toMatchObject({
      closeReason: 'restart-requested',
      metadata: {},
    });
    const fresh = await openSession(server, { environment: 'test', version: '1.0' });
    expect(
      (
        await post(
          server,
          'update',
          { session: { metadata: { flag: true } } },
          { sessionId: fresh },
        )
      ).body.success,
    ).toBe(true);
  });

  it('makes the next regular /batch ask for a restart, not a page-close ping', async () => {
    const id = await openSession(server);
    server.restartNext('batch');
    expect(
      (await post(server, 'batch', batch([], { isPageClose: true }), { sessionId: id })).body
        .success,
    ).toBe(true);
    const other = await openSession(server);
    const answer = await post(server, 'batch', batch(sampleEvents()), { sessionId: other });
    expect(answer.body).toMatchObject({
      success: false,
      shouldRestartSession: true,
      sessionId: other,
    });
  });

  it('refuses fault rates outside 0..1', () => {
    expect(() => server.setFaults({ failRate: 2 })).toThrow(
      'failRate must be a number from 0 to 1',
    );
  });
});
