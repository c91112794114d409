import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultIntegrationsLoader, type IntegrationsModule } from '../src/integrations-link';
import { createMilana, type MilanaConfig } from '../src/client';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO } from './helpers/fixtures';
import { fakeRecorder } from './helpers/fake-recorder';
import { consoleLines, useHarness } from './helpers/harness';

// The detection module is `@milana-js/core/integrations`, which vitest.config.ts resolves to
// src/integrations.ts: this mock sees every evaluation of it, whoever imports it (this file does
// not), and watches the real detector.
const evaluated = vi.hoisted(() => ({ count: 0, detect: vi.fn() }));
vi.mock('../src/integrations', async (importOriginal) => {
  evaluated.count++;
  const actual = await importOriginal<typeof import('../src/integrations')>();
  evaluated.detect.mockImplementation(actual.detectIntegrations);
  const pollIntegrations: typeof actual.pollIntegrations = (kinds, ready, submit) =>
    actual.pollIntegrations(kinds, ready, submit, evaluated.detect as Detect);
  return { ...actual, detectIntegrations: evaluated.detect, pollIntegrations };
});
type Detect = typeof import('../src/integrations').detectIntegrations;

/** A detection module whose schedule is the real one, with `detector` as its detector. */
async function moduleWith(detector: Detect): Promise<IntegrationsModule> {
  const actual = await vi.importActual<typeof import('../src/integrations')>('../src/integrations');
  return {
    pollIntegrations: (kinds, ready, submit) =>
      actual.pollIntegrations(kinds, ready, submit, detector),
  };
}
// The session's default way to that module: every call is one `import()`.
vi.mock('../src/integrations-link', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/integrations-link')>();
  return { ...actual, defaultIntegrationsLoader: vi.fn(actual.defaultIntegrationsLoader) };
});
const detect = evaluated.detect as unknown as Detect & typeof evaluated.detect;
const load = vi.mocked(defaultIntegrationsLoader);

const h = useHarness();

// The §7.7 schedule (integration-poller.test.ts checks the module's constants): importing them
// here would evaluate the module this file counts the evaluations of.
const INTEGRATIONS_WARMUP_MS = 5_000;
const INTEGRATIONS_PERIOD_MS = 30_000;

/** Unhandled rejections seen during a test (vitest would only report them after the run). */
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

beforeEach(() => {
  detect.mockClear();
  load.mockClear();
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
  sessionStorage.setItem('sentryReplaySession', JSON.stringify({ id: 'replay_1' }));
});

afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** Advances the fake clock and waits for the requests it caused. */
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await h.idle();
}

/** Waits until every import the session started has settled and the session used its result. */
async function imported(): Promise<void> {
  await Promise.allSettled(load.mock.results.map((result) => result.value as unknown));
  await h.idle();
}

/** The `/update` bodies the server got that carry integrations. */
const integrationUpdates = (): unknown[] =>
  h.server
    .requestsTo('/update')
    .map((r) => r.json as { session?: { integrations?: unknown } })
    .filter((body) => body.session?.integrations);

