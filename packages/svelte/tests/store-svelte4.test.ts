import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MilanaClient, MilanaState, StateListener } from '@milana-js/core';

// Svelte 4's `svelte/store` has everything this package uses except `fromStore`, which reads as
// undefined there (the key is kept because Vitest's mocks throw on a missing export).
vi.mock('svelte/store', async (importOriginal) => {
  const actual = await importOriginal<typeof import('svelte/store')>();
  return { ...actual, fromStore: undefined };
});

afterEach(() => {
  vi.resetModules();
});

function fakeClient(): { client: MilanaClient; publish: (patch: Partial<MilanaState>) => void } {
  let state: MilanaState = Object.freeze({
    status: 'idle',
    isInitialized: false,
    sessionId: null,
    sampled: null,
    user: null,
    session: null,
  });
  const listeners = new Set<StateListener>();
  const publish = (patch: Partial<MilanaState>) => {
    // MilanaState is a union keyed by status; the test's patches keep each snapshot consistent.
    state = Object.freeze({ ...state, ...patch }) as MilanaState;
    listeners.forEach((l) => l(state));
  };
  const client = {
    getState: () => state,
    listen: (l: StateListener) => (listeners.add(l), () => void listeners.delete(l)),
  } as unknown as MilanaClient;
  return { client, publish };
}

describe('the Milana store without fromStore (Svelte 4)', () => {
  it('reads .current as a plain getter that is always fresh', async () => {
    const { createMilanaBridge } = await import('../src/store');
    const { client, publish } = fakeClient();
    const milana = createMilanaBridge(client, () => Promise.resolve({ success: false }));
    expect(milana.current.isInitialized).toBe(false);
    publish({ status: 'recording', isInitialized: true, sessionId: 'sess_1' });
    expect(milana.current.isInitialized).toBe(true);
    expect(milana.current.state).toBe(client.getState());
  });

  it('still serves the store contract', async () => {
    const { createMilanaBridge } = await import('../src/store');
    const { client, publish } = fakeClient();
    const milana = createMilanaBridge(client, () => Promise.resolve({ success: false }));
    const statuses: string[] = [];
    const off = milana.subscribe((value) => void statuses.push(value.state.status));
    publish({ status: 'initializing' });
    off();
    publish({ status: 'recording' });
    expect(statuses).toEqual(['idle', 'initializing']);
  });
});
