// @vitest-environment node
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDefaultClient } from '@milana-js/core';
import { MilanaPlugin, useMilana } from '../src/index';
import CheckoutPanel from './CheckoutPanel.vue';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO } from './helpers';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('server rendering', () => {
  it('renders the anonymous state and touches no browser global, request or listener', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    const client = getDefaultClient();
    const listen = vi.spyOn(client, 'listen');

    const app = createSSRApp(
      defineComponent({
        render: () => h(CheckoutPanel, { userId: 'u_1', email: 'one@example.com' }),
      }),
    );
    app.use(MilanaPlugin, {
      productId: PRODUCT_ID,
      clientKey: CLIENT_KEY,
      sessionInfo: SESSION_INFO,
      options: { endpoint: 'http://127.0.0.1:9' },
    });
    const html = await renderToString(app);

    expect(html).toContain('waiting');
    expect(html).toContain('idle');
    expect(html).toContain('anonymous');
    expect(client.getState().status).toBe('idle');
    expect(listen).not.toHaveBeenCalled();
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('resolves every call to { success: false } on the server', async () => {
    let milana: ReturnType<typeof useMilana> | undefined;
    const app = createSSRApp(
      defineComponent({
        setup() {
          milana = useMilana();
          return () => h('p', 'ok');
        },
      }),
    );
    app.use(MilanaPlugin, {
      productId: PRODUCT_ID,
      clientKey: CLIENT_KEY,
      sessionInfo: SESSION_INFO,
      shouldDeferInitialization: true,
    });
    await renderToString(app);
    expect(await milana!.initialize()).toEqual({ success: false });
    expect(await milana!.identify({ userId: 'u_1', email: 'one@example.com' })).toEqual({
      success: false,
    });
    expect(() => milana!.trackEvent('server_side')).not.toThrow();
  });
});
