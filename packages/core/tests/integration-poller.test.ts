import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  INTEGRATIONS_PERIOD_MS,
  INTEGRATIONS_WARMUP_MS,
  detectIntegrations,
} from '../src/integrations';
import { useHarness } from './helpers/harness';
import { until } from './helpers/fixtures';

// The real detector, watched: every run of the module's real schedule is one call.
vi.mock('../src/integrations', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/integrations')>();
  const watched = vi.fn(actual.detectIntegrations);
  const pollIntegrations: typeof actual.pollIntegrations = (kinds, ready, submit) =>
    actual.pollIntegrations(kinds, ready, submit, watched);
  return { ...actual, detectIntegrations: watched, pollIntegrations };
});
const detect = vi.mocked(detectIntegrations);

const h = useHarness();

beforeEach(() => {
  detect.mockClear();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});

/** Sets the Sentry replay id the detector finds in sessionStorage. */
const replay = (id: string): void =>
  sessionStorage.setItem('sentryReplaySession', JSON.stringify({ id }));

/** Waits for the first detection: it runs once the lazily loaded detection module arrives. */
async function firstRun(): Promise<void> {
  await until(() => detect.mock.calls.length > 0, 'the first detection');
  await h.idle();
}

/** A ready client polling for Sentry, after its first detection. */
async function polling() {
  replay('replay_1');
  const made = h.make();
  expect(await made.init({ integrations: ['sentry'] })).toEqual({ success: true });
  await firstRun();
  return made;
}

/** Advances the fake clock and waits for the requests it caused. */
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await h.idle();
}

describe('integration polling (§7.7)', () => {
  it('runs when the session is ready, again 5 s later, then every 30 s', async () => {
    expect(INTEGRATIONS_WARMUP_MS).toBe(5_000);
    expect(INTEGRATIONS_PERIOD_MS).toBe(30_000);
    await polling();
    expect(detect).toHaveBeenCalledTimes(1);
    await advance(4_999);
    expect(detect).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(detect).toHaveBeenCalledTimes(2);
    await advance(29_999);
    expect(detect).toHaveBeenCalledTimes(2);
    await advance(1);
    expect(detect).toHaveBeenCalledTimes(3);
    await advance(60_000);
    expect(detect).toHaveBeenCalledTimes(5);
  });

  it('sends detected integrations through dedup, re-checks on schedule and stops on stopRecording', async () => {
    const { client } = await polling();
    expect(h.server.requestsTo('/update').map((r) => r.bodyText)).toEqual([
      '{"session":{"integrations":{"sentry":{"replayId":"replay_1"}}}}',
    ]);
    await advance(INTEGRATIONS_WARMUP_MS);
    expect(h.server.requestsTo('/update')).toHaveLength(1);
    replay('replay_2');
    await advance(INTEGRATIONS_PERIOD_MS);
    expect(h.server.requestsTo('/update')[1]?.json).toEqual({
      session: { integrations: { sentry: { replayId: 'replay_2' } } },
    });
    expect(client.getState().session).toEqual({
      integrations: { sentry: { replayId: 'replay_2' } },
    });
    await client.stopRecording();
    replay('replay_3');
    await advance(INTEGRATIONS_PERIOD_MS * 3);
    expect(h.server.requestsTo('/update')).toHaveLength(2);
  });

  it('sends nothing when nothing was found', async () => {
    const { init } = h.make();
    await init({ integrations: ['sentry', 'posthog'] });
    await firstRun();
    await advance(100_000);
    // At 0, 5, 35, 65 and 95 s.
    expect(detect).toHaveBeenCalledTimes(5);
    expect(h.server.requestsTo('/update')).toHaveLength(0);
  });

  it('reads no storage and schedules nothing when integrations are not enabled', async () => {
    replay('replay_1');
    const { init } = h.make();
    await init();
    await advance(100_000);
    expect(detect).not.toHaveBeenCalled();
    expect(h.server.requestsTo('/update')).toHaveLength(0);
  });

  it('runs no more after stopRecording', async () => {
    const { client } = await polling();
    await advance(INTEGRATIONS_WARMUP_MS);
    await client.stopRecording();
    await advance(100_000);
    expect(detect).toHaveBeenCalledTimes(2);
  });

  it('keeps polling across a server-driven restart, on the schedule it had', async () => {
    const { client, fake } = await polling();
    await advance(1_000);
    fake.log.hosts[0]?.requestRestart();
    await h.idle();
    expect(client.getState().sessionId).toBe('sess_2');
    // The restarted session did not start a second schedule.
    expect(detect).toHaveBeenCalledTimes(1);
    replay('replay_2');
    await advance(INTEGRATIONS_WARMUP_MS - 1_000);
    expect(detect).toHaveBeenCalledTimes(2);
    const last = h.server.requestsTo('/update').at(-1);
    expect(last?.headers['x-milana-session-id']).toBe('sess_2');
    expect(last?.json).toEqual({ session: { integrations: { sentry: { replayId: 'replay_2' } } } });
  });

  it('skips runs while no session is ready (during a restart) and keeps its schedule', async () => {
    const { client, fake } = await polling();
    // The §23 retry schedule without its jitter.
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    // The restart's first three attempts fail (at 0 s, 1 s and 6 s); the fourth (21 s) succeeds.
    h.server.enqueue(
      '/session',
      { networkError: true },
      { networkError: true },
      { networkError: true },
    );
    fake.log.hosts[0]?.requestRestart();
    await h.idle();
    await advance(1_000);
    await advance(4_000);
    expect(client.getState().status).toBe('initializing');
    expect(detect).toHaveBeenCalledTimes(1);
    await advance(1_000);
    await advance(15_000);
    expect(client.getState().status).toBe('recording');
    expect(detect).toHaveBeenCalledTimes(1);
    replay('replay_2');
    await advance(INTEGRATIONS_PERIOD_MS - 16_000);
    expect(detect).toHaveBeenCalledTimes(2);
    expect(h.server.requestsTo('/update').at(-1)?.json).toEqual({
      session: { integrations: { sentry: { replayId: 'replay_2' } } },
    });
  });

  it('survives storage that throws while detecting', async () => {
    const { client } = await polling();
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new Error('storage exploded');
    });
    await advance(INTEGRATIONS_WARMUP_MS);
    expect(detect).toHaveBeenCalledTimes(2);
    expect(client.getState().status).toBe('recording');
    expect(await client.updateSession({ appSessionId: 'a' })).toEqual({ success: true });
  });
});
