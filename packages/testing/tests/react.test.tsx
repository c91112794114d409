import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StrictMode, type ReactNode } from 'react';
import { useMilana, useMilanaOptional, useMilanaState } from '@milana-js/react';
import { MockMilanaProvider, createMockMilana, type MockMilana } from '../src/react';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function SignupButton() {
  const { identify, trackEvent, isInitialized } = useMilana();
  return (
    <button
      type="button"
      onClick={() => {
        void identify({ userId: 'u1', email: 'ada@example.com' });
        trackEvent('signed_up', { plan: 'pro' });
      }}
    >
      {isInitialized ? 'ready' : 'off'}
    </button>
  );
}

describe.each([
  { mode: 'without StrictMode', wrap: (node: ReactNode) => node },
  { mode: 'under StrictMode', wrap: (node: ReactNode) => <StrictMode>{node}</StrictMode> },
])('MockMilanaProvider $mode', ({ wrap }) => {
  it('lets app components call useMilana() and records what they do', () => {
    const milana = createMockMilana();
    render(
      wrap(
        <MockMilanaProvider mock={milana}>
          <SignupButton />
        </MockMilanaProvider>,
      ),
    );
    expect(screen.getByRole('button').textContent).toBe('ready');
    act(() => screen.getByRole('button').click());
    expect(milana.calls).toEqual([
      { method: 'identify', args: { userId: 'u1', email: 'ada@example.com' } },
      { method: 'trackEvent', args: { eventName: 'signed_up', attributes: { plan: 'pro' } } },
    ]);
    expect(milana.getEventCalls('signed_up')).toEqual([milana.calls[1]]);
  });

  it('records setConsent from a consent banner', () => {
    const milana = createMockMilana();
    function Banner() {
      const { setConsent } = useMilana();
      return <button onClick={() => setConsent('granted')}>Accept</button>;
    }
    render(
      wrap(
        <MockMilanaProvider mock={milana}>
          <Banner />
        </MockMilanaProvider>,
      ),
    );
    act(() => screen.getByRole('button').click());
    expect(milana.calls.filter((c) => c.method === 'setConsent')).toEqual([
      { method: 'setConsent', args: 'granted' },
    ]);
  });

  it('shows isInitialized false after stopRecording and true again after initialize', async () => {
    const milana = createMockMilana();
    const { result } = renderHook(() => useMilana(), {
      wrapper: ({ children }) =>
        wrap(<MockMilanaProvider mock={milana}>{children}</MockMilanaProvider>),
    });
    expect(result.current.isInitialized).toBe(true);
    await act(async () => {
      await result.current.stopRecording();
    });
    expect(result.current.isInitialized).toBe(false);
    await act(async () => {
      expect(await result.current.initialize()).toEqual({ success: true });
    });
    expect(result.current.isInitialized).toBe(true);
    expect(milana.calls.map((call) => call.method)).toEqual(['stopRecording', 'initialize']);
  });

  it('creates its own mock when none is passed', () => {
    const { result } = renderHook(
      () => [useMilanaOptional(), useMilanaState((s) => s.status)] as const,
      {
        wrapper: ({ children }) => wrap(<MockMilanaProvider>{children}</MockMilanaProvider>),
      },
    );
    expect(result.current[0]?.isInitialized).toBe(true);
    expect(result.current[1]).toBe('recording');
    expect((result.current[0]?.client as MockMilana).calls).toEqual([]);
  });

  it('feeds useMilanaState from the mock state', async () => {
    const milana = createMockMilana();
    function Greeting() {
      return <p data-testid="who">{useMilanaState((s) => s.user?.email ?? 'anonymous')}</p>;
    }
    render(
      wrap(
        <MockMilanaProvider mock={milana}>
          <Greeting />
        </MockMilanaProvider>,
      ),
    );
    expect(screen.getByTestId('who').textContent).toBe('anonymous');
    await act(async () => {
      await milana.identify({ userId: 'u1', email: 'ada@example.com' });
    });
    expect(screen.getByTestId('who').textContent).toBe('ada@example.com');
  });

  it('touches no network, storage or timer while rendering and recording calls', async () => {
    const spies = [
      vi.spyOn(globalThis, 'fetch'),
      vi.spyOn(globalThis, 'setTimeout'),
      vi.spyOn(globalThis, 'setInterval'),
      vi.spyOn(Storage.prototype, 'getItem'),
      vi.spyOn(Storage.prototype, 'setItem'),
      vi.spyOn(Storage.prototype, 'removeItem'),
    ];
    const milana = createMockMilana();
    render(
      wrap(
        <MockMilanaProvider mock={milana}>
          <SignupButton />
        </MockMilanaProvider>,
      ),
    );
    act(() => screen.getByRole('button').click());
    await act(async () => {
      await milana.stopRecording();
      await milana.initialize();
    });
    // React itself may schedule work; what matters is that no spy saw a call from the mock path,
    // so the spies are checked before React's own teardown runs.
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});
