import { afterEach, describe, expect, it, vi } from 'vitest';

const initWithCallerType = vi.hoisted(() =>
  vi.fn((..._args: unknown[]) => Promise.resolve({ success: true })),
);
// Only initWithCallerType is used at run time; the rest of the core is not needed here.
vi.mock('@milana-js/core', () => ({ initWithCallerType }));

import { createDispatcher } from '../../src/script/commands';
import { createFakeClient } from './fake-client';

const PRODUCT = 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC';
const INFO = { environment: 'test', version: '1.0.0' };

function setup(failing: string[] = []) {
  const client = createFakeClient(failing);
  const warn = vi.fn();
  return { client, warn, dispatch: createDispatcher(client, warn) };
}

afterEach(() => {
  initWithCallerType.mockClear();
});

describe('createDispatcher', () => {
  it('runs init through initWithCallerType with caller type cdn', () => {
    const { client, dispatch, warn } = setup();
    dispatch(['init', PRODUCT, 'key_test', INFO, { endpoint: 'http://127.0.0.1:1' }]);
    expect(initWithCallerType).toHaveBeenCalledWith(client, 'cdn', PRODUCT, 'key_test', INFO, {
      endpoint: 'http://127.0.0.1:1',
    });
    expect(client.calls).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('passes the first argument of identify, updateUser, updateSession and update to the client', () => {
    const { client, dispatch } = setup();
    dispatch(['identify', { userId: 'u_1', email: 'a@example.org' }]);
    dispatch(['updateUser', { userId: 'u_1', name: 'Dana' }]);
    dispatch(['updateSession', { metadata: { plan: 'team' } }]);
    dispatch(['update', { session: { appSessionId: 'app_1' } }]);
    expect(client.calls).toEqual([
      { method: 'identify', args: [{ userId: 'u_1', email: 'a@example.org' }] },
      { method: 'updateUser', args: [{ userId: 'u_1', name: 'Dana' }] },
      { method: 'updateSession', args: [{ metadata: { plan: 'team' } }] },
      { method: 'update', args: [{ session: { appSessionId: 'app_1' } }] },
    ]);
  });

  it('defaults the attributes of trackEvent to an empty object', () => {
    const { client, dispatch } = setup();
    dispatch(['trackEvent', 'report.exported']);
    dispatch(['trackEvent', 'report.shared', { rows: 3 }]);
    expect(client.calls).toEqual([
      { method: 'trackEvent', args: ['report.exported', {}] },
      { method: 'trackEvent', args: ['report.shared', { rows: 3 }] },
    ]);
  });

  it('passes the answer of setConsent to the client', () => {
    const { client, dispatch, warn } = setup();
    dispatch(['setConsent', 'granted']);
    dispatch(['setConsent']);
    expect(client.calls).toEqual([{ method: 'setConsent', args: ['granted'] }]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('runs stopRecording and initCrossOriginIframe without arguments', () => {
    const { client, dispatch } = setup();
    dispatch(['initCrossOriginIframe']);
    dispatch(['stopRecording']);
    expect(client.calls.map((c) => c.method)).toEqual(['initCrossOriginIframe', 'stopRecording']);
  });

  it('ignores a command with too few arguments without a warning', () => {
    const { client, dispatch, warn } = setup();
    dispatch(['init', PRODUCT, 'key_test']);
    dispatch(['identify']);
    dispatch(['trackEvent']);
    expect(initWithCallerType).not.toHaveBeenCalled();
    expect(client.calls).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('warns once with the Milana prefix about an unknown command and runs nothing', () => {
    const { client, dispatch, warn } = setup();
    dispatch(['getState']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/^Milana: .*unknown command "getState"/);
    expect(client.calls).toEqual([]);
  });

  it('does not treat inherited object keys as commands', () => {
    const { dispatch, warn } = setup();
    dispatch(['toString']);
    dispatch(['__proto__', {}]);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls.every(([m]) => /unknown command/.test(String(m)))).toBe(true);
  });

  it('warns about a queue entry that is not an array', () => {
    const { dispatch, warn } = setup();
    dispatch('identify');
    dispatch(null);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0]?.[0]).toMatch(
      /^Milana: script tag: ignored "identify"; each command must be an array/,
    );
  });

  it('accepts an arguments object as a command, as older stubs push it', () => {
    const { client, dispatch } = setup();
    (function stub(..._args: unknown[]) {
      // eslint-disable-next-line prefer-rest-params
      dispatch(arguments);
    })('trackEvent', 'clicked', { id: 1 });
    expect(client.calls).toEqual([{ method: 'trackEvent', args: ['clicked', { id: 1 }] }]);
  });

  it('swallows a command that throws, warns naming it, and keeps serving later commands', () => {
    const { client, dispatch, warn } = setup(['identify']);
    expect(() => dispatch(['identify', { userId: 'u_1', email: 'a@example.org' }])).not.toThrow();
    dispatch(['trackEvent', 'after.failure']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toBe(
      'Milana: script tag: command "identify" failed and was ignored.',
    );
    expect(client.calls.map((c) => c.method)).toEqual(['identify', 'trackEvent']);
  });

  it('swallows a command whose array cannot be read', () => {
    const { dispatch, warn } = setup();
    const revocable = Proxy.revocable<unknown[]>([], {});
    revocable.revoke();
    expect(() => dispatch(revocable.proxy)).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/^Milana: script tag: /);
  });

  it('warns instead of leaving an unhandled rejection when a call rejects', async () => {
    const { client, dispatch, warn } = setup();
    client.stopRecording = () => Promise.reject(new Error('network gone'));
    dispatch(['stopRecording']);
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(1));
    expect(warn.mock.calls[0]?.[0]).toBe(
      'Milana: script tag: command "stopRecording" failed and was ignored.',
    );
  });

  it('returns nothing from a command', () => {
    const { dispatch } = setup();
    expect(dispatch(['identify', { userId: 'u_1', email: 'a@example.org' }])).toBeUndefined();
  });
});
