import { createApp, defineComponent, h } from 'vue';
import { mount } from '@vue/test-utils';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupTestServer } from '@milana-js/test-server';
import { getDefaultClient } from '@milana-js/core';
import { MilanaPlugin, useMilana, type MilanaPluginOptions } from '../src/index';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO, createTestClient, flushPromises } from './helpers';

const server = setupTestServer({ beforeAll, afterAll, beforeEach });
afterEach(() => {
  vi.restoreAllMocks();
});

const Empty = defineComponent({ render: () => h('div') });

function pluginOptions(extra: Partial<MilanaPluginOptions> = {}): MilanaPluginOptions {
  return {
    productId: PRODUCT_ID,
    clientKey: CLIENT_KEY,
    sessionInfo: SESSION_INFO,
    options: { endpoint: server().url },
    ...extra,
  };
}

describe('MilanaPlugin', () => {
  it('starts exactly one session when the app mounts, with caller type core', async () => {
    const { client } = createTestClient();
    const wrapper = mount(Empty, {
      global: { plugins: [[MilanaPlugin, pluginOptions({ client })]] },
    });
    await vi.waitFor(() => expect(client.getState().status).toBe('recording'));
    await flushPromises();
    const sessions = server().requestsTo('/session');
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.headers['x-milana-caller-type']).toBe('core');
    wrapper.unmount();
  });

  it('starts nothing when installed on an app that is never mounted', async () => {
    const { client } = createTestClient();
    createApp(Empty).use(MilanaPlugin, pluginOptions({ client }));
    await flushPromises();
    expect(client.getState().status).toBe('idle');
    expect(server().requests).toHaveLength(0);
  });

  it('shares one session between two apps that use the same client', async () => {
    const { client } = createTestClient();
    const first = mount(Empty, {
      global: { plugins: [[MilanaPlugin, pluginOptions({ client })]] },
    });
    const second = mount(Empty, {
      global: { plugins: [[MilanaPlugin, pluginOptions({ client })]] },
    });
    await vi.waitFor(() => expect(client.getState().status).toBe('recording'));
    await flushPromises();
    expect(server().requestsTo('/session')).toHaveLength(1);
    first.unmount();
    second.unmount();
  });

  it('waits for initialize() when shouldDeferInitialization is set, and starts again after stopRecording', async () => {
    const { client } = createTestClient();
    let milana: ReturnType<typeof useMilana> | undefined;
    const Consent = defineComponent({
      setup() {
        milana = useMilana();
        return () => h('div');
      },
    });
    const wrapper = mount(Consent, {
      global: {
        plugins: [[MilanaPlugin, pluginOptions({ client, shouldDeferInitialization: true })]],
      },
    });
    await flushPromises();
    expect(server().requestsTo('/session')).toHaveLength(0);
    expect(client.getState().status).toBe('idle');

    const [first, concurrent] = await Promise.all([milana!.initialize(), milana!.initialize()]);
    expect(first).toEqual({ success: true });
    expect(concurrent).toEqual({ success: true });
    expect(await milana!.initialize()).toEqual({ success: false });
    expect(server().requestsTo('/session')).toHaveLength(1);

    expect(await milana!.stopRecording()).toEqual({ success: true });
    expect(await milana!.initialize()).toEqual({ success: true });
    expect(server().requestsTo('/session')).toHaveLength(2);
    wrapper.unmount();
  });

  it('waits with the consent option pending; setConsent from useMilana() starts the session', async () => {
    const { client } = createTestClient();
    let milana: ReturnType<typeof useMilana> | undefined;
    const Banner = defineComponent({
      setup() {
        milana = useMilana();
        return () => h('div');
      },
    });
    const wrapper = mount(Banner, {
      global: { plugins: [[MilanaPlugin, pluginOptions({ client, consent: 'pending' })]] },
    });
    await flushPromises();
    expect(client.getState().status).toBe('awaiting-consent');
    expect(milana!.state.value.status).toBe('awaiting-consent');
    const held = milana!.updateSession({ metadata: { plan: 'pro' } });
    await flushPromises();
    expect(server().requests).toHaveLength(0);
    milana!.setConsent('granted');
    expect(await held).toEqual({ success: true });
    expect(milana!.isInitialized.value).toBe(true);
    expect(server().requests.map((r) => r.path)).toEqual(['/session', '/update']);
    wrapper.unmount();
  });

  it('starts nothing from initialize() once the app has unmounted', async () => {
    const { client } = createTestClient();
    let initialize: (() => Promise<{ success: boolean }>) | undefined;
    const Late = defineComponent({
      setup() {
        initialize = useMilana().initialize;
        return () => h('div');
      },
    });
    const wrapper = mount(Late, {
      global: {
        plugins: [[MilanaPlugin, pluginOptions({ client, shouldDeferInitialization: true })]],
      },
    });
    wrapper.unmount();
    expect(await initialize!()).toEqual({ success: false });
    expect(server().requests).toHaveLength(0);
  });

  it('logs one line and starts nothing when the options are missing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const app = createApp(Empty);
    (app.use as (plugin: unknown) => unknown)(MilanaPlugin);
    app.mount(document.createElement('div'));
    await flushPromises();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /^Milana: MilanaPlugin: options must be an object/,
    );
    expect(server().requests).toHaveLength(0);
    app.unmount();
  });

  it('uses the page default client when no client is passed', async () => {
    server().enqueue('/session', { json: { sampled: false, sessionId: 'sess_default' } });
    let seen: ReturnType<typeof useMilana>['client'] | undefined;
    const Probe = defineComponent({
      setup() {
        seen = useMilana().client;
        return () => h('div');
      },
    });
    const wrapper = mount(Probe, { global: { plugins: [[MilanaPlugin, pluginOptions()]] } });
    expect(seen).toBe(getDefaultClient());
    await vi.waitFor(() => expect(getDefaultClient().getState().status).toBe('not-sampled'));
    expect(getDefaultClient().getState().sessionId).toBe('sess_default');
    await getDefaultClient().stopRecording();
    wrapper.unmount();
  });
});
