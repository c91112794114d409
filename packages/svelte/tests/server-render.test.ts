// @vitest-environment node
import { render } from 'svelte/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDefaultClient } from '@milana-js/core';
import { createMilana } from '../src/index';
import CurrentReader from './CurrentReader.svelte';
import LegacyReader from './LegacyReader.svelte';
import MilanaApp from './MilanaApp.svelte';
import RunesReader from './RunesReader.svelte';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO } from './helpers';

afterEach(() => {
  vi.restoreAllMocks();
});

const config = {
  productId: PRODUCT_ID,
  clientKey: CLIENT_KEY,
  sessionInfo: SESSION_INFO,
  options: { endpoint: 'http://127.0.0.1:9' },
};

describe('server rendering', () => {
  it('renders the anonymous state and touches no browser global, request or listener', () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    const client = getDefaultClient();
    const listen = vi.spyOn(client, 'listen');

    const app = render(MilanaApp, { props: { config } });
    const milana = createMilana(config);
    const pages = [
      app,
      render(RunesReader, { props: { milana } }),
      render(LegacyReader, { props: { milana } }),
      render(CurrentReader, { props: { milana } }),
    ];
    const html = pages.map((page) => page.body).join('\n');

    expect(html).toContain('waiting');
    expect(html).toContain('idle');
    expect(html).toContain('anonymous');
    expect(client.getState().status).toBe('idle');
    expect(listen).not.toHaveBeenCalled();
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    expect(typeof window).toBe('undefined');
  });

  it('resolves every call to { success: false } on the server', async () => {
    const milana = createMilana({ ...config, shouldDeferInitialization: true });
    expect(await milana.initialize()).toEqual({ success: false });
    expect(await milana.identify({ userId: 'u_1', email: 'one@example.com' })).toEqual({
      success: false,
    });
    expect(() => milana.trackEvent('server_side')).not.toThrow();
    expect(milana.current.isInitialized).toBe(false);
  });
});
