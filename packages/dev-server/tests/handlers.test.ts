import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../src/server.js';
import { batch, getJson, openSession, post, sampleEvents, startTestServer } from './helpers.js';

let server: DevServer;

beforeAll(async () => {
  server = await startTestServer({ closedSessionGraceMs: 60_000 });
});
afterAll(() => server.close());
afterEach(() => server.reset());

describe('/session', () => {
  it('creates a sampled session with a new id', async () => {
    const answer = await post(server, 'session', {
      environment: 'production',
      version: '4.2.0',
      metadata: { entry: 'pricing' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ sampled: true, sessionId: expect.stringMatching(/^sess_/) });
    const detail = await getJson(server, `/api/sessions/${answer.body.sessionId}`);
    expect(detail.body).toMatchObject({
      environment: 'production',
      version: '4.2.0',
      metadata: { entry: 'pricing' },
    });
    expect(detail.body.client).toMatchObject({
      callerType: 'core',
      locale: 'pt-PT',
      timeZone: 'Europe/Lisbon',
    });
  });

  it('echoes a known id when the client resumes it', async () => {
    const id = await openSession(server);
    const answer = await post(
      server,
      'session',
      { environment: 'test', version: '1.0' },
      { sessionId: id },
    );
    expect(answer.body).toEqual({ sampled: true, sessionId: id });
    expect((await getJson(server, `/api/sessions/${id}`)).body.resumeCount).toBe(1);
  });

  it('answers an unknown resume id with a new id', async () => {
    const answer = await post(
      server,
      'session',
      { environment: 'test', version: '1.0' },
      { sessionId: 'sess_gone' },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.sessionId).not.toBe('sess_gone');
    expect(answer.body.sessionId).toMatch(/^sess_/);
  });

  it('reopens a session closed by a page-close ping when the next page resumes it', async () => {
    const id = await openSession(server);
    await post(server, 'batch', batch([], { isPageClose: true }), { sessionId: id });
    expect((await getJson(server, `/api/sessions/${id}`)).body).toMatchObject({
      closed: true,
      closeReason: 'page-close',
    });
    const answer = await post(
      server,
      'session',
      { environment: 'test', version: '1.0' },
      { sessionId: id },
    );
    expect(answer.body.sessionId).toBe(id);
    expect((await getJson(server, `/api/sessions/${id}`)).body).toMatchObject({
      closed: false,
      closeReason: null,
    });
  });

  it('gives a new id instead of resuming a session the client stopped', async () => {
    const id = await openSession(server);
    await post(
      server,
      'batch',
      batch([], { isClientAbort: true, clientAbortReason: 'CLIENT_STOPPED' }),
      { sessionId: id },
    );
    const answer = await post(
      server,
      'session',
      { environment: 'test', version: '1.0' },
      { sessionId: id },
    );
    expect(answer.body.sessionId).not.toBe(id);
  });

  it('keeps appSessionId and init metadata from the body', async () => {
    const id = await openSession(server, {
      environment: 'staging',
      version: '0.0.0',
      metadata: {},
      appSessionId: 'wf_81f2',
    });
    expect((await getJson(server, `/api/sessions/${id}`)).body.appSessionId).toBe('wf_81f2');
  });

  it('refuses a body without environment, naming the field', async () => {
    const answer = await post(server, 'session', { version: '1.0' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      success: false,
      errorCode: 'BAD_REQUEST',
      error: 'body.environment must be a string',
    });
  });

  it('refuses metadata that is not an object', async () => {
    const answer = await post(server, 'session', { environment: 'a', version: 'b', metadata: [1] });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('body.metadata must be a JSON object');
  });
});

describe('sampling', () => {
  it('declines every session at sample rate 0 and still answers with an id', async () => {
    const unsampled = await startTestServer({ sampleRate: 0 });
    try {
      const answer = await post(unsampled, 'session', { environment: 'test', version: '1.0' });
      expect(answer.body).toEqual({ sampled: false, sessionId: expect.stringMatching(/^sess_/) });
      const update = await post(
        unsampled,
        'update',
        { user: { userId: 'u_1', email: 'u1@example.org' } },
        { sessionId: answer.body.sessionId },
      );
      expect(update.body).toEqual({
        success: true,
        sessionId: answer.body.sessionId,
        sampled: false,
      });
      const rejected = await post(unsampled, 'batch', batch(sampleEvents()), {
        sessionId: answer.body.sessionId,
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({
        success: false,
        errorCode: 'SESSION_NOT_IDENTIFIED',
        sessionId: answer.body.sessionId,
      });
      expect(
        (await getJson(unsampled, `/api/sessions/${answer.body.sessionId}`)).body.eventCount,
      ).toBe(0);
    } finally {
      await unsampled.close();
    }
  });

  it('samples by comparing the random draw with the rate', async () => {
    const draws = [0.2, 0.8];
    const half = await startTestServer({ sampleRate: 0.5, random: () => draws.shift() ?? 0 });
    try {
      expect((await post(half, 'session', { environment: 't', version: '1' })).body.sampled).toBe(
        true,
      );
      expect((await post(half, 'session', { environment: 't', version: '1' })).body.sampled).toBe(
        false,
      );
    } finally {
      await half.close();
    }
  });
});

describe('/update', () => {
  it('always answers success with sessionId and sampled', async () => {
    const id = await openSession(server);
    const answer = await post(
      server,
      'update',
      { session: { metadata: { flow: 'checkout-b' } } },
      { sessionId: id },
    );
    expect(answer).toMatchObject({
      status: 200,
      body: { success: true, sessionId: id, sampled: true },
    });
  });

  it('merges user metadata across sessions and keeps email when a later update leaves it out', async () => {
    const first = await openSession(server);
    await post(
      server,
      'update',
      {
        user: {
          userId: 'u_1042',
          email: 'dana@example.org',
          name: 'Dana K.',
          metadata: { role: 'owner', plan: 'free' },
        },
      },
      { sessionId: first },
    );
    const second = await openSession(server);
    await post(
      server,
      'update',
      { user: { userId: 'u_1042', metadata: { plan: 'team' } } },
      { sessionId: second },
    );
    const user = await getJson(server, '/api/users/u_1042');
    expect(user.body).toMatchObject({
      userId: 'u_1042',
      email: 'dana@example.org',
      name: 'Dana K.',
      metadata: { role: 'owner', plan: 'team' },
      sessionCount: 2,
    });
  });

  it('merges session metadata within the session and lets the last appSessionId win', async () => {
    const id = await openSession(server, {
      environment: 'test',
      version: '1.0',
      metadata: { entry: 'home' },
    });
    await post(
      server,
      'update',
      { session: { metadata: { a: 1, nested: { x: 1 } }, appSessionId: 'wf_1' } },
      { sessionId: id },
    );
    await post(
      server,
      'update',
      { session: { metadata: { b: 2, nested: { y: 2 } }, appSessionId: 'wf_2' } },
      { sessionId: id },
    );
    const detail = (await getJson(server, `/api/sessions/${id}`)).body;
    expect(detail.metadata).toEqual({ entry: 'home', a: 1, b: 2, nested: { y: 2 } });
    expect(detail.appSessionId).toBe('wf_2');
    const other = await openSession(server);
    expect((await getJson(server, `/api/sessions/${other}`)).body.metadata).toEqual({});
  });

  it('keeps the first user attached to the session and still updates the second user profile', async () => {
    const id = await openSession(server);
    await post(
      server,
      'update',
      { user: { userId: 'u_first', email: 'first@example.org' } },
      { sessionId: id },
    );
    await post(
      server,
      'update',
      { user: { userId: 'u_second', email: 'second@example.org' } },
      { sessionId: id },
    );
    const detail = (await getJson(server, `/api/sessions/${id}`)).body;
    expect(detail.userId).toBe('u_first');
    expect(detail.user.email).toBe('first@example.org');
    expect((await getJson(server, '/api/users/u_second')).body.email).toBe('second@example.org');
  });

  it('replaces each integration vendor entry whole and leaves absent vendors alone', async () => {
    const id = await openSession(server);
    await post(
      server,
      'update',
      {
        session: {
          integrations: {
            sentry: { replayId: 'r1' },
            posthog: { sessionId: 'p1', distinctId: 'd1' },
          },
        },
      },
      { sessionId: id },
    );
    await post(
      server,
      'update',
      { session: { integrations: { posthog: { sessionId: 'p2' } } } },
      { sessionId: id },
    );
    expect((await getJson(server, `/api/sessions/${id}`)).body.integrations).toEqual({
      sentry: { replayId: 'r1' },
      posthog: { sessionId: 'p2' },
    });
  });

  it('refuses an empty body', async () => {
    const id = await openSession(server);
    const answer = await post(server, 'update', {}, { sessionId: id });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      success: false,
      shouldRestartSession: false,
      errorCode: 'BAD_REQUEST',
    });
  });

  it('refuses a user without a string userId', async () => {
    const id = await openSession(server);
    const answer = await post(server, 'update', { user: { userId: 42 } }, { sessionId: id });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('user.userId must be a string');
  });

  it('answers an unknown session id with a 404 that asks for a restart', async () => {
    const answer = await post(
      server,
      'update',
      { user: { userId: 'u' } },
      { sessionId: 'sess_unknown' },
    );
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({
      success: false,
      errorCode: 'SESSION_NOT_FOUND',
      shouldRestartSession: true,
    });
  });

  it('refuses a request without a session id header', async () => {
    const answer = await post(server, 'update', { user: { userId: 'u' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toContain('X-Milana-Session-Id');
  });
});

describe('/batch', () => {
  it('stores a plain batch and answers success with a messageId', async () => {
    const id = await openSession(server);
    const answer = await post(server, 'batch', batch(sampleEvents()), { sessionId: id });
    expect(answer.body).toEqual({
      success: true,
      sessionId: id,
      messageId: expect.stringMatching(/^msg_/),
    });
    const { events } = (await getJson(server, `/api/sessions/${id}/events`)).body;
    expect(events).toEqual(sampleEvents());
  });

  it('stores a gzip batch and keeps the decompressed text as received', async () => {
    const id = await openSession(server);
    const body = batch(sampleEvents(1_000, 'zipped'));
    const answer = await post(server, 'batch', body, { sessionId: id, gzip: true });
    expect(answer.body.success).toBe(true);
    const { requests } = (await getJson(server, `/api/sessions/${id}/requests?endpoint=batch`))
      .body;
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ gzip: true, body: JSON.stringify(body), status: 200 });
  });

  it('returns events of several batches in timestamp order and drops exact re-sends', async () => {
    const id = await openSession(server);
    const [meta, full, custom] = sampleEvents(5_000);
    await post(server, 'batch', batch([custom]), { sessionId: id });
    await post(server, 'batch', batch([meta, full]), { sessionId: id });
    await post(server, 'batch', batch([custom]), { sessionId: id });
    const { events } = (await getJson(server, `/api/sessions/${id}/events`)).body;
    expect(events).toEqual([meta, full, custom]);
  });

  it('closes the session on a page-close ping', async () => {
    const id = await openSession(server);
    const answer = await post(server, 'batch', batch([], { isPageClose: true }), { sessionId: id });
    expect(answer.body.success).toBe(true);
    expect((await getJson(server, `/api/sessions/${id}`)).body).toMatchObject({
      closed: true,
      closeReason: 'page-close',
    });
  });

  it('closes the session on a client abort and stores its events', async () => {
    const id = await openSession(server);
    await post(
      server,
      'batch',
      batch(sampleEvents(), { isClientAbort: true, clientAbortReason: 'CLIENT_STOPPED' }),
      { sessionId: id },
    );
    const detail = (await getJson(server, `/api/sessions/${id}`)).body;
    expect(detail).toMatchObject({ closed: true, closeReason: 'client-abort', eventCount: 3 });
  });

  it('keeps the client abort as the close reason, whichever of it and a page-close ping lands last', async () => {
    const abort = batch([], { isClientAbort: true, clientAbortReason: 'CLIENT_STOPPED' });
    const ping = batch([], { isPageClose: true });
    // The previous page's keepalive ping delivered late, after the next page resumed and stopped.
    const late = await openSession(server);
    await post(server, 'batch', ping, { sessionId: late });
    await post(server, 'batch', abort, { sessionId: late });
    // A page-close ping after the stop.
    const after = await openSession(server);
    await post(server, 'batch', abort, { sessionId: after });
    await post(server, 'batch', ping, { sessionId: after });
    for (const id of [late, after])
      expect((await getJson(server, `/api/sessions/${id}`)).body).toMatchObject({
        closed: true,
        closeReason: 'client-abort',
      });
  });

  it('still accepts a late regular batch within the grace period after a close', async () => {
    const id = await openSession(server);
    await post(
      server,
      'batch',
      batch([], { isClientAbort: true, clientAbortReason: 'CLIENT_STOPPED' }),
      { sessionId: id },
    );
    const late = await post(server, 'batch', batch(sampleEvents()), { sessionId: id });
    expect(late.body.success).toBe(true);
  });

  it('asks for a restart when a batch arrives for a session closed longer than the grace period', async () => {
    const strict = await startTestServer({ closedSessionGraceMs: 0 });
    try {
      const id = await openSession(strict);
      await post(strict, 'batch', batch([], { isPageClose: true }), { sessionId: id });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const answer = await post(strict, 'batch', batch(sampleEvents()), { sessionId: id });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        success: false,
        shouldRestartSession: true,
        errorCode: 'SESSION_CLOSED',
        sessionId: id,
      });
      const update = await post(strict, 'update', { user: { userId: 'u' } }, { sessionId: id });
      expect(update.status).toBe(409);
      expect(update.body).toMatchObject({
        success: false,
        shouldRestartSession: true,
        errorCode: 'SESSION_CLOSED',
      });
    } finally {
      await strict.close();
    }
  });

  it('indexes custom and plugin events on the timeline', async () => {
    const id = await openSession(server);
    const events = [
      {
        type: 5,
        timestamp: 10,
        data: {
          tag: 'V',
          payload: { type: 2, name: 'load', attributes: { url: 'https://a.test/x' } },
        },
      },
      {
        type: 5,
        timestamp: 11,
        data: { tag: 'V', payload: { type: 4, visibilityState: 'hidden' } },
      },
      {
        type: 6,
        timestamp: 12,
        data: { plugin: 'milana/scroll-depth@1', payload: { depthPercentage: 50, path: '/x' } },
      },
      { type: 3, timestamp: 13, data: { source: 2, type: 2, id: 5, x: 1, y: 1 } },
    ];
    await post(server, 'batch', batch(events), { sessionId: id });
    const { timeline } = (await getJson(server, `/api/sessions/${id}/timeline`)).body;
    expect(timeline.map((e: { kind: string; name: string }) => `${e.kind}:${e.name}`)).toEqual([
      'url:load',
      'visibility:hidden',
      'plugin:milana/scroll-depth@1',
    ]);
  });

  it('refuses a batch whose events are not rrweb events', async () => {
    const id = await openSession(server);
    const answer = await post(
      server,
      'batch',
      { version: 1, batchStartedAt: 1, events: [{ type: 'x', timestamp: 1 }] },
      { sessionId: id },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('body.events[0].type must be a finite number');
  });

  it('refuses isPageClose false and unknown envelope fields', async () => {
    const id = await openSession(server);
    expect(
      (await post(server, 'batch', batch([], { isPageClose: false }), { sessionId: id })).status,
    ).toBe(400);
    const truncated = await post(server, 'batch', batch([], { isTruncated: true }), {
      sessionId: id,
    });
    expect(truncated.body.error).toBe('body.isTruncated is not a field of the protocol');
  });

  it('answers a batch for an unknown session with a 404', async () => {
    const answer = await post(server, 'batch', batch([]), { sessionId: 'sess_nope' });
    expect(answer.status).toBe(404);
    expect(answer.body.errorCode).toBe('SESSION_NOT_FOUND');
  });
});

describe('/metrics', () => {
  const metrics = {
    version: 1,
    clientTimestamp: 1,
    histograms: { numEventsInBuffer: 12 },
    counters: { numSessionsAbortedDueToBufferExceeded: 0 },
  };

  it('stores the report and answers success, also after the session was stopped', async () => {
    const id = await openSession(server);
    await post(
      server,
      'batch',
      batch([], { isClientAbort: true, clientAbortReason: 'CLIENT_STOPPED' }),
      { sessionId: id },
    );
    const answer = await post(server, 'metrics', metrics, { sessionId: id });
    expect(answer.body).toEqual({ success: true });
    expect((await getJson(server, `/api/sessions/${id}`)).body.lastMetrics).toEqual(metrics);
  });

  it('refuses a report without numEventsInBuffer', async () => {
    const id = await openSession(server);
    const answer = await post(server, 'metrics', { ...metrics, histograms: {} }, { sessionId: id });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('body.histograms.numEventsInBuffer must be a finite number');
  });
});
