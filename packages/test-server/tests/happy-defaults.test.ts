import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/index.js';
import { endpointOf } from '../src/happy-defaults.js';
import { postJson, send } from './http-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
beforeEach(() => server.reset());
afterAll(() => server.close());

describe('happy defaults', () => {
  it('answers /session with a fresh sess_<n> id when no session header is sent', async () => {
    const first = await postJson(server.url, '/session', { environment: 'test' });
    const second = await postJson(server.url, '/session', { environment: 'test' });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ sampled: true, sessionId: 'sess_1' });
    expect(second.json).toEqual({ sampled: true, sessionId: 'sess_2' });
  });

  it('resumes the session named by X-Milana-Session-Id on /session', async () => {
    const answer = await postJson(
      server.url,
      '/session',
      {},
      { 'X-Milana-Session-Id': 'sess_keep' },
    );
    expect(answer.json).toEqual({ sampled: true, sessionId: 'sess_keep' });
  });

  it('answers /update with success, the header session id and sampled true', async () => {
    const answer = await postJson(
      server.url,
      '/update',
      { user: { userId: 'u1' } },
      { 'X-Milana-Session-Id': 'sess_9' },
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ success: true, sessionId: 'sess_9', sampled: true });
  });

  it('answers /batch with success and a msg_<n> message id', async () => {
    const headers = { 'X-Milana-Session-Id': 'sess_b' };
    await postJson(server.url, '/batch', { version: 1, events: [] }, headers);
    const answer = await postJson(server.url, '/batch', { version: 1, events: [] }, headers);
    expect(answer.json).toEqual({ success: true, sessionId: 'sess_b', messageId: 'msg_2' });
  });

  it('answers /metrics with success', async () => {
    const answer = await postJson(
      server.url,
      '/metrics',
      { x: 1 },
      { 'X-Milana-Session-Id': 'sess_m' },
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ success: true });
  });

  it('rejects /update and /batch without a session header with a 400, as the protocol requires it', async () => {
    expect((await postJson(server.url, '/update', {})).status).toBe(400);
    expect((await postJson(server.url, '/batch', {})).status).toBe(400);
  });

  it('answers an unknown path with a 404 JSON body', async () => {
    const answer = await postJson(server.url, '/nope', {});
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ success: false });
  });

  it('answers a non-POST request to an ingest endpoint with a 405', async () => {
    const answer = await send(server.url, '/session', { method: 'GET' });
    expect(answer.status).toBe(405);
  });

  it('serves the happy answers under a prefixed base url too', async () => {
    const answer = await postJson(server.url, '/milana/session', {});
    expect(answer.json).toEqual({ sampled: true, sessionId: 'sess_1' });
    expect(server.requestsTo('/milana/session')).toHaveLength(1);
  });
});

describe('endpointOf', () => {
  it('maps a path to its ingest endpoint by the last segment', () => {
    expect(endpointOf('/batch')).toBe('batch');
    expect(endpointOf('//session')).toBe('session');
    expect(endpointOf('/proxy/metrics')).toBe('metrics');
    expect(endpointOf('/session/extra')).toBeUndefined();
  });
});
