import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/index.js';
import { send } from './http-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
beforeEach(() => server.reset());
afterAll(() => server.close());

const sessionHeaders = { 'content-type': 'application/json', 'x-milana-session-id': 'sess_g' };

describe('request recording', () => {
  it('gunzips a body sent with Content-Encoding: gzip and parses its JSON', async () => {
    const payload = {
      version: 1,
      batchStartedAt: 5,
      events: [{ type: 4, data: { href: 'https://a.example/ü' } }],
    };
    const answer = await send(server.url, '/batch', {
      headers: { ...sessionHeaders, 'content-encoding': 'gzip' },
      body: gzipSync(Buffer.from(JSON.stringify(payload), 'utf8')),
    });
    expect(answer.status).toBe(200);
    const [recorded] = server.requestsTo('/batch');
    expect(recorded?.gzip).toBe(true);
    expect(recorded?.bodyText).toBe(JSON.stringify(payload));
    expect(recorded?.json).toEqual(payload);
  });

  it('records a plain body as sent with gzip false', async () => {
    await send(server.url, '/batch', {
      headers: sessionHeaders,
      body: '{"version":1,"events":[]}',
    });
    const [recorded] = server.requests;
    expect(recorded?.gzip).toBe(false);
    expect(recorded?.bodyText).toBe('{"version":1,"events":[]}');
  });

  it('flags an undecodable gzip body and answers it with a 400', async () => {
    const answer = await send(server.url, '/batch', {
      headers: { ...sessionHeaders, 'content-encoding': 'gzip' },
      body: 'definitely not gzip',
    });
    expect(answer.status).toBe(400);
    expect(server.requests[0]?.decodeError).toEqual(expect.any(String));
    expect(server.requests[0]?.bodyText).toBe('');
  });

  it('leaves json undefined when the body is not JSON', async () => {
    await send(server.url, '/metrics', { body: 'not json {' });
    expect(server.requests[0]?.json).toBeUndefined();
    expect(server.requests[0]?.bodyText).toBe('not json {');
  });

  it('lower-cases header names, strips the query from path and numbers requests in order', async () => {
    await send(server.url, '/session?x=1', {
      headers: { 'X-Milana-Product-Id': 'prd_1' },
      body: '{}',
    });
    await send(server.url, '/metrics', { body: '{}' });
    const [first, second] = server.requests;
    expect(first?.path).toBe('/session');
    expect(first?.url).toBe('/session?x=1');
    expect(first?.method).toBe('POST');
    expect(first?.headers['x-milana-product-id']).toBe('prd_1');
    expect(second!.seq).toBeGreaterThan(first!.seq);
    expect(typeof first?.at).toBe('number');
  });
});
