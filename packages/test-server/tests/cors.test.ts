import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/index.js';
import { postJson, send } from './http-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
beforeEach(() => server.reset());
afterAll(() => server.close());

describe('CORS', () => {
  it('echoes the Origin header in Access-Control-Allow-Origin', async () => {
    const answer = await postJson(server.url, '/session', {}, { Origin: 'http://app.example' });
    expect(answer.headers['access-control-allow-origin']).toBe('http://app.example');
  });

  it('allows any origin with * when no Origin header was sent', async () => {
    const answer = await postJson(server.url, '/session', {});
    expect(answer.headers['access-control-allow-origin']).toBe('*');
  });

  it('adds the CORS header to error answers as well', async () => {
    const answer = await postJson(server.url, '/unknown', {}, { Origin: 'http://app.example' });
    expect(answer.status).toBe(404);
    expect(answer.headers['access-control-allow-origin']).toBe('http://app.example');
  });

  it('answers a preflight with 204, POST, the requested headers and a 600 s max age', async () => {
    const answer = await send(server.url, '/batch', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://app.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,content-encoding,x-milana-session-id',
      },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe('http://app.example');
    expect(answer.headers['access-control-allow-methods']).toBe('POST');
    expect(answer.headers['access-control-allow-headers']).toBe(
      'content-type,content-encoding,x-milana-session-id',
    );
    expect(answer.headers['access-control-max-age']).toBe('600');
  });

  it('records preflights separately from requests', async () => {
    await send(server.url, '/session', {
      method: 'OPTIONS',
      headers: { 'Access-Control-Request-Method': 'POST' },
    });
    expect(server.preflights).toHaveLength(1);
    expect(server.preflights[0]?.path).toBe('/session');
    expect(server.requests).toHaveLength(0);
  });

  it('grants Private Network Access when Chromium asks for it', async () => {
    const answer = await send(server.url, '/session', {
      method: 'OPTIONS',
      headers: {
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Private-Network': 'true',
      },
    });
    expect(answer.headers['access-control-allow-private-network']).toBe('true');
  });
});
