import { describe, expect, it, vi } from 'vitest';
import { RETRY_SCHEDULE_MS } from '../src/retry';
import { createMilana } from '../src/client';
import { consoleLines, useHarness } from './helpers/harness';
import { fakeRecorder } from './helpers/fake-recorder';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO, flushMicrotasks, until } from './helpers/fixtures';

const h = useHarness();

function store(state: unknown): void {
  sessionStorage.setItem('milana_session_state', JSON.stringify(state));
}

function stored(): { sessionId: string | null; user: unknown; sessionContext: unknown } | null {
  return JSON.parse(sessionStorage.getItem('milana_session_state') ?? 'null');
}

async function recording() {
  const made = h.make();
  await made.init();
  await until(() => made.fake.log.hosts.length === 1, 'recorder start');
  return made;
}

describe('session persistence and resume (§15)', () => {
  it('sends no X-Milana-Session-Id on a fresh /session', async () => {
    const { init } = h.make();
    await init();
    expect(h.server.requestsTo('/session')[0]?.headers['x-milana-session-id']).toBeUndefined();
  });

  it('stores the session id in milana_session_state after /session', async () => {
    const { init } = h.make();
    await init();
    expect(stored()).toEqual({ sessionId: 'sess_1', user: null, sessionContext: null });
  });

  it('stores the id of a not-sampled session too', async () => {
    h.server.enqueue('/session', { json: { sampled: false, sessionId: 'sess_ns' } });
    const { init } = h.make();
    await init();
    expect(stored()?.sessionId).toBe('sess_ns');
  });

  it('resumes the stored session id in X-Milana-Session-Id with the same body', async () => {
    store({ sessionId: 'sess_old', user: null, sessionContext: null });
    const { client, init } = h.make();
    await init();
    const [req] = h.server.requestsTo('/session');
    expect(req?.headers['x-milana-session-id']).toBe('sess_old');
    expect(req?.bodyText).toBe('{"environment":"test","version":"1.0"}');
    expect(client.getState().sessionId).toBe('sess_old');
  });

  it('does not replay identity when the server resumes the same id', async () => {
    store({
      sessionId: 'sess_old',
      user: { userId: 'u_1' },
      sessionContext: { metadata: { a: 1 } },
    });
    const { client, init } = h.make();
    await init();
    await flushMicrotasks();
    expect(h.server.requestsTo('/update')).toHaveLength(0);
    expect(client.getState().user).toEqual({ userId: 'u_1' });
  });

  it('replays the saved identity when the server answers a different id than the stored one (§16)', async () => {
    store({
      sessionId: 'sess_old',
      user: { userId: 'u_1', email: 'u1@example.org' },
      sessionContext: { appSessionId: 'wf' },
    });
    h.server.enqueue('/session', { json: { sampled: true, sessionId: 'sess_new' } });
    const { init } = h.make();
    await init();
    const [replay] = h.server.requestsTo('/update');
    expect(replay?.bodyText).toBe(
      '{"user":{"userId":"u_1","email":"u1@example.org"},"session":{"appSessionId":"wf"}}',
    );
    expect(replay?.headers['x-milana-session-id']).toBe('sess_new');
    expect(stored()).toMatchObject({ sessionId: 'sess_new' });
  });

  it('leaves nothing stored when a state listener stops the session as the user is confirmed', async () => {
    const { client, init } = h.make();
    await init();
    client.listen((state) => {
      if (state.user) void client.stopRecording();
    });
    expect(await client.identify({ userId: 'u_1', email: 'u1@example.org' })).toEqual({
      success: true,
    });
    expect(client.getState().status).toBe('stopped');
    expect(stored()).toBeNull();
  });

  it('dedups against the stored identity after a resume', async () => {
    store({
      sessionId: 'sess_old',
      user: { userId: 'u_1', email: 'u1@example.org' },
      sessionContext: null,
    });
    const { client, init } = h.make();
    await init();
    expect(await client.identify({ userId: 'u_1', email: 'u1@example.org' })).toEqual({
      success: true,
    });
    expect(h.server.requestsTo('/update')).toHaveLength(0);
  });
});

