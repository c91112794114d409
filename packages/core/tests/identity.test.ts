import { describe, expect, it } from 'vitest';
import { consoleLines, useHarness } from './helpers/harness';
import { flushMicrotasks, until } from './helpers/fixtures';

const h = useHarness();

async function ready() {
  const made = h.make();
  await made.init();
  return made;
}

function stored(): { sessionId: string | null; user: unknown; sessionContext: unknown } {
  return JSON.parse(sessionStorage.getItem('milana_session_state') ?? 'null');
}

describe('identity calls (§7)', () => {
  it('sends identify as {"user":{userId,email,name,metadata}} in that key order', async () => {
    const { client } = await ready();
    await client.identify({
      metadata: { role: 'owner' },
      name: 'Dana',
      email: 'dana@example.org',
      userId: 'u_1042',
    });
    expect(h.server.requestsTo('/update')[0]?.bodyText).toBe(
      '{"user":{"userId":"u_1042","email":"dana@example.org","name":"Dana","metadata":{"role":"owner"}}}',
    );
  });

  it('sends updateSession as {"session":...} with the current session id', async () => {
    const { client } = await ready();
    await client.updateSession({ metadata: { flow: 'checkout-b' }, appSessionId: 'wf_81f2' });
    const [req] = h.server.requestsTo('/update');
    expect(req?.bodyText).toBe(
      '{"session":{"metadata":{"flow":"checkout-b"},"appSessionId":"wf_81f2"}}',
    );
    expect(req?.headers['x-milana-session-id']).toBe('sess_1');
  });

  it('puts user before session in a deprecated update call', async () => {
    const { client } = await ready();
    await client.update({
      session: { metadata: { a: 1 } },
      user: { userId: 'u_1', metadata: { plan: 'team' } },
    });
    expect(h.server.requestsTo('/update')[0]?.bodyText).toBe(
      '{"user":{"userId":"u_1","metadata":{"plan":"team"}},"session":{"metadata":{"a":1}}}',
    );
  });

  it('answers a call that changes nothing locally with { success: true } (§7.5 step 2)', async () => {
    const { client } = await ready();
    await client.identify({ userId: 'u_1', email: 'u1@example.org' });
    expect(await client.identify({ userId: 'u_1', email: 'u1@example.org' })).toEqual({
      success: true,
    });
    expect(await client.updateUser({ userId: 'u_1' })).toEqual({ success: true });
    expect(h.server.requestsTo('/update')).toHaveLength(1);
  });

  it('sends only the changed half, exactly as the caller passed it (§7.5 step 3)', async () => {
    const { client } = await ready();
    await client.identify({ userId: 'u_1', email: 'u1@example.org' });
    await client.update({ user: { userId: 'u_1' }, session: { metadata: { step: 2 } } });
    expect(h.server.requestsTo('/update')[1]?.bodyText).toBe('{"session":{"metadata":{"step":2}}}');
  });

  it('merges confirmed halves into the state and sessionStorage (§7.5 step 4)', async () => {
    const { client } = await ready();
    await client.updateUser({ userId: 'u_1', metadata: { a: 1 } });
    await client.updateUser({ userId: 'u_1', email: 'e@x.y', metadata: { b: 2 } });
    await client.updateSession({ metadata: { s: 1 } });
    expect(client.getState().user).toEqual({
      userId: 'u_1',
      email: 'e@x.y',
      metadata: { a: 1, b: 2 },
    });
    expect(client.getState().session).toEqual({ metadata: { s: 1 } });
    expect(stored()).toEqual({
      sessionId: 'sess_1',
      user: { userId: 'u_1', email: 'e@x.y', metadata: { a: 1, b: 2 } },
      sessionContext: { metadata: { s: 1 } },
    });
  });

  it('saves nothing when the update fails, so an identical retry is sent again (§7.5 step 5)', async () => {
    const { client } = await ready();
    h.server.enqueue('/update', {
      json: { success: false, shouldRestartSession: false, errorCode: 'BAD_REQUEST' },
    });
    expect(await client.updateSession({ metadata: { a: 1 } })).toEqual({ success: false });
    expect(client.getState().session).toBeNull();
    expect(await client.updateSession({ metadata: { a: 1 } })).toEqual({ success: true });
    expect(h.server.requestsTo('/update')).toHaveLength(2);
  });

  it('sends a repeated call again while the first is not confirmed yet (§7.5 step 7)', async () => {
    const { client } = await ready();
    h.server.enqueue('/update', {
      delayMs: 20,
      json: { success: true, sessionId: 'sess_1', sampled: true },
    });
    const first = client.updateSession({ metadata: { a: 1 } });
    await h.server.waitFor('/update', 1);
    const second = client.updateSession({ metadata: { a: 1 } });
    expect(await Promise.all([first, second])).toEqual([{ success: true }, { success: true }]);
    expect(h.server.requestsTo('/update')).toHaveLength(2);
  });

  it('sends updateSession({}) once when no session context was saved', async () => {
    const { client } = await ready();
    await client.updateSession({});
    await client.updateSession({});
    expect(h.server.requestsTo('/update').map((r) => r.bodyText)).toEqual(['{"session":{}}']);
  });

  it('keeps the session linked to the first user when another userId is updated', async () => {
    const { client } = await ready();
    await client.identify({ userId: 'u_first', email: 'first@example.org' });
    expect(await client.updateUser({ userId: 'u_other', name: 'Other' })).toEqual({
      success: true,
    });
    expect(h.server.requestsTo('/update')[1]?.bodyText).toBe(
      '{"user":{"userId":"u_other","name":"Other"}}',
    );
    expect(client.getState().user).toEqual({ userId: 'u_first', email: 'first@example.org' });
    expect(stored().user).toEqual({ userId: 'u_first', email: 'first@example.org' });
  });

  it('runs identity calls in not-sampled and returns the server answer', async () => {
    h.server.enqueue('/session', { json: { sampled: false, sessionId: 'sess_ns' } });
    const { client, init } = h.make();
    await init();
    expect(await client.identify({ userId: 'u_1', email: 'u1@example.org' })).toEqual({
      success: true,
    });
    expect(h.server.requestsTo('/update')[0]?.headers['x-milana-session-id']).toBe('sess_ns');
  });

  it('resolves { success: false } with a warning when the only field is metadata over the size cap', async () => {
    const { client } = await ready();
    const result = await client.updateSession({ metadata: { blob: 'x'.repeat(70_000) } });
    expect(result).toEqual({ success: false });
    expect(h.server.requestsTo('/update')).toHaveLength(0);
    expect(
      consoleLines('warn').some(
        (l) => l.startsWith('Milana: updateSession') && l.includes('metadata'),
      ),
    ).toBe(true);
  });

  it('resolves { success: false } with a Milana: line for an identify without userId', async () => {
    const { client } = await ready();
    expect(await client.identify({ email: 'a@b.c' } as never)).toEqual({ success: false });
    expect(
      [...consoleLines('warn'), ...consoleLines('info')].some((l) =>
        l.startsWith('Milana: identify'),
      ),
    ).toBe(true);
  });
});

