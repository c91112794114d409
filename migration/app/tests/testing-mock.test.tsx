// How a 1.0.x app tests its components: the mock from milana-js/testing, read through `calls`.
import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useMilana } from 'milana-js/react';
import {
  createMockMilana,
  MockMilanaProvider,
  type MockMilanaCall,
  type MockMilanaInstance,
  type MockMilanaProviderProps,
} from 'milana-js/testing';

function Checkout() {
  const { identify, trackEvent, update, isInitialized, stopRecording } = useMilana();
  return (
    <>
      <span data-testid="ready">{String(isInitialized)}</span>
      <button
        onClick={() => {
          void identify({ userId: 'u_1042', email: 'dana@example.org' });
          trackEvent('checkout_completed', { plan: 'pro', seats: 3 });
          void update({ session: { metadata: { cart: 'c_9' } } });
        }}
      >
        buy
      </button>
      <button onClick={() => void stopRecording()}>stop</button>
    </>
  );
}

function renderWith(mock: MockMilanaInstance) {
  const props: MockMilanaProviderProps = { mock, children: <Checkout /> };
  return render(<MockMilanaProvider {...props} />);
}

describe('milana-js/testing mock, as 1.0.x app tests use it', () => {
  it('records { method, args } with the single argument as given', () => {
    const mock = createMockMilana();
    renderWith(mock);
    act(() => screen.getByText('buy').click());
    const expected: MockMilanaCall[] = [
      { method: 'identify', args: { userId: 'u_1042', email: 'dana@example.org' } },
      {
        method: 'trackEvent',
        args: { eventName: 'checkout_completed', attributes: { plan: 'pro', seats: 3 } },
      },
      { method: 'update', args: { session: { metadata: { cart: 'c_9' } } } },
    ];
    expect(mock.calls).toEqual(expected);
  });

  it('getEventCalls filters on args.eventName and getUpdateCalls returns only update', async () => {
    const mock = createMockMilana();
    mock.trackEvent('a', { n: 1 });
    mock.trackEvent('b');
    mock.trackEvent('a', { n: 2 });
    await mock.identify({ userId: 'u', email: 'u@example.org' });
    await mock.updateUser({ userId: 'u', name: 'U' });
    await mock.update({ user: { userId: 'u', name: 'V' } });
    expect(mock.getEventCalls('a').map((call) => call.args.attributes)).toEqual([
      { n: 1 },
      { n: 2 },
    ]);
    expect(mock.getEventCalls()).toHaveLength(3);
    expect(mock.getUpdateCalls()).toEqual([
      { method: 'update', args: { user: { userId: 'u', name: 'V' } } },
    ]);
  });

  it('leaves args out for calls without arguments and names init arguments', async () => {
    const mock = createMockMilana();
    await mock.stopRecording();
    await mock.init('prd_x', 'key_x', { environment: 'test', version: '1' });
    mock.initCrossOriginIframe();
    expect(mock.calls[0]).toEqual({ method: 'stopRecording' });
    expect(mock.calls[0]).not.toHaveProperty('args');
    expect(mock.calls[1]).toEqual({
      method: 'init',
      args: {
        productId: 'prd_x',
        clientKey: 'key_x',
        sessionInfo: { environment: 'test', version: '1' },
      },
    });
    expect(mock.calls[2]).toEqual({ method: 'initCrossOriginIframe' });
  });

  it('records setConsent with the consent string as args', () => {
    const mock = createMockMilana();
    mock.setConsent('granted');
    expect(mock.calls).toEqual([{ method: 'setConsent', args: 'granted' }]);
  });

  it('shows isInitialized true, then false after stopRecording', () => {
    renderWith(createMockMilana());
    expect(screen.getByTestId('ready').textContent).toBe('true');
    act(() => screen.getByText('stop').click());
    expect(screen.getByTestId('ready').textContent).toBe('false');
  });

  it('merges state the way the real client does', async () => {
    const mock = createMockMilana();
    await mock.updateUser({ userId: 'u', metadata: { a: 1 } });
    await mock.updateUser({ userId: 'u', metadata: { b: 2 } });
    expect(mock.getState().user).toEqual({ userId: 'u', metadata: { a: 1, b: 2 } });
  });

  it('publishes no new snapshot for an identical repeated call', async () => {
    const mock = createMockMilana();
    const listener = vi.fn();
    mock.subscribe(listener);
    await mock.updateSession({ metadata: { plan: 'pro' } });
    await mock.updateSession({ metadata: { plan: 'pro' } });
    expect(listener).toHaveBeenCalledTimes(2); // the initial call, then one change
  });

  it('touches no network, storage or timers', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    const timeout = vi.spyOn(globalThis, 'setTimeout');
    const mock = createMockMilana();
    await mock.init('prd_x', 'key_x', { environment: 'test', version: '1' });
    await mock.identify({ userId: 'u', email: 'u@example.org' });
    mock.trackEvent('x');
    await mock.stopRecording();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(setItem).not.toHaveBeenCalled();
    expect(timeout).not.toHaveBeenCalled();
  });
});
