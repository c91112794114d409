import { act, cleanup, render, renderHook, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupTestServer } from '@milana-js/test-server';
import { useEffect, type ReactNode } from 'react';
import {
  MilanaProvider,
  useMilana,
  useMilanaOptional,
  type MilanaContextValue,
} from '../src/index';
import { CLIENT_KEY, MODES, PRODUCT_ID, SESSION_INFO, createTestClient } from './helpers';

const server = setupTestServer({ beforeAll, afterAll, beforeEach });
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const METHODS = [
  'initialize',
  'identify',
  'update',
  'updateUser',
  'updateSession',
  'stopRecording',
  'trackEvent',
] as const;

describe.each(MODES)('useMilana $mode', ({ wrap }) => {
  function providerFor(client: ReturnType<typeof createTestClient>['client']) {
    return ({ children }: { children: ReactNode }) =>
      wrap(
        <MilanaProvider
          client={client}
          productId={PRODUCT_ID}
          clientKey={CLIENT_KEY}
          sessionInfo={SESSION_INFO}
          options={{ endpoint: server().url }}
        >
          {children}
        </MilanaProvider>,
      );
  }

  it('keeps every method identity across renders and the session start', async () => {
    const { client } = createTestClient();
    const seen: MilanaContextValue[] = [];
    const { result, rerender } = renderHook(
      () => {
        const value = useMilana();
        // Effects see committed renders only (StrictMode's discarded renders are not the app's).
        useEffect(() => void seen.push(value));
        return value;
      },
      { wrapper: providerFor(client) },
    );
    const first = result.current;
    expect(first.isInitialized).toBe(false);
    await waitFor(() => expect(result.current.isInitialized).toBe(true));
    rerender();
    rerender();
    for (const value of seen) {
      for (const name of METHODS) expect(value[name]).toBe(first[name]);
    }
    // The value object itself only changes when isInitialized does.
    expect(new Set(seen.map((value) => value)).size).toBe(2);
  });

  it('forwards calls to the client: identify reaches /update and trackEvent the recorder', async () => {
    const { client, recorder } = createTestClient();
    const { result } = renderHook(() => useMilana(), { wrapper: providerFor(client) });
    await waitFor(() => expect(result.current.isInitialized).toBe(true));
    await act(async () => {
      expect(
        await result.current.identify({ userId: 'u_7', email: 'u7@example.com', name: 'Ada' }),
      ).toEqual({ success: true });
    });
    expect(JSON.stringify(server().requestsTo('/update')[0]!.json)).toContain('u7@example.com');
    result.current.trackEvent('plan_chosen', { plan: 'pro' });
    await waitFor(() =>
      expect(recorder.events).toEqual([{ name: 'plan_chosen', attributes: { plan: 'pro' } }]),
    );
  });

  it('throws a clear error outside a provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    function Orphan() {
      useMilana();
      return null;
    }
    expect(() => render(wrap(<Orphan />))).toThrow(
      /useMilana\(\) was called outside <MilanaProvider>/,
    );
  });

  it('names the phrase existing apps match in the error outside a provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    function Orphan() {
      useMilana();
      return null;
    }
    expect(() => render(wrap(<Orphan />))).toThrow(
      'useMilana must be used within a MilanaProvider',
    );
  });

  it('returns null from useMilanaOptional outside a provider', () => {
    const { result } = renderHook(() => useMilanaOptional(), {
      wrapper: ({ children }) => wrap(children),
    });
    expect(result.current).toBeNull();
  });

  it('returns the same value from useMilanaOptional and useMilana inside a provider', async () => {
    const { client } = createTestClient();
    const { result } = renderHook(() => [useMilana(), useMilanaOptional()] as const, {
      wrapper: providerFor(client),
    });
    expect(result.current[1]).toBe(result.current[0]);
    expect(result.current[0].client).toBe(client);
    // Let the session the provider started finish before the server closes.
    await waitFor(() => expect(result.current[1]?.isInitialized).toBe(true));
    expect(result.current[1]).toBe(result.current[0]);
  });
});