describe('the lazily loaded detection module (§7.7)', () => {
  // First in this file on purpose: no earlier test has imported the module yet.
  it('is never imported when the integrations option is not set or empty', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { client, fake, init } = h.make();
    expect(await init()).toEqual({ success: true });
    expect(await client.updateSession({ appSessionId: 'a' })).toEqual({ success: true });
    fake.log.hosts[0]?.requestRestart();
    await h.idle();
    expect(client.getState().sessionId).toBe('sess_2');
    await client.stopRecording();
    expect(await init({ integrations: [] })).toEqual({ success: true });
    await advance(INTEGRATIONS_PERIOD_MS * 3);
    expect(load).not.toHaveBeenCalled();
    expect(evaluated.count).toBe(0);
    expect(integrationUpdates()).toEqual([]);
  });

  it('is imported once per client, however often its sessions restart or start again', async () => {
    const { client, fake, init } = h.make();
    expect(await init({ integrations: ['sentry'] })).toEqual({ success: true });
    await imported();
    expect(detect).toHaveBeenCalledTimes(1);
    expect(evaluated.count).toBe(1);
    fake.log.hosts[0]?.requestRestart();
    await h.idle();
    expect(client.getState().sessionId).toBe('sess_2');
    await client.stopRecording();
    // A new init after stopRecording starts a new schedule at once, with the module it has.
    expect(await init({ integrations: ['sentry'] })).toEqual({ success: true });
    await imported();
    expect(detect).toHaveBeenCalledTimes(2);
    expect(load).toHaveBeenCalledTimes(1);
    // Another client loads it for itself (the import itself is cached by the module system).
    const other = h.make();
    expect(await other.init({ integrations: ['posthog'] })).toEqual({ success: true });
    await imported();
    expect(detect).toHaveBeenCalledTimes(3);
    expect(load).toHaveBeenCalledTimes(2);
    expect(evaluated.count).toBe(1);
  });

  it('starts no polling for a session stopped while the module loads', async () => {
    let arrive: (module: IntegrationsModule) => void = () => undefined;
    load.mockReturnValueOnce(new Promise((resolve) => (arrive = resolve)));
    const { client, init } = h.make();
    expect(await init({ integrations: ['sentry'] })).toEqual({ success: true });
    await client.stopRecording();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    arrive(await moduleWith(detect));
    await advance(INTEGRATIONS_PERIOD_MS * 3);
    expect(detect).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    // The next session polls with the module that arrived meanwhile, on one schedule.
    expect(await init({ integrations: ['sentry'] })).toEqual({ success: true });
    await h.idle();
    expect(detect).toHaveBeenCalledTimes(1);
    await advance(INTEGRATIONS_WARMUP_MS + INTEGRATIONS_PERIOD_MS);
    expect(detect).toHaveBeenCalledTimes(3);
    expect(load).toHaveBeenCalledTimes(1);
    expect(integrationUpdates()).toEqual([
      { session: { integrations: { sentry: { replayId: 'replay_1' } } } },
    ]);
  });

  it.each([
    ['fails to import', () => Promise.reject(new Error('chunk load failed'))],
    ['has no pollIntegrations', () => Promise.resolve({} as IntegrationsModule)],
    [
      'cannot be requested (the loader throws)',
      (): Promise<IntegrationsModule> => {
        throw new Error('loader threw');
      },
    ],
  ])(
    'when the module %s: one info line, no polling, no unhandled rejection, identity calls work',
    async (_, failure) => {
      load.mockImplementationOnce(failure);
      const { client, fake, init } = h.make();
      expect(await init({ integrations: ['sentry'] })).toEqual({ success: true });
      const failed = (): string[] =>
        consoleLines('info').filter((line) => line.includes('detection code could not be loaded'));
      await imported();
      expect(failed()).toHaveLength(1);
      expect(failed()[0]).toMatch(/^Milana: integrations: /);
      expect(await client.identify({ userId: 'u_1', email: 'dana@example.org' })).toEqual({
        success: true,
      });
      // Neither a restart nor a new init tries again or logs again.
      fake.log.hosts[0]?.requestRestart();
      await h.idle();
      await client.stopRecording();
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
      expect(await init({ integrations: ['sentry'] })).toEqual({ success: true });
      await advance(INTEGRATIONS_PERIOD_MS * 3);
      expect(await client.updateSession({ appSessionId: 'a' })).toEqual({ success: true });
      expect(load).toHaveBeenCalledTimes(1);
      expect(failed()).toHaveLength(1);
      expect(integrationUpdates()).toEqual([]);
      expect(unhandled).toEqual([]);
    },
  );
});

describe('createMilana({ loadIntegrations })', () => {
  /**
   * A client of the harness server whose config is `config` (read through its prototype, so that
   * a throwing getter throws inside createMilana) plus a fake recorder. Its requests bypass the
   * harness's fetch, so waits go through the server.
   */
  function clientWith(config: object) {
    const client = createMilana(
      Object.assign(Object.create(config) as MilanaConfig, { loadRecorder: fakeRecorder().loader }),
    );
    h.clients.push(client);
    const init = () =>
      client.init(PRODUCT_ID, CLIENT_KEY, SESSION_INFO, {
        endpoint: h.server.url,
        integrations: ['sentry'],
      });
    return { client, init };
  }

  /** The `nth` `/update` carrying integrations (1 = the first), waited for at the server. */
  async function integrationUpdate(nth = 1): Promise<unknown> {
    for (let count = 1; ; count++) {
      await h.server.waitFor('/update', count, 5_000);
      const found = integrationUpdates()[nth - 1];
      if (found) return found;
    }
  }

  it('uses the given loader instead of the default import', async () => {
    const custom = vi.fn(() => ({ sentry: { replayId: 'from_custom' } }));
    const customModule = await moduleWith(custom);
    const loadIntegrations = vi.fn(async () => customModule);
    const { client, init } = clientWith({ loadIntegrations } satisfies MilanaConfig);
    expect(await init()).toEqual({ success: true });
    const sent = { session: { integrations: { sentry: { replayId: 'from_custom' } } } };
    expect(await integrationUpdate()).toEqual(sent);
    expect(loadIntegrations).toHaveBeenCalledTimes(1);
    expect(custom).toHaveBeenCalledWith(['sentry']);
    // Once per client, as with the default import: the next session detects with what it has.
    await client.stopRecording();
    expect(await init()).toEqual({ success: true });
    expect(await integrationUpdate(2)).toEqual(sent);
    expect(loadIntegrations).toHaveBeenCalledTimes(1);
    expect(load).not.toHaveBeenCalled();
  });

  it.each([
    ['is not a function', { loadIntegrations: 'milana-integrations.js' }],
    ['is null', { loadIntegrations: null }],
    [
      'getter throws',
      {
        get loadIntegrations(): never {
          throw new Error('getter exploded');
        },
      },
    ],
  ])('falls back to the default import when the config value %s', async (_, config) => {
    const { init } = clientWith(config);
    expect(await init()).toEqual({ success: true });
    expect(await integrationUpdate()).toEqual({
      session: { integrations: { sentry: { replayId: 'replay_1' } } },
    });
    expect(load).toHaveBeenCalledTimes(1);
  });
});
