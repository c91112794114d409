import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../src/server.js';
import {
  batch,
  getJson,
  openSession,
  post,
  rawRequest,
  sampleEvents,
  startTestServer,
} from './helpers.js';

let server: DevServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
afterEach(() => server.reset());

describe('sessions API', () => {
  it('lists sessions newest first with user, environment, counts and closed flag', async () => {
    const older = await openSession(server, { environment: 'staging', version: '1.0' });
    await post(
      server,
      'update',
      { user: { userId: 'u_1', email: 'u1@example.org', name: 'Una' } },
      { sessionId: older },
    );
    await post(
      server,
      'batch',
      batch(sampleEvents(), { isClientAbort: true, clientAbortReason: 'CLIENT_STOPPED' }),
      { sessionId: older },
    );
    const newer = await openSession(server, { environment: 'production', version: '2.0' });
    const { sessions } = (await getJson(server, '/api/sessions')).body;
    expect(sessions.map((s: { id: string }) => s.id)).toEqual([newer, older]);
    expect(sessions[1]).toMatchObject({
      userId: 'u_1',
      user: { email: 'u1@example.org', name: 'Una' },
      environment: 'staging',
      version: '1.0',
      sampled: true,
      eventCount: 3,
      durationMs: 20,
      closed: true,
      closeReason: 'client-abort',
    });
  });

  it('filters the list by user', async () => {
    const mine = await openSession(server);
    await openSession(server);
    await post(server, 'update', { user: { userId: 'u_9' } }, { sessionId: mine });
    const { sessions } = (await getJson(server, '/api/sessions?userId=u_9')).body;
    expect(sessions.map((s: { id: string }) => s.id)).toEqual([mine]);
  });

  it('returns the exact text of every /update and /batch body for privacy checks', async () => {
    const id = await openSession(server);
    const updateText = '{"user":{"userId":"u_1","email":"u1@example.org"}}';
    const batchText = JSON.stringify(batch(sampleEvents()));
    await post(server, 'update', updateText, { sessionId: id });
    await post(server, 'batch', batchText, { sessionId: id });
    const { requests } = (await getJson(server, `/api/sessions/${id}/requests`)).body;
    expect(requests.map((r: { endpoint: string; body: string }) => [r.endpoint, r.body])).toEqual([
      ['session', '{"environment":"test","version":"1.0"}'],
      ['update', updateText],
      ['batch', batchText],
    ]);
    expect(requests[1].headers['x-milana-session-id']).toBe(id);
  });

  it('counts requests per endpoint in the session detail', async () => {
    const id = await openSession(server);
    await post(server, 'batch', batch([]), { sessionId: id });
    await post(server, 'batch', batch([]), { sessionId: id });
    expect((await getJson(server, `/api/sessions/${id}`)).body.requestCounts).toEqual({
      session: 1,
      update: 0,
      batch: 2,
      metrics: 0,
    });
  });

  it('answers 404 for an unknown session and its sub-resources', async () => {
    expect((await getJson(server, '/api/sessions/sess_nope')).status).toBe(404);
    expect((await getJson(server, '/api/sessions/sess_nope/events')).body).toMatchObject({
      success: false,
      errorCode: 'NOT_FOUND',
    });
  });
});

describe('users API', () => {
  it('lists users with metadata merged across sessions and their session count', async () => {
    const a = await openSession(server);
    const b = await openSession(server);
    await post(
      server,
      'update',
      { user: { userId: 'u_1', metadata: { plan: 'free', seats: 1 } } },
      { sessionId: a },
    );
    await post(
      server,
      'update',
      { user: { userId: 'u_1', metadata: { plan: 'team' } } },
      { sessionId: b },
    );
    const { users } = (await getJson(server, '/api/users')).body;
    expect(users).toEqual([
      expect.objectContaining({
        userId: 'u_1',
        metadata: { plan: 'team', seats: 1 },
        sessionCount: 2,
      }),
    ]);
    const one = (await getJson(server, '/api/users/u_1')).body;
    expect(one.sessions.map((s: { id: string }) => s.id).sort()).toEqual([a, b].sort());
  });

  it('answers 404 for an unknown user', async () => {
    expect((await getJson(server, '/api/users/nobody')).status).toBe(404);
  });
});

describe('data, health and faults', () => {
  it('deletes everything on DELETE /api/data', async () => {
    await openSession(server);
    const res = await fetch(`${server.url}/api/data`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ success: true });
    expect((await getJson(server, '/api/sessions')).body.sessions).toEqual([]);
  });

  it('reports health and the storage mode', async () => {
    expect((await getJson(server, '/api/health')).body).toMatchObject({
      ok: true,
      storage: 'memory',
      dbFile: null,
    });
  });

  it('sets fault rates and a one-shot restart through the API', async () => {
    const set = await fetch(`${server.url}/api/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"latencyMs":0,"failRate":0.25}',
    });
    expect(await set.json()).toMatchObject({ success: true, failRate: 0.25 });
    const restart = await fetch(`${server.url}/api/faults/restart-next`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"endpoint":"batch"}',
    });
    expect(await restart.json()).toMatchObject({ restartNext: ['batch'] });
    server.setFaults({ failRate: 0 });
    const id = await openSession(server);
    expect(
      (await post(server, 'batch', batch([]), { sessionId: id })).body.shouldRestartSession,
    ).toBe(true);
    expect((await getJson(server, '/api/faults')).body.restartNext).toEqual([]);
  });

  it('refuses an unknown restart endpoint and an out-of-range rate', async () => {
    const bad = await fetch(`${server.url}/api/faults/restart-next`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"endpoint":"session"}',
    });
    expect(bad.status).toBe(400);
    const rate = await fetch(`${server.url}/api/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"dropRate":3}',
    });
    expect((await rate.json()).error).toBe('dropRate must be a number from 0 to 1');
  });

  it('refuses state changes sent as a simple cross-site form post', async () => {
    const res = await rawRequest(`${server.url}/api/faults`, {
      headers: { 'Content-Type': 'text/plain' },
      body: '{"failRate":1}',
    });
    expect(res.status).toBe(415);
    expect((await getJson(server, '/api/faults')).body.failRate).toBe(0);
  });

  it('sends no CORS headers on the API', async () => {
    const res = await fetch(`${server.url}/api/sessions`, {
      headers: { Origin: 'https://evil.example' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a wrong method with 405', async () => {
    const res = await fetch(`${server.url}/api/sessions`, { method: 'POST' });
    expect(res.status).toBe(405);
  });
});

describe('live updates', () => {
  it('streams a change event when a batch arrives', async () => {
    const id = await openSession(server);
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    await post(server, 'batch', batch([]), { sessionId: id });
    while (!text.includes('event: change')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    controller.abort();
    const data = text.split('\n').find((line) => line.startsWith('data: '));
    expect(JSON.parse((data as string).slice(6))).toEqual({ type: 'batch', sessionId: id });
  });
});
