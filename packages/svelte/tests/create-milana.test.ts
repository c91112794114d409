import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupTestServer } from '@milana-js/test-server';
import { getDefaultClient, type Result } from '@milana-js/core';
import { createMilana, type MilanaStoreConfig } from '../src/index';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO, createTestClient, flushPromises } from './helpers';

const server = setupTestServer({ beforeAll, afterAll, beforeEach });
afterEach(() => {
  vi.restoreAllMocks();
});

function config(extra: Partial<MilanaStoreConfig> = {}): MilanaStoreConfig {
  return {
    productId: PRODUCT_ID,
    clientKey: CLIENT_KEY,
    sessionInfo: SESSION_INFO,
    options: { endpoint: server().url },
    ...extra,
  };
}

describe('createMilana', () => {
  it('starts exactly one session at creation in the browser, with caller type core', async () => {
    const { client } = createTestClient();
    createMilana(config({ client }));
    createMilana(config({ client }));
    expect(client.getState().status).toBe('initializing');
    await vi.waitFor(() => expect(client.getState().status).toBe('recording'));
    await flushPromises();
    const sessions = server().requestsTo('/session');
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.headers['x-milana-caller-type']).toBe('core');
  });

  it('waits with the consent option pending; the store value is the state, setConsent starts it', async () => {
    const { client } = createTestClient();
    const milana = createMilana(config({ client, consent: 'pending' }));
    expect(client.getState().status).toBe('awaiting-consent');
    expect(milana.current.status).toBe('awaiting-consent');
    const held = milana.identify({ userId: 'u_1', email: 'one@example.com' });
    await flushPromises();
    expect(server().requests).toHaveLength(0);
    milana.setConsent('granted');
    expect(await held).toEqual({ success: true });
    expect(milana.current).toMatchObject({ status: 'recording', isInitialized: true });
    expect(milana.current.user?.email).toBe('one@example.com');
    milana.setConsent('denied');
    expect(milana.current).toMatchObject({ status: 'stopped', isInitialized: false, user: null });
    expect(server().requests.map((r) => r.path)).toEqual(['/session', '/update']);
  });

  it('delivers calls made before the session is ready once it has started', async () => {
    const { client, recorder } = createTestClient();
    const milana = createMilana(config({ client }));
    const results: Promise<Result>[] = [
      milana.identify({ userId: 'u_early', email: 'early@example.com' }),
      milana.updateSession({ metadata: { source: 'store' } }),
    ];
    milana.trackEvent('opened_before_init');
    expect(await Promise.all(results)).toEqual([{ success: true }, { success: true }]);
    const bodies = JSON.stringify(
      server()
        .requestsTo('/update')
        .map((r) => r.json),
    );
    expect(bodies).toContain('early@example.com');
    expect(bodies).toContain('store');
    await vi.waitFor(() =>
      expect(recorder.events.map((e) => e.name)).toEqual(['opened_before_init']),
    );
  });

  it('waits for initialize() when deferred, starts once, and starts again after stopRecording', async () => {
    const { client } = createTestClient();
    const milana = createMilana(config({ client, shouldDeferInitialization: true }));
    await flushPromises();
    expect(client.getState().status).toBe('idle');
    expect(server().requests).toHaveLength(0);

    const [first, concurrent] = await Promise.all([milana.initialize(), milana.initialize()]);
    expect(first).toEqual({ success: true });
    expect(concurrent).toEqual({ success: true });
    expect(await milana.initialize()).toEqual({ success: false });
    expect(server().requestsTo('/session')).toHaveLength(1);

    expect(await milana.stopRecording()).toEqual({ success: true });
    expect(await milana.initialize()).toEqual({ success: true });
    expect(server().requestsTo('/session')).toHaveLength(2);
  });

  it('ignores later edits to the config object', async () => {
    const { client } = createTestClient();
    const settings = config({ client, shouldDeferInitialization: true });
    const milana = createMilana(settings);
    settings.productId = 'not-a-product';
    expect(await milana.initialize()).toEqual({ success: true });
    expect(server().requestsTo('/session')[0]!.headers['x-milana-product-id']).toBe(PRODUCT_ID);
  });

  it('logs one line and starts nothing when the config is missing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const milana = (createMilana as (config?: unknown) => ReturnType<typeof createMilana>)();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /^Milana: createMilana: config must be an object/,
    );
    expect(await milana.initialize()).toEqual({ success: false });
    expect(server().requests).toHaveLength(0);
  });

  it('uses the page default client when no client is passed', async () => {
    server().enqueue('/session', { json: { sampled: false, sessionId: 'sess_default' } });
    const milana = createMilana(config());
    expect(milana.client).toBe(getDefaultClient());
    await vi.waitFor(() => expect(milana.current.state.status).toBe('not-sampled'));
    expect(getDefaultClient().getState().sessionId).toBe('sess_default');
    await milana.stopRecording();
  });
});
