import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MilanaState } from '@milana-js/core';
import { createMockMilana } from '../src/index';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createMockMilana', () => {
  it('records every call in order with its arguments', async () => {
    const milana = createMockMilana();
    await milana.init(
      'prd_x',
      'key_x',
      { environment: 'test', version: '1' },
      { endpoint: 'http://x' },
    );
    await milana.identify({ userId: 'u1', email: 'a@example.com' });
    milana.trackEvent('clicked', { id: 3 });
    milana.trackEvent('opened');
    await milana.updateUser({ userId: 'u1', name: 'Ada' });
    await milana.updateSession({ metadata: { plan: 'pro' } });
    await milana.update({ session: { appSessionId: 'app_1' } });
    milana.initCrossOriginIframe();
    milana.setConsent('denied');
    await milana.stopRecording();
    await milana.initialize();
    // The 1.0.x format: the single argument as given, named arguments for init and trackEvent.
    expect(milana.calls).toStrictEqual([
      {
        method: 'init',
        args: {
          productId: 'prd_x',
          clientKey: 'key_x',
          sessionInfo: { environment: 'test', version: '1' },
          options: { endpoint: 'http://x' },
        },
      },
      { method: 'identify', args: { userId: 'u1', email: 'a@example.com' } },
      { method: 'trackEvent', args: { eventName: 'clicked', attributes: { id: 3 } } },
      { method: 'trackEvent', args: { eventName: 'opened', attributes: undefined } },
      { method: 'updateUser', args: { userId: 'u1', name: 'Ada' } },
      { method: 'updateSession', args: { metadata: { plan: 'pro' } } },
      { method: 'update', args: { session: { appSessionId: 'app_1' } } },
      { method: 'initCrossOriginIframe' },
      { method: 'setConsent', args: 'denied' },
      { method: 'stopRecording' },
      { method: 'initialize' },
    ]);
    expect('args' in milana.calls[9]!).toBe(false);
  });

  it('records the argument objects as given, not copies', async () => {
    const milana = createMockMilana();
    const input = { userId: 'u1', email: 'a@example.com' };
    await milana.identify(input);
    expect(milana.calls[0]!.args).toBe(input);
  });

  it('resolves every async call with success true', async () => {
    const milana = createMockMilana();
    const results = await Promise.all([
      milana.init('prd_x', 'key_x', { environment: 'test', version: '1' }),
      milana.identify({ userId: 'u1', email: 'a@example.com' }),
      milana.updateUser({ userId: 'u1' }),
      milana.updateSession({}),
      milana.update({ user: { userId: 'u1' } }),
      milana.stopRecording(),
      milana.initialize(),
    ]);
    expect(results).toEqual(Array.from({ length: 7 }, () => ({ success: true })));
    expect(milana.trackEvent('x')).toBeUndefined();
  });

  it('filters trackEvent calls by name and lists the identity calls', () => {
    const milana = createMockMilana();
    milana.trackEvent('a', { n: 1 });
    void milana.identify({ userId: 'u1', email: 'a@example.com' });
    milana.trackEvent('b');
    milana.trackEvent('a', { n: 2 });
    void milana.updateSession({ metadata: { k: 'v' } });
    void milana.stopRecording();
    void milana.update({ user: { userId: 'u1', name: 'Ada' } });
    expect(milana.getEventCalls().map((call) => call.args)).toEqual([
      { eventName: 'a', attributes: { n: 1 } },
      { eventName: 'b' },
      { eventName: 'a', attributes: { n: 2 } },
    ]);
    expect(milana.getEventCalls('a').map((call) => call.args.attributes)).toEqual([
      { n: 1 },
      { n: 2 },
    ]);
    expect(milana.getEventCalls('missing')).toEqual([]);
    // Only the deprecated `update` entries, as in 1.0.x.
    expect(milana.getUpdateCalls()).toEqual([
      { method: 'update', args: { user: { userId: 'u1', name: 'Ada' } } },
    ]);
  });

  it('starts initialized, is not after stopRecording, and is again after init or initialize', async () => {
    const milana = createMockMilana();
    expect(milana.getState()).toMatchObject({
      status: 'recording',
      isInitialized: true,
      sampled: true,
    });
    await milana.stopRecording();
    expect(milana.getState()).toMatchObject({
      status: 'stopped',
      isInitialized: false,
      sessionId: null,
    });
    await milana.init('prd_x', 'key_x', { environment: 'test', version: '1' });
    expect(milana.getState()).toMatchObject({ status: 'recording', isInitialized: true });
    await milana.stopRecording();
    await milana.initialize();
    expect(milana.getState().isInitialized).toBe(true);
  });

  it('reflects identity calls in the state snapshot', async () => {
    const milana = createMockMilana();
    await milana.identify({ userId: 'u1', email: 'a@example.com' });
    await milana.updateUser({ userId: 'u1', name: 'Ada' });
    await milana.update({ session: { metadata: { plan: 'pro' } } });
    expect(milana.getState().user).toEqual({ userId: 'u1', email: 'a@example.com', name: 'Ada' });
    expect(milana.getState().session).toEqual({ metadata: { plan: 'pro' } });
    expect(Object.isFrozen(milana.getState())).toBe(true);
  });

  it('calls subscribe listeners at once and on change, listen listeners on change only', async () => {
    const milana = createMockMilana();
    const subscribed: MilanaState[] = [];
    const listened: MilanaState[] = [];
    const unsubscribe = milana.subscribe((state) => subscribed.push(state));
    const unlisten = milana.listen((state) => listened.push(state));
    expect(subscribed).toEqual([milana.getState()]);
    expect(listened).toEqual([]);

    await milana.stopRecording();
    expect(subscribed.map((s) => s.status)).toEqual(['recording', 'stopped']);
    expect(listened.map((s) => s.status)).toEqual(['stopped']);

    unsubscribe();
    unlisten();
    await milana.initialize();
    expect(subscribed).toHaveLength(2);
    expect(listened).toHaveLength(1);
  });

  it('keeps the snapshot and stays silent when nothing changed', async () => {
    const milana = createMockMilana();
    const listener = vi.fn();
    milana.listen(listener);
    const before = milana.getState();
    await milana.init('prd_x', 'key_x', { environment: 'test', version: '1' });
    await milana.initialize();
    milana.trackEvent('x');
    expect(milana.getState()).toBe(before);
    expect(listener).not.toHaveBeenCalled();
  });

  it('keeps notifying the other listeners when one throws', async () => {
    const milana = createMockMilana();
    const healthy = vi.fn();
    milana.listen(() => {
      throw new Error('listener bug');
    });
    milana.listen(healthy);
    await milana.stopRecording();
    expect(healthy).toHaveBeenCalledTimes(1);
  });

  it('forgets calls and returns to the initial state on reset, in the same calls array', async () => {
    const milana = createMockMilana();
    const calls = milana.calls;
    await milana.identify({ userId: 'u1', email: 'a@example.com' });
    await milana.stopRecording();
    milana.reset();
    expect(milana.calls).toBe(calls);
    expect(calls).toEqual([]);
    expect(milana.getState()).toMatchObject({
      status: 'recording',
      isInitialized: true,
      user: null,
      sessionId: 'mock_session_1',
    });
  });

  it('touches no network, storage or timer', async () => {
    const spies = [
      vi.spyOn(globalThis, 'fetch'),
      vi.spyOn(globalThis, 'setTimeout'),
      vi.spyOn(globalThis, 'setInterval'),
      vi.spyOn(Storage.prototype, 'getItem'),
      vi.spyOn(Storage.prototype, 'setItem'),
      vi.spyOn(Storage.prototype, 'removeItem'),
      vi.spyOn(Storage.prototype, 'clear'),
      vi.spyOn(XMLHttpRequest.prototype, 'open'),
    ];
    const milana = createMockMilana();
    milana.subscribe(() => undefined);
    await milana.init('prd_x', 'key_x', { environment: 'test', version: '1' });
    await milana.identify({ userId: 'u1', email: 'a@example.com' });
    await milana.updateUser({ userId: 'u1' });
    await milana.updateSession({ metadata: { a: 1 } });
    await milana.update({ user: { userId: 'u1' }, session: {} });
    milana.trackEvent('x', { a: 1 });
    milana.initCrossOriginIframe();
    await milana.stopRecording();
    await milana.initialize();
    milana.reset();
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});