describe('referrer (§4, §18)', () => {
  it('sends X-Milana-Referrer as the sanitised page URL at init time', async () => {
    history.replaceState(null, '', '/billing?plan=team&token=abc#section');
    const { init } = h.make();
    await init();
    expect(h.server.requestsTo('/session')[0]?.headers['x-milana-referrer']).toBe(
      `${location.origin}/billing?plan=team&token=--redacted--`,
    );
  });

  it('drops the query from the referrer when shouldTrackQueryParams is false', async () => {
    history.replaceState(null, '', '/billing?plan=team');
    const { init } = h.make();
    await init({ privacy: { shouldTrackQueryParams: false } });
    expect(h.server.requestsTo('/session')[0]?.headers['x-milana-referrer']).toBe(
      `${location.origin}/billing`,
    );
  });
});

describe('server-driven restart (§16)', () => {
  it('restarts on a /batch restart request: stops the recorder, posts /session without id, replays identity, starts again', async () => {
    const { client, fake } = await recording();
    history.replaceState(null, '', '/elsewhere');
    await client.identify({ userId: 'u_1', email: 'u1@example.org' });
    await client.updateSession({ metadata: { flow: 'a' } });
    fake.log.hosts[0]?.requestRestart();
    expect(client.getState()).toMatchObject({ status: 'initializing', sessionId: null });
    expect(stored()).toMatchObject({ sessionId: null, user: { userId: 'u_1' } });
    expect(fake.log.stops).toEqual([['sess_1', 'restart']]);
    await until(() => fake.log.hosts.length === 2, 'second recorder');
    const [, second] = h.server.requestsTo('/session');
    expect(second?.headers['x-milana-session-id']).toBeUndefined();
    expect(second?.bodyText).toBe(h.server.requestsTo('/session')[0]?.bodyText);
    expect(second?.headers['x-milana-referrer']).toBe(
      h.server.requestsTo('/session')[0]?.headers['x-milana-referrer'],
    );
    const replay = h.server.requestsTo('/update')[2];
    expect(replay?.json).toEqual({
      user: { userId: 'u_1', email: 'u1@example.org' },
      session: { metadata: { flow: 'a' } },
    });
    expect(replay?.headers['x-milana-session-id']).toBe('sess_2');
    expect(fake.log.hosts[1]?.sessionId).toBe('sess_2');
    expect(client.getState()).toMatchObject({ status: 'recording', sessionId: 'sess_2' });
    expect(consoleLines('info').some((l) => l.includes('batch'))).toBe(true);
  });

  it('replays identity before the recorder starts and before queued calls drain', async () => {
    const { client, fake } = await recording();
    await client.identify({ userId: 'u_1', email: 'u1@example.org' });
    const hostsAtReplay: number[] = [];
    h.server.enqueue('/update', (req) => {
      hostsAtReplay.push(fake.log.hosts.length);
      return {
        json: { success: true, sessionId: req.headers['x-milana-session-id'], sampled: true },
      };
    });
    fake.log.hosts[0]?.requestRestart();
    const queued = client.updateSession({ metadata: { after: true } });
    expect(await queued).toEqual({ success: true });
    const updates = h.server.requestsTo('/update').map((r) => r.json);
    expect(updates.slice(1)).toEqual([
      { user: { userId: 'u_1', email: 'u1@example.org' } },
      { session: { metadata: { after: true } } },
    ]);
    expect(hostsAtReplay).toEqual([1]);
  });

  it('sends no replay when nothing was confirmed', async () => {
    const { fake } = await recording();
    fake.log.hosts[0]?.requestRestart();
    await until(() => fake.log.hosts.length === 2, 'second recorder');
    expect(h.server.requestsTo('/update')).toHaveLength(0);
  });

  it('ignores a restart trigger from an older session', async () => {
    const { client, fake } = await recording();
    const oldHost = fake.log.hosts[0];
    oldHost?.requestRestart();
    await until(() => fake.log.hosts.length === 2, 'second recorder');
    oldHost?.requestRestart();
    await flushMicrotasks();
    expect(h.server.requestsTo('/session')).toHaveLength(2);
    expect(client.getState()).toMatchObject({ status: 'recording', sessionId: 'sess_2' });
    expect(fake.log.hosts).toHaveLength(2);
  });

  it('coalesces concurrent restart triggers into one /session', async () => {
    const { client, fake } = await recording();
    fake.log.hosts[0]?.requestRestart();
    fake.log.hosts[0]?.requestRestart();
    await until(() => client.getState().status === 'recording', 'restart');
    expect(h.server.requestsTo('/session')).toHaveLength(2);
  });

  it('ignores markNotSampled and halt from an older session', async () => {
    const { client, fake } = await recording();
    const oldHost = fake.log.hosts[0];
    oldHost?.requestRestart();
    await until(() => fake.log.hosts.length === 2, 'second recorder');
    oldHost?.markNotSampled('sess_1');
    oldHost?.halt('retry-limit');
    expect(client.getState().status).toBe('recording');
  });

  it('does not save a confirmation that arrives after a restart began (§7.5 step 4)', async () => {
    const { client, fake } = await recording();
    h.server.enqueue('/update', {
      delayMs: 30,
      json: { success: true, sessionId: 'sess_1', sampled: true },
    });
    const pending = client.updateSession({ metadata: { late: true } });
    await h.server.waitFor('/update', 1);
    fake.log.hosts[0]?.requestRestart();
    expect(await pending).toEqual({ success: true });
    await until(() => client.getState().status === 'recording', 'restart');
    expect(client.getState().session).toBeNull();
    expect(stored()?.sessionContext).toBeNull();
  });

  it('ignores a restart asked by an /update answer of an older session', async () => {
    const { client, fake } = await recording();
    h.server.enqueue('/update', {
      delayMs: 30,
      json: { success: false, shouldRestartSession: true, errorCode: 'SESSION_CLOSED' },
    });
    const pending = client.updateSession({ metadata: { a: 1 } });
    await h.server.waitFor('/update', 1);
    fake.log.hosts[0]?.requestRestart();
    await until(() => client.getState().status === 'recording', 'first restart');
    expect(await pending).toEqual({ success: false });
    await h.idle();
    expect(h.server.requestsTo('/session')).toHaveLength(2);
    expect(client.getState().sessionId).toBe('sess_2');
  });

  it('hands an event tracked during a restart to the new recorder', async () => {
    const { client, fake } = await recording();
    fake.log.hosts[0]?.requestRestart();
    client.trackEvent('during-restart', { n: 1 });
    await until(() => fake.log.events.length === 1, 'the queued event');
    expect(fake.log.events).toEqual([['sess_2', 'during-restart', { n: 1 }]]);
  });

  it('restarts from halted when an /update answer asks for it', async () => {
    const { client, fake } = await recording();
    fake.log.hosts[0]?.halt('retry-limit');
    h.server.enqueue('/update', { json: { success: false, shouldRestartSession: true } });
    await client.updateSession({ metadata: { a: 1 } });
    await until(() => fake.log.hosts.length === 2, 'new recorder');
    expect(client.getState()).toMatchObject({ status: 'recording', sessionId: 'sess_2' });
  });

  it('switches to not-sampled when the replay answer is not sampled', async () => {
    const { client, fake } = await recording();
    await client.identify({ userId: 'u_1', email: 'u1@example.org' });
    h.server.enqueue('/update', { json: { success: true, sessionId: 'sess_2', sampled: false } });
    fake.log.hosts[0]?.requestRestart();
    await until(() => client.getState().status === 'not-sampled', 'not-sampled after replay');
    expect(fake.log.hosts).toHaveLength(1);
  });

  it('keeps retrying a failed restart on the §23 schedule and never goes idle, with one info line', async () => {
    const { client, fake } = await recording();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // No jitter: the waits are the schedule's own values.
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(RETRY_SCHEDULE_MS).toEqual([1_000, 5_000, 15_000, 30_000, 60_000]);
    h.server.setDefault('/session', { status: 503, body: '' });
    fake.log.hosts[0]?.requestRestart();
    const queued = client.identify({ userId: 'u', email: 'e@x.y' });
    const waits = [...RETRY_SCHEDULE_MS, 60_000, 60_000];
    for (const [i, delay] of waits.entries()) {
      await h.idle();
      expect(h.server.requestsTo('/session')).toHaveLength(2 + i);
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(h.server.requestsTo('/session')).toHaveLength(2 + i);
      await vi.advanceTimersByTimeAsync(1);
      await h.server.waitFor('/session', 3 + i);
    }
    await h.idle();
    expect(client.getState().status).toBe('initializing');
    expect(
      consoleLines('info').filter((l) =>
        l.startsWith('Milana: restart: the session could not start: HTTP 503'),
      ),
    ).toHaveLength(1);
    h.server.setDefault('/session', { json: { sampled: true, sessionId: 'sess_back' } });
    await vi.advanceTimersByTimeAsync(60_000);
    await h.server.waitFor('/session', 3 + waits.length);
    expect(await queued).toEqual({ success: true });
    expect(client.getState()).toMatchObject({ status: 'recording', sessionId: 'sess_back' });
  });

  it('recovers when a retried restart succeeds and drains the queue', async () => {
    const { client, fake } = await recording();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    h.server.enqueue('/session', { networkError: true });
    fake.log.hosts[0]?.requestRestart();
    const queued = client.updateSession({ metadata: { a: 1 } });
    await h.idle();
    expect(client.getState().status).toBe('initializing');
    // The first retry comes 1 s ± 20 % later.
    await vi.advanceTimersByTimeAsync(1_200);
    await h.server.waitFor('/session', 3);
    expect(await queued).toEqual({ success: true });
    expect(client.getState().status).toBe('recording');
  });

  it('cancels pending restart retries on stopRecording', async () => {
    const { client, fake } = await recording();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    h.server.setDefault('/session', { status: 500, body: '' });
    fake.log.hosts[0]?.requestRestart();
    await h.idle();
    await client.stopRecording();
    await vi.advanceTimersByTimeAsync(60_000);
    await h.idle();
    expect(h.server.requestsTo('/session')).toHaveLength(2);
    expect(client.getState().status).toBe('stopped');
  });

  it('never lets a failing restart escape as an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { client, fake } = await recording();
      h.server.enqueue('/session', { networkError: true });
      fake.log.hosts[0]?.requestRestart();
      await h.server.waitFor('/session', 2);
      await until(() => client.getState().status === 'initializing', 'restart in progress');
      await flushMicrotasks(50);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('recorder signals through the seam', () => {
  it('moves to not-sampled and stops the recorder on markNotSampled, taking the id from the body', async () => {
    const { client, fake } = await recording();
    fake.log.hosts[0]?.markNotSampled('sess_body');
    expect(client.getState()).toMatchObject({
      status: 'not-sampled',
      sampled: false,
      sessionId: 'sess_body',
    });
    expect(fake.log.stops).toEqual([['sess_1', 'not-sampled']]);
  });

  it('moves to halted on halt and keeps identity calls working', async () => {
    const { client, fake } = await recording();
    fake.log.hosts[0]?.halt('buffer-overflow');
    expect(client.getState()).toMatchObject({ status: 'halted', isInitialized: true });
    expect(await client.updateSession({ metadata: { a: 1 } })).toEqual({ success: true });
    client.trackEvent('dropped');
    expect(fake.log.events).toEqual([]);
  });

  it('moves to halted with an info line when the recorder cannot be loaded', async () => {
    const { client, init } = h.make({ failLoad: true });
    expect(await init()).toEqual({ success: true });
    await until(() => client.getState().status === 'halted', 'halted');
    expect(consoleLines('info').some((l) => l.includes('recorder could not be loaded'))).toBe(true);
  });

  it('sends recorder requests with the session id, gzip encoding and the 2xx JSON body', async () => {
    const { fake } = await recording();
    const { gzipSync } = await import('node:zlib');
    const outcome = await fake.log.hosts[0]!.send(
      '/batch',
      new Uint8Array(gzipSync('{"version":1,"events":[]}')),
      { gzip: true },
    );
    expect(outcome).toEqual({
      reached: true,
      status: 200,
      json: { success: true, sessionId: 'sess_1', messageId: 'msg_1' },
    });
    const [req] = h.server.requestsTo('/batch');
    expect(req?.headers['content-encoding']).toBe('gzip');
    expect(req?.headers['x-milana-session-id']).toBe('sess_1');
    expect(req?.json).toEqual({ version: 1, events: [] });
  });

  it('gives the recorder the JSON of a non-2xx answer (§8.3 deviation) and never rejects on a network error', async () => {
    const { fake } = await recording();
    h.server.enqueue('/batch', { status: 500, json: { success: false } }, { networkError: true });
    expect(await fake.log.hosts[0]!.send('/batch', '{}')).toEqual({
      reached: true,
      status: 500,
      json: { success: false },
    });
    expect(await fake.log.hosts[0]!.send('/batch', '{}')).toMatchObject({
      reached: false,
      status: 0,
    });
  });

  it('hands the recorder a URL sanitiser configured from the privacy options', async () => {
    const { init, fake } = h.make();
    await init({ privacy: { queryTrackingParamsDenyList: [/^plan$/g] } });
    await until(() => fake.log.hosts.length === 1, 'recorder start');
    const host = fake.log.hosts[0]!;
    expect(host.sanitizeUrl('https://a.example/x?plan=team&keep=1#frag')).toBe(
      'https://a.example/x?plan=--redacted--&keep=1',
    );
    expect(host.options.privacy?.queryTrackingParamsDenyList).toHaveLength(1);
  });
});

describe('the capture held across a restart (§16, §23)', () => {
  /** A recording session whose restart is under way, its `/session` failing while `failing`. */
  async function restarting(failing = true) {
    const made = await recording();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    if (failing) h.server.setDefault('/session', { status: 503, body: '' });
    made.fake.log.hosts[0]?.requestRestart();
    await h.idle();
    return made;
  }

  it('hands the next session the same recording options, so its recorder adopts the held capture', async () => {
    const { client, fake } = await restarting(false);
    await until(() => fake.log.hosts.length === 2, 'second recorder');
    expect(client.getState()).toMatchObject({ status: 'recording', sessionId: 'sess_2' });
    expect(fake.log.hosts[1]?.options).toBe(fake.log.hosts[0]?.options);
    // Only the restart reached the old recorder: nothing ended what it holds.
    expect(fake.log.stops).toEqual([['sess_1', 'restart']]);
  });

  it('ends it on stopRecording() while the new /session keeps failing', async () => {
    const { client, fake } = await restarting();
    await client.stopRecording();
    expect(fake.log.stops).toEqual([
      ['sess_1', 'restart'],
      ['sess_1', 'abort'],
    ]);
    expect(h.server.requestsTo('/batch')).toHaveLength(0);
  });

  it('ends it when consent is withdrawn while the new /session keeps failing', async () => {
    const { client, fake } = await restarting();
    client.setConsent('denied');
    expect(fake.log.stops).toEqual([
      ['sess_1', 'restart'],
      ['sess_1', 'denied'],
    ]);
  });

  it('outlives no init: a second init is refused while it is held, and the stop it needs ends it', async () => {
    const { client, fake, init } = await restarting();
    expect(await init()).toEqual({ success: false });
    expect(fake.log.stops).toEqual([['sess_1', 'restart']]);
    await client.stopRecording();
    h.server.setDefault('/session', { json: { sampled: true, sessionId: 'sess_new' } });
    await init();
    await until(() => fake.log.hosts.length === 2, 'recorder of the new init');
    expect(fake.log.stops).toEqual([
      ['sess_1', 'restart'],
      ['sess_1', 'abort'],
    ]);
    // Another init has other options: the recorder never hands it a capture held for the old one.
    expect(fake.log.hosts[1]?.options).not.toBe(fake.log.hosts[0]?.options);
  });

  it('ends it, sending nothing, when the new session is not sampled', async () => {
    const { client, fake } = await recording();
    h.server.enqueue('/session', { json: { sampled: false, sessionId: 'sess_ns' } });
    fake.log.hosts[0]?.requestRestart();
    await until(() => client.getState().status === 'not-sampled', 'not sampled');
    expect(fake.log.stops).toEqual([
      ['sess_1', 'restart'],
      ['sess_1', undefined],
    ]);
    expect(fake.log.hosts).toHaveLength(1);
  });

  it('ends it when the recorder of the new session cannot be loaded (halt)', async () => {
    const fake = fakeRecorder();
    let loads = 0;
    const client = createMilana({
      loadRecorder: () => (++loads > 1 ? Promise.reject(new Error('gone')) : fake.loader()),
    });
    h.clients.push(client);
    await client.init(PRODUCT_ID, CLIENT_KEY, SESSION_INFO, { endpoint: h.server.url });
    await until(() => fake.log.hosts.length === 1, 'recorder start');
    fake.log.hosts[0]?.requestRestart();
    await until(() => client.getState().status === 'halted', 'halted');
    expect(fake.log.stops).toEqual([
      ['sess_1', 'restart'],
      ['sess_1', undefined],
    ]);
  });
});