describe('coalescing', () => {
  it('sends one /update for 1 identify and 100 updateSession calls in one tick', async () => {
    const { client } = await ready();
    const calls = [client.identify({ userId: 'u_1', email: 'u1@example.org' })];
    for (let i = 0; i < 100; i++) calls.push(client.updateSession({ metadata: { [`k${i}`]: i } }));
    const results = await Promise.all(calls);
    expect(results.every((r) => r.success)).toBe(true);
    const updates = h.server.requestsTo('/update');
    expect(updates.length).toBeLessThanOrEqual(2);
    const merged = updates.map(
      (r) => r.json as { user?: unknown; session?: { metadata: Record<string, number> } },
    );
    expect(merged[0]?.user).toEqual({ userId: 'u_1', email: 'u1@example.org' });
    const keys = merged.flatMap((m) => Object.keys(m.session?.metadata ?? {}));
    expect(keys).toHaveLength(100);
  });

  it('merges same-user calls of one tick with the merge rules', async () => {
    const { client } = await ready();
    await Promise.all([
      client.updateUser({ userId: 'u_1', metadata: { a: 1 } }),
      client.updateUser({ userId: 'u_1', name: 'N', metadata: { b: 2 } }),
      client.updateSession({ appSessionId: 'wf_1' }),
    ]);
    const updates = h.server.requestsTo('/update');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.json).toEqual({
      user: { userId: 'u_1', name: 'N', metadata: { a: 1, b: 2 } },
      session: { appSessionId: 'wf_1' },
    });
  });

  it('starts a new request for a different userId in the same tick, keeping call order', async () => {
    const { client } = await ready();
    await Promise.all([
      client.updateUser({ userId: 'u_a' }),
      client.updateSession({ metadata: { x: 1 } }),
      client.updateUser({ userId: 'u_b' }),
      client.updateSession({ metadata: { y: 2 } }),
    ]);
    const updates = h.server.requestsTo('/update').map((r) => r.json);
    expect(updates).toEqual([
      { user: { userId: 'u_a' }, session: { metadata: { x: 1 } } },
      { user: { userId: 'u_b' }, session: { metadata: { y: 2 } } },
    ]);
  });

  it('settles every coalesced caller with the outcome of the shared request', async () => {
    const { client } = await ready();
    h.server.enqueue('/update', {
      status: 500,
      json: { success: false, errorCode: 'INTERNAL_ERROR' },
    });
    const results = await Promise.all([
      client.updateSession({ metadata: { a: 1 } }),
      client.updateSession({ metadata: { b: 1 } }),
    ]);
    expect(results).toEqual([{ success: false }, { success: false }]);
    expect(h.server.requestsTo('/update')).toHaveLength(1);
  });

  it('coalesces calls replayed from the queue into one request', async () => {
    const { client, init } = h.make();
    const calls = [client.identify({ userId: 'u_1', email: 'e@x.y' })];
    for (let i = 0; i < 10; i++) calls.push(client.updateSession({ metadata: { [`k${i}`]: i } }));
    await init();
    await Promise.all(calls);
    expect(h.server.requestsTo('/update')).toHaveLength(1);
  });
});

