import { describe, expect, it, vi } from 'vitest';
import { createMockMilana } from '../src/index';

// The mock's snapshots follow the real client's merge and dedup rules (§7.5, §7.6): what an app's
// tests see through getState()/subscribe() is what production would hold.
describe('createMockMilana state', () => {
  it('merges metadata key by key across calls for the same user', async () => {
    const milana = createMockMilana();
    await milana.updateUser({ userId: 'u', metadata: { a: 1 } });
    await milana.updateUser({ userId: 'u', metadata: { b: 2 } });
    expect(milana.getState().user).toEqual({ userId: 'u', metadata: { a: 1, b: 2 } });
  });

  it('merges session metadata and keeps fields a later call leaves out', async () => {
    const milana = createMockMilana();
    await milana.updateSession({ appSessionId: 'app_1', metadata: { plan: 'pro' } });
    await milana.update({ session: { metadata: { seats: 3 } } });
    expect(milana.getState().session).toEqual({
      appSessionId: 'app_1',
      metadata: { plan: 'pro', seats: 3 },
    });
  });

  it('publishes no new snapshot for an identical repeated call', async () => {
    const milana = createMockMilana();
    const listener = vi.fn();
    milana.listen(listener);
    await milana.identify({ userId: 'u', email: 'a@example.com', metadata: { a: 1 } });
    const once = milana.getState();
    await milana.identify({ userId: 'u', email: 'a@example.com', metadata: { a: 1 } });
    await milana.updateUser({ userId: 'u', metadata: { a: 1 } });
    expect(milana.getState()).toBe(once);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keeps the first linked user when another userId is sent', async () => {
    const milana = createMockMilana();
    await milana.identify({ userId: 'first', email: 'a@example.com' });
    await milana.update({ user: { userId: 'second' }, session: { appSessionId: 'app_2' } });
    expect(milana.getState().user).toEqual({ userId: 'first', email: 'a@example.com' });
    expect(milana.getState().session).toEqual({ appSessionId: 'app_2' });
  });

  it('hands out deeply frozen snapshots detached from the inputs', async () => {
    const milana = createMockMilana();
    const metadata = { nested: { n: 1 } };
    await milana.updateUser({ userId: 'u', metadata });
    metadata.nested.n = 2;
    const user = milana.getState().user!;
    expect(user.metadata).toEqual({ nested: { n: 1 } });
    expect(Object.isFrozen(user.metadata!.nested)).toBe(true);
  });

  it('holds identity calls made while stopped until the next start, then applies them', async () => {
    const milana = createMockMilana();
    await milana.stopRecording();
    await milana.updateUser({ userId: 'u', name: 'Ada' });
    expect(milana.getState().user).toBeNull();
    await milana.initialize();
    expect(milana.getState()).toMatchObject({ isInitialized: true, user: { userId: 'u' } });
  });

  it('ignores an identity call without a userId in the state, still recording it', async () => {
    const milana = createMockMilana();
    // @ts-expect-error - a 1.0.x app's test may pass a malformed input on purpose.
    await milana.updateUser({ name: 'no id' });
    expect(milana.getState().user).toBeNull();
    expect(milana.calls).toEqual([{ method: 'updateUser', args: { name: 'no id' } }]);
  });
});
