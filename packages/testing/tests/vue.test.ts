import { createApp, defineComponent, h, nextTick } from 'vue';
import { describe, expect, it } from 'vitest';
import { useMilana, type UseMilana } from '@milana-js/vue';
import { MockMilanaPlugin, createMockMilana, type MockMilanaPluginOptions } from '../src/vue';

function mountWith(options?: MockMilanaPluginOptions) {
  let milana: UseMilana | undefined;
  const Probe = defineComponent({
    setup() {
      milana = useMilana();
      return () => h('p', milana!.isInitialized.value ? 'ready' : 'waiting');
    },
  });
  const el = document.createElement('div');
  const app = createApp(Probe);
  if (options) app.use(MockMilanaPlugin, options);
  else app.use(MockMilanaPlugin);
  app.mount(el);
  return { el, app, milana: milana! };
}

describe('MockMilanaPlugin', () => {
  it('serves useMilana() from the mock and records every call', async () => {
    const mock = createMockMilana();
    const { el, app, milana } = mountWith({ mock });
    expect(el.textContent).toBe('ready');
    expect(await milana.identify({ userId: 'u_1', email: 'one@example.com' })).toEqual({
      success: true,
    });
    milana.trackEvent('checkout_clicked', { plan: 'pro' });
    expect(mock.getEventCalls('checkout_clicked')).toEqual([
      {
        method: 'trackEvent',
        args: { eventName: 'checkout_clicked', attributes: { plan: 'pro' } },
      },
    ]);
    expect(mock.calls[0]).toEqual({
      method: 'identify',
      args: { userId: 'u_1', email: 'one@example.com' },
    });
    expect(milana.state.value.user?.email).toBe('one@example.com');
    app.unmount();
  });

  it('follows stopRecording and initialize through the refs', async () => {
    const mock = createMockMilana();
    const { el, app, milana } = mountWith({ mock });
    await milana.stopRecording();
    await nextTick();
    expect(milana.isInitialized.value).toBe(false);
    expect(el.textContent).toBe('waiting');
    expect(await milana.initialize()).toEqual({ success: true });
    await nextTick();
    expect(el.textContent).toBe('ready');
    expect(mock.calls.map((c) => c.method)).toEqual(['stopRecording', 'initialize']);
    app.unmount();
  });

  it('creates its own mock when none is passed', () => {
    const { el, app, milana } = mountWith();
    expect(el.textContent).toBe('ready');
    milana.trackEvent('alone');
    expect((milana.client as ReturnType<typeof createMockMilana>).getEventCalls()).toHaveLength(1);
    app.unmount();
  });
});