describe('/update answers (§7.3)', () => {
  it('decides by the JSON body on a non-2xx status', async () => {
    const { client } = await ready();
    h.server.enqueue('/update', {
      status: 500,
      json: { success: true, sessionId: 'sess_1', sampled: true },
    });
    expect(await client.updateSession({ metadata: { a: 1 } })).toEqual({ success: true });
    h.server.enqueue('/update', {
      status: 200,
      json: { success: false, shouldRestartSession: false },
    });
    expect(await client.updateSession({ metadata: { a: 2 } })).toEqual({ success: false });
  });

  it('resolves { success: false } when the body is not JSON', async () => {
    const { client } = await ready();
    h.server.enqueue('/update', { body: '<html>' });
    expect(await client.updateSession({ metadata: { a: 1 } })).toEqual({ success: false });
    expect(consoleLines('debug').some((l) => l.includes('body not JSON'))).toBe(true);
    expect(consoleLines('info')).toEqual([]);
  });

  it('logs a refused update at info level with the status and error code', async () => {
    const { client } = await ready();
    h.server.enqueue('/update', {
      status: 400,
      json: { success: false, shouldRestartSession: false, errorCode: 'BAD_REQUEST' },
    });
    await client.updateSession({ metadata: { a: 1 } });
    expect(
      consoleLines('info').filter((l) => l.includes('400') && l.includes('BAD_REQUEST')),
    ).toHaveLength(1);
  });

  it('resolves { success: false } on a network error without retrying', async () => {
    const { client } = await ready();
    h.server.enqueue('/update', { networkError: true });
    expect(await client.updateSession({ metadata: { a: 1 } })).toEqual({ success: false });
    expect(h.server.requestsTo('/update')).toHaveLength(1);
    expect(consoleLines('debug').some((l) => l.includes('network error'))).toBe(true);
  });

  it('switches to not-sampled and stops the recorder when /update answers sampled:false while recording', async () => {
    const { client, fake } = await ready();
    await until(() => fake.log.hosts.length === 1, 'recorder start');
    h.server.enqueue('/update', { json: { success: true, sessionId: 'sess_1', sampled: false } });
    expect(await client.updateSession({ metadata: { a: 1 } })).toEqual({ success: true });
    expect(client.getState()).toMatchObject({ status: 'not-sampled', sampled: false });
    expect(fake.log.stops).toEqual([['sess_1', 'not-sampled']]);
  });

  it('treats a success without a sampled field as not sampled', async () => {
    const { client } = await ready();
    h.server.enqueue('/update', { json: { success: true, sessionId: 'sess_1' } });
    await client.updateSession({ metadata: { a: 1 } });
    expect(client.getState().status).toBe('not-sampled');
  });

  it('never moves a not-sampled client back to recording on sampled:true', async () => {
    h.server.enqueue('/session', { json: { sampled: false, sessionId: 'sess_ns' } });
    const { client, fake, init } = h.make();
    await init();
    await client.updateSession({ metadata: { a: 1 } });
    expect(client.getState().status).toBe('not-sampled');
    expect(fake.log.loads).toBe(0);
  });

  it('restarts the session when /update asks for it and neither retries nor saves the payload', async () => {
    const { client } = await ready();
    h.server.enqueue('/update', {
      status: 409,
      json: { success: false, shouldRestartSession: true, errorCode: 'SESSION_CLOSED' },
    });
    expect(await client.updateSession({ metadata: { flag: true } })).toEqual({ success: false });
    await h.server.waitFor('/session', 2);
    await until(() => client.getState().status === 'recording', 'restart');
    expect(client.getState().session).toBeNull();
    expect(h.server.requestsTo('/update')).toHaveLength(1);
    expect(consoleLines('info').some((l) => l.startsWith('Milana: '))).toBe(true);
  });
});

