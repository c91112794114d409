import { createApp, defineComponent, effectScope, h, nextTick } from 'vue';
import { mount } from '@vue/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupTestServer } from '@milana-js/test-server';
import type { MilanaClient, Result } from '@milana-js/core';
import {
  MilanaInjectionKey,
  MilanaPlugin,
  useMilana,
  type MilanaPluginOptions,
  type UseMilana,
} from '../src/index';
import CheckoutPanel from './CheckoutPanel.vue';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO, createTestClient } from './helpers';

const server = setupTestServer({ beforeAll, afterAll, beforeEach });

const plugin = (
  client: MilanaClient,
  shouldDeferInitialization = false,
): [typeof MilanaPlugin, MilanaPluginOptions] => [
  MilanaPlugin,
  {
    client,
    productId: PRODUCT_ID,
    clientKey: CLIENT_KEY,
    sessionInfo: SESSION_INFO,
    options: { endpoint: server().url },
    shouldDeferInitialization,
  },
];

describe('useMilana', () => {
  it('updates isInitialized and state in a <script setup> component as the session starts and the user is identified', async () => {
    const { client, recorder } = createTestClient();
    const wrapper = mount(CheckoutPanel, {
      props: { userId: 'u_1', email: 'one@example.com' },
      global: { plugins: [plugin(client)] },
    });
    expect(wrapper.get('[data-test=ready]').text()).toBe('waiting');
    await vi.waitFor(() => expect(wrapper.get('[data-test=ready]').text()).toBe('ready'));
    expect(wrapper.get('[data-test=status]').text()).toBe('recording');

    await wrapper.get('[data-test=buy]').trigger('click');
    await vi.waitFor(() => expect(wrapper.get('[data-test=user]').text()).toBe('one@example.com'));
    await vi.waitFor(() => expect(wrapper.get('[data-test=result]').text()).toBe('true'));
    await vi.waitFor(() =>
      expect(recorder.events).toEqual([
        { name: 'checkout_clicked', attributes: { plan: 'pro', seats: 3 } },
      ]),
    );
    wrapper.unmount();
  });

  it('delivers calls made before the session is ready once it has started', async () => {
    const { client, recorder } = createTestClient();
    const results: Promise<Result>[] = [];
    const Early = defineComponent({
      setup() {
        const milana = useMilana();
        results.push(milana.identify({ userId: 'u_early', email: 'early@example.com' }));
        results.push(milana.updateSession({ metadata: { source: 'setup' } }));
        milana.trackEvent('opened_before_init');
        return () => h('div');
      },
    });
    const wrapper = mount(Early, { global: { plugins: [plugin(client)] } });
    expect(await Promise.all(results)).toEqual([{ success: true }, { success: true }]);
    const updates = server().requestsTo('/update');
    expect(updates.length).toBeGreaterThan(0);
    expect(JSON.stringify(updates.map((r) => r.json))).toContain('early@example.com');
    expect(JSON.stringify(updates.map((r) => r.json))).toContain('setup');
    await vi.waitFor(() =>
      expect(recorder.events.map((e) => e.name)).toEqual(['opened_before_init']),
    );
    expect(client.getState().user?.userId).toBe('u_early');
    wrapper.unmount();
  });

  it('stops following the client after unmount and releases every listener', async () => {
    const { client, listeners } = createTestClient();
    const seen: UseMilana[] = [];
    const Reader = defineComponent({
      setup() {
        seen.push(useMilana());
        return () => h('div');
      },
    });
    const wrapper = mount(defineComponent({ render: () => [h(Reader), h(Reader), h(Reader)] }), {
      global: { plugins: [plugin(client, true)] },
    });
    expect(listeners()).toBe(3);

    await seen[0]!.initialize();
    await nextTick();
    expect(seen.map((m) => m.isInitialized.value)).toEqual([true, true, true]);
    expect(seen[0]!.state.value).toBe(client.getState());

    wrapper.unmount();
    expect(listeners()).toBe(0);
    const frozen = seen[0]!.state.value;
    await client.stopRecording();
    await nextTick(); // Vue has flushed whatever the change would have scheduled
    expect(client.getState().status).toBe('stopped');
    expect(seen[0]!.state.value).toBe(frozen);
    expect(seen[0]!.isInitialized.value).toBe(true);
  });

  it('releases its listener when an effect scope outside a component stops', () => {
    const { client, listeners } = createTestClient();
    const app = createApp({ render: () => null });
    app.provide(MilanaInjectionKey, {
      client,
      initialize: () => Promise.resolve({ success: false }),
    });
    const scope = effectScope();
    const milana = app.runWithContext(() => scope.run(() => useMilana()));
    expect(milana?.state.value.status).toBe('idle');
    expect(listeners()).toBe(1);
    scope.stop();
    expect(listeners()).toBe(0);
  });

  it('throws a clear error when called outside setup', () => {
    expect(() => useMilana()).toThrow(/^Milana: useMilana\(\) must be called inside setup\(\)/);
  });

  it('throws a clear error when MilanaPlugin is not installed', () => {
    const Orphan = defineComponent({
      setup() {
        useMilana();
        return () => h('div');
      },
    });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => mount(Orphan)).toThrow(/^Milana: useMilana\(\) found no MilanaPlugin/);
    vi.restoreAllMocks();
  });
});
