import { describe, expect, it, vi } from 'vitest';
import { bindCalls, createBinding, type BindingConfig } from '../src/binding';
import { getDefaultClient } from '../src/default-client';
import type { MilanaClient } from '../src/types';
import { consoleLines, useHarness } from './helpers/harness';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO } from './helpers/fixtures';

const h = useHarness();

function config(client: MilanaClient, extra: Partial<BindingConfig> = {}): BindingConfig {
  return {
    client,
    productId: PRODUCT_ID,
    clientKey: CLIENT_KEY,
    sessionInfo: { ...SESSION_INFO },
    options: { endpoint: h.server.url },
    ...extra,
  };
}

describe('createBinding', () => {
  it('starts with the caller type it was given, once while a session exists', async () => {
    const { client } = h.make();
    const binding = createBinding(config(client), 'react');
    expect(binding.client).toBe(client);
    expect(binding.autoStart).toBe(true);
    expect(await binding.initialize()).toEqual({ success: true });
    expect(await binding.initialize()).toEqual({ success: false });
    const sessions = h.server.requestsTo('/session');
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.headers['x-milana-caller-type']).toBe('react');
  });

  it('copies the config: later edits to the caller object change nothing', async () => {
    const { client } = h.make();
    const given = config(client, { shouldDeferInitialization: true });
    const binding = createBinding(given, 'core');
    given.productId = 'not a product id';
    given.sessionInfo = { environment: 'changed', version: '9' };
    expect(binding.autoStart).toBe(false);
    expect(await binding.initialize()).toEqual({ success: true });
    expect(h.server.requestsTo('/session')[0]?.json).toEqual(SESSION_INFO);
  });

  it('logs one line naming the binding for a config that is not an object, and starts nothing', async () => {
    const binding = createBinding(null as never, 'core', 'MilanaPlugin: options');
    expect(consoleLines('warn')).toEqual([
      'Milana: MilanaPlugin: options must be an object with productId, clientKey and sessionInfo; no session will start.',
    ]);
    expect(binding.autoStart).toBe(false);
    expect(binding.client).toBe(getDefaultClient());
    expect(await binding.initialize()).toEqual({ success: false });
    expect(h.server.requests).toHaveLength(0);
  });

  it('passes consent to init, over options.consent, and forwards setConsent', async () => {
    const { client } = h.make();
    const binding = createBinding(
      config(client, {
        consent: 'pending',
        options: { endpoint: h.server.url, consent: 'granted' },
      }),
      'core',
    );
    expect(await binding.initialize()).toEqual({ success: true });
    expect(client.getState().status).toBe('awaiting-consent');
    expect(h.server.requests).toHaveLength(0);
    binding.setConsent('granted');
    await h.server.waitFor('/session', 1);
  });

  it('forwards every call with its arguments exactly as given', () => {
    const client = { trackEvent: vi.fn(), setConsent: vi.fn() } as unknown as MilanaClient;
    const calls = bindCalls(client, { extra: 1 });
    calls.trackEvent('only-a-name');
    calls.setConsent('denied');
    expect(vi.mocked(client.trackEvent).mock.calls).toEqual([['only-a-name']]);
    expect(vi.mocked(client.setConsent).mock.calls).toEqual([['denied']]);
    expect(calls.extra).toBe(1);
  });

  it('keeps getters of the object it adds the calls to', () => {
    let reads = 0;
    const target = {
      get current() {
        return ++reads;
      },
    };
    const calls = bindCalls({} as MilanaClient, target);
    expect(reads).toBe(0);
    expect(calls.current).toBe(1);
    expect(calls.current).toBe(2);
  });
});