describe('/update bodies and answers', () => {
  it('serialises user before session and leaves out absent halves', async () => {
    const { client } = await ready();
    await client.update({ session: { appSessionId: 'a' }, user: { userId: 'u' } });
    await client.updateUser({ userId: 'u', name: 'N' });
    expect(h.server.requestsTo('/update').map((r) => r.bodyText)).toEqual([
      '{"user":{"userId":"u"},"session":{"appSessionId":"a"}}',
      '{"user":{"userId":"u","name":"N"}}',
    ]);
  });

  it('keeps the current session id when a not-sampled answer carries an empty one', async () => {
    const { client } = await ready();
    h.server.enqueue('/update', { json: { success: true, sessionId: '', sampled: false } });
    expect(await client.updateSession({ metadata: { a: 1 } })).toEqual({ success: true });
    expect(client.getState()).toMatchObject({ status: 'not-sampled', sessionId: 'sess_1' });
  });

  it('takes the session id of a not-sampled answer when it has one', async () => {
    const { client } = await ready();
    h.server.enqueue('/update', { json: { success: true, sessionId: 'sess_b', sampled: false } });
    await client.updateSession({ metadata: { a: 1 } });
    expect(client.getState()).toMatchObject({ status: 'not-sampled', sessionId: 'sess_b' });
    expect(stored().sessionId).toBe('sess_b');
  });

  it('names the error code of a restart request in an info line', async () => {
    const { client } = await ready();
    h.server.enqueue('/update', {
      json: { success: false, shouldRestartSession: true, errorCode: 'SESSION_CLOSED' },
    });
    expect(await client.updateSession({ metadata: { a: 1 } })).toEqual({ success: false });
    expect(consoleLines('info').some((l) => l.includes('SESSION_CLOSED'))).toBe(true);
  });

  it.each([
    ['a JSON null body', { body: 'null' }],
    ['a JSON string body', { json: 'ok' }],
  ])('resolves { success: false } on %s', async (_what, answer) => {
    const { client } = await ready();
    h.server.enqueue('/update', answer);
    expect(await client.updateSession({ metadata: { a: 1 } })).toEqual({ success: false });
    expect(consoleLines('debug').some((l) => l.includes('body not JSON'))).toBe(true);
  });

  it('settles a call flushed after stopRecording with { success: false } and sends nothing', async () => {
    const { client } = await ready();
    const pending = client.updateSession({ metadata: { a: 1 } });
    await client.stopRecording();
    expect(await pending).toEqual({ success: false });
    await flushMicrotasks();
    expect(h.server.requestsTo('/update')).toHaveLength(0);
  });
});

describe('size caps', () => {
  it('resolves { success: false } and sends nothing when metadata is over the 64 KiB cap, keeping what was accepted', async () => {
    const { client, init } = h.make();
    await init();
    expect(await client.identify({ userId: 'u_1', email: 'u1@example.org' })).toEqual({
      success: true,
    });
    const before = h.server.requestsTo('/update').length;
    const huge = { blob: 'x'.repeat(70_000) };
    expect(await client.updateUser({ userId: 'u_1', metadata: huge })).toEqual({ success: false });
    expect(await client.updateSession({ metadata: huge })).toEqual({ success: false });
    expect(h.server.requestsTo('/update')).toHaveLength(before);
    expect(client.getState().user).toEqual({ userId: 'u_1', email: 'u1@example.org' });
    expect(
      consoleLines('warn').filter((l) => l.includes('64') || l.includes('65536')),
    ).toHaveLength(2);
  });
});
