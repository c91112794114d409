import { afterEach, describe, expect, it, vi } from 'vitest';

/*
 * trackEvent's input check is installed on a client by whoever hands it out (createMilana,
 * getDefaultClient, the named trackEvent), so that the identity path does not bundle it. These
 * tests reach the default client first through the identity calls only, as an app importing
 * `{ init, identify, updateUser, updateSession }` would, and check that trackEvent still refuses
 * bad input with its one line.
 */

const KEY = Symbol.for('milana-js.default-client');
const REFUSED =
  'Milana: trackEvent: name must be a non-blank string of at most 255 characters; the call was ignored';

async function freshCopy() {
  vi.resetModules();
  return import('../src/index');
}

afterEach(async () => {
  const client = (globalThis as Record<symbol, { stopRecording(): unknown } | undefined>)[KEY];
  await client?.stopRecording();
  delete (globalThis as Record<symbol, unknown>)[KEY];
  vi.restoreAllMocks();
});

describe("trackEvent's input check on a default client made by an identity call", () => {
  it('is installed by getDefaultClient()', async () => {
    delete (globalThis as Record<symbol, unknown>)[KEY];
    const core = await freshCopy();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // Queued (no session yet): this creates the default client without arming it.
    void core.updateSession({ appSessionId: 'wf_1' });
    core.getDefaultClient().trackEvent(' ');
    expect(warn.mock.calls.map((call) => call[0])).toEqual([REFUSED]);
  });

  it('is installed by the named trackEvent', async () => {
    delete (globalThis as Record<symbol, unknown>)[KEY];
    const core = await freshCopy();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    void core.identify({ userId: 'u_1', email: 'u1@example.org' });
    core.trackEvent('x'.repeat(256));
    expect(warn.mock.calls.map((call) => call[0])).toEqual([REFUSED]);
  });

  it('is installed by a second copy of the package on the client the first one made', async () => {
    delete (globalThis as Record<symbol, unknown>)[KEY];
    const first = await freshCopy();
    void first.updateUser({ userId: 'u_1', name: 'Dana' });
    const second = await freshCopy();
    expect(second).not.toBe(first);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    second.getDefaultClient().trackEvent('');
    expect(warn.mock.calls.map((call) => call[0])).toEqual([REFUSED]);
  });

  it('is part of every client createMilana() makes', async () => {
    const core = await freshCopy();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const client = core.createMilana();
    client.trackEvent('');
    expect(warn.mock.calls.map((call) => call[0])).toEqual([REFUSED]);
    await client.stopRecording();
  });
});
