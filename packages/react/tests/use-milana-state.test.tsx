import { Profiler, type ReactNode } from 'react';
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupTestServer } from '@milana-js/test-server';
import type { MilanaClient } from '@milana-js/core';
import { MilanaProvider, useMilana, useMilanaState } from '../src/index';
import { CLIENT_KEY, MODES, PRODUCT_ID, SESSION_INFO, createTestClient } from './helpers';

const server = setupTestServer({ beforeAll, afterAll, beforeEach });
afterEach(cleanup);

describe.each(MODES)('useMilanaState $mode', ({ wrap }) => {
  const tree = (client: MilanaClient, children: ReactNode) =>
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

  it('returns the client snapshot and follows it from idle to recording', async () => {
    const { client } = createTestClient();
    const statuses: string[] = [];
    const { result } = renderHook(
      () => {
        const state = useMilanaState();
        if (statuses.at(-1) !== state.status) statuses.push(state.status);
        return state;
      },
      { wrapper: ({ children }) => tree(client, children) },
    );
    await waitFor(() => expect(result.current.status).toBe('recording'));
    expect(statuses).toEqual(['idle', 'initializing', 'recording']);
    expect(result.current).toBe(client.getState());
    expect(result.current.sessionId).toMatch(/^sess_/);
  });

  it('re-renders a selector only when the selected part changes', async () => {
    const { client } = createTestClient();
    const commits = { status: 0, user: 0 };
    function Status() {
      return <p data-testid="status">{useMilanaState((s) => s.status)}</p>;
    }
    function User() {
      return <p data-testid="user">{useMilanaState((s) => s.user?.email ?? 'anonymous')}</p>;
    }
    render(
      tree(
        client,
        <>
          <Profiler id="status" onRender={() => void commits.status++}>
            <Status />
          </Profiler>
          <Profiler id="user" onRender={() => void commits.user++}>
            <User />
          </Profiler>
        </>,
      ),
    );
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('recording'));
    const statusCommits = commits.status;
    await act(async () => {
      await client.identify({ userId: 'u_1', email: 'one@example.com' });
      await client.updateSession({ metadata: { plan: 'pro' } });
    });
    expect(screen.getByTestId('user').textContent).toBe('one@example.com');
    expect(commits.status).toBe(statusCommits);
  });

  it('renders a handful of times, not a hundred, when 100 updates land', async () => {
    const { client } = createTestClient();
    let stateRenders = 0;
    let hookRenders = 0;
    function Whole() {
      const state = useMilanaState();
      return <p data-testid="meta">{JSON.stringify(state.session?.metadata ?? null)}</p>;
    }
    function Calls() {
      useMilana();
      return null;
    }
    render(
      tree(
        client,
        <>
          <Profiler id="whole" onRender={() => void stateRenders++}>
            <Whole />
          </Profiler>
          <Profiler id="calls" onRender={() => void hookRenders++}>
            <Calls />
          </Profiler>
        </>,
      ),
    );
    await waitFor(() => expect(client.getState().status).toBe('recording'));
    await act(async () => {});
    const [stateBefore, hookBefore] = [stateRenders, hookRenders];
    await act(async () => {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => client.updateSession({ metadata: { [`k${i}`]: i } })),
      );
    });
    expect(screen.getByTestId('meta').textContent).toContain('"k99":99');
    expect(stateRenders - stateBefore).toBeGreaterThan(0);
    expect(stateRenders - stateBefore).toBeLessThanOrEqual(4);
    expect(hookRenders - hookBefore).toBe(0);
  });

  it('accepts a selector that builds a new object without looping', async () => {
    const { client } = createTestClient();
    const { result } = renderHook(
      () => useMilanaState((s) => ({ id: s.sessionId, ready: s.isInitialized })),
      {
        wrapper: ({ children }) => tree(client, children),
      },
    );
    expect(result.current).toEqual({ id: null, ready: false });
    await waitFor(() => expect(result.current.ready).toBe(true));
    expect(result.current.id).toBe(client.getState().sessionId);
  });

  it('reads the page default client outside a provider', () => {
    const { result } = renderHook(() => useMilanaState((s) => s.status), {
      wrapper: ({ children }) => wrap(children),
    });
    expect(result.current).toBe('idle');
  });
});
