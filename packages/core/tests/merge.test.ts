import { describe, expect, it } from 'vitest';
import type { ConfirmedSessionContext, ConfirmedUser } from '../src/types';
import { changedHalves, deepEqual, mergeIdentity, type Identity } from '../src/merge';

const empty: Identity = { user: null, session: null };

/** The user half of `next` merged onto `saved`. */
function mergeUser(saved: ConfirmedUser | null, next: ConfirmedUser): ConfirmedUser {
  return mergeIdentity({ user: saved }, { user: next }).user as ConfirmedUser;
}

/** The session half of `next` merged onto `saved`. */
function mergeSessionContext(
  saved: ConfirmedSessionContext | null,
  next: ConfirmedSessionContext,
): ConfirmedSessionContext {
  return mergeIdentity({ session: saved }, { session: next }).session as ConfirmedSessionContext;
}

describe('mergeUser', () => {
  it('always takes the new userId', () => {
    expect(mergeUser({ userId: 'old', email: 'a@x' }, { userId: 'new' }).userId).toBe('new');
  });

  it('takes email and name from the update when defined', () => {
    expect(
      mergeUser({ userId: 'u', email: 'a@x', name: 'A' }, { userId: 'u', email: 'b@x', name: 'B' }),
    ).toEqual({
      userId: 'u',
      email: 'b@x',
      name: 'B',
    });
  });

  it('keeps the saved email and name when the update leaves them undefined', () => {
    expect(
      mergeUser({ userId: 'u', email: 'a@x', name: 'A' }, { userId: 'u', email: undefined }),
    ).toEqual({
      userId: 'u',
      email: 'a@x',
      name: 'A',
    });
  });

  it('merges metadata key by key with new keys winning', () => {
    const merged = mergeUser(
      { userId: 'u', metadata: { a: 1, b: 1 } },
      { userId: 'u', metadata: { b: 2, c: 3 } },
    );
    expect(merged.metadata).toEqual({ a: 1, b: 2, c: 3 });
  });

  it('replaces nested metadata values whole', () => {
    const merged = mergeUser(
      { userId: 'u', metadata: { nested: { x: 1, y: 2 } } },
      { userId: 'u', metadata: { nested: { x: 9 } } },
    );
    expect(merged.metadata).toEqual({ nested: { x: 9 } });
  });

  it('builds keys in the order userId, email, name, metadata and returns a new object', () => {
    const saved = { userId: 'u', metadata: { a: 1 }, name: 'N' };
    const merged = mergeUser(saved, { email: 'e', userId: 'u' });
    expect(Object.keys(merged)).toEqual(['userId', 'email', 'name', 'metadata']);
    expect(merged).not.toBe(saved);
    expect(merged.metadata).toBe(saved.metadata);
  });

  it('works without a saved user', () => {
    expect(mergeUser(null, { userId: 'u', metadata: { a: 1 } })).toEqual({
      userId: 'u',
      metadata: { a: 1 },
    });
  });
});

describe('mergeSessionContext', () => {
  it('merges session metadata key by key', () => {
    expect(mergeSessionContext({ metadata: { a: 1 } }, { metadata: { b: 2 } }).metadata).toEqual({
      a: 1,
      b: 2,
    });
  });

  it('takes appSessionId from the update when defined and keeps the saved one otherwise', () => {
    expect(mergeSessionContext({ appSessionId: 'a' }, { appSessionId: 'b' }).appSessionId).toBe(
      'b',
    );
    expect(mergeSessionContext({ appSessionId: 'a' }, { metadata: {} }).appSessionId).toBe('a');
  });

  it('merges integrations per vendor, replacing each vendor entry whole', () => {
    const merged = mergeSessionContext(
      {
        integrations: {
          sentry: { replayId: 'r1' },
          posthog: { sessionId: 's1', distinctId: 'd1' },
        },
      },
      { integrations: { posthog: { sessionId: 's2' } } },
    );
    expect(merged.integrations).toEqual({
      sentry: { replayId: 'r1' },
      posthog: { sessionId: 's2' },
    });
  });

  it('turns an empty update on no saved context into an empty context', () => {
    expect(mergeSessionContext(null, {})).toEqual({});
  });

  it('builds keys in the order metadata, appSessionId, integrations', () => {
    const merged = mergeSessionContext(
      { integrations: { sentry: { replayId: 'r' } } },
      { appSessionId: 'a', metadata: { m: 1 } },
    );
    expect(Object.keys(merged)).toEqual(['metadata', 'appSessionId', 'integrations']);
  });

  it('keeps a "__proto__" metadata key an ordinary property', () => {
    const metadata = JSON.parse('{"__proto__":{"polluted":true}}') as Record<string, never>;
    const merged = mergeSessionContext({ metadata: { a: 1 } }, { metadata });
    expect(Object.keys(merged.metadata ?? {})).toEqual(['a', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('deepEqual', () => {
  it('compares nested objects and arrays structurally regardless of key order', () => {
    expect(deepEqual({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).toBe(true);
    expect(deepEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });

  it('treats a key holding undefined like a missing key', () => {
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });

  it('tells null, objects, arrays and scalars apart', () => {
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual('1', 1)).toBe(false);
    expect(deepEqual(null, null)).toBe(true);
  });

  it('does not take an inherited key for an own one', () => {
    expect(deepEqual({ toString: 1 }, {})).toBe(false);
    expect(deepEqual({}, { toString: 1 })).toBe(false);
  });
});

describe('changedHalves', () => {
  const saved: Identity = {
    user: { userId: 'u', email: 'a@x', metadata: { plan: 'team' } },
    session: { metadata: { flow: 'a' } },
  };

  it('returns null when merging the payload changes nothing', () => {
    expect(changedHalves(saved, { user: { userId: 'u', metadata: { plan: 'team' } } })).toBeNull();
    expect(changedHalves(saved, { session: { metadata: { flow: 'a' } } })).toBeNull();
  });

  it('sends only the changed half, exactly as the caller passed it', () => {
    const session = { metadata: { flow: 'b' } };
    const result = changedHalves(saved, { user: { userId: 'u', email: 'a@x' }, session });
    expect(result).toEqual({ session });
    expect(result?.session).toBe(session);
  });

  it('sends both halves when both change', () => {
    const user = { userId: 'u', name: 'New' };
    const session = { appSessionId: 'wf' };
    expect(changedHalves(saved, { user, session })).toEqual({ user, session });
  });

  it('counts an absent half as unchanged', () => {
    expect(changedHalves(saved, {})).toBeNull();
  });

  it('counts updateSession({}) with no saved context as a change', () => {
    expect(changedHalves(empty, { session: {} })).toEqual({ session: {} });
  });

  it('counts updateSession({}) with a saved context as no change', () => {
    expect(changedHalves({ user: null, session: {} }, { session: {} })).toBeNull();
  });

  it('counts a first identify as a change', () => {
    expect(changedHalves(empty, { user: { userId: 'u' } })).toEqual({ user: { userId: 'u' } });
  });
});

describe('mergeIdentity', () => {
  it('merges the given halves and keeps the other half as the same object', () => {
    const saved: Identity = {
      user: { userId: 'u', email: 'a@x' },
      session: { metadata: { a: 1 } },
    };
    const next = mergeIdentity(saved, { session: { metadata: { b: 2 } } });
    expect(next).toEqual({
      user: { userId: 'u', email: 'a@x' },
      session: { metadata: { a: 1, b: 2 } },
    });
    expect(next.user).toBe(saved.user);
  });

  it('is pure: the saved identity is not modified', () => {
    const saved: Identity = { user: { userId: 'u', metadata: { a: 1 } }, session: null };
    const snapshot = structuredClone(saved);
    const next = mergeIdentity(saved, { user: { userId: 'u', metadata: { b: 2 } } });
    expect(saved).toEqual(snapshot);
    expect(next).not.toBe(saved);
    expect(next.user).toEqual({ userId: 'u', metadata: { a: 1, b: 2 } });
  });

  it('creates the session context from an empty update', () => {
    expect(mergeIdentity(empty, { session: {} })).toEqual({ user: null, session: {} });
  });

  it('merges two update bodies of the same tick with the same rules', () => {
    expect(
      mergeIdentity({ session: { metadata: { a: 1 } } }, { user: { userId: 'u' }, session: {} }),
    ).toEqual({ user: { userId: 'u' }, session: { metadata: { a: 1 } } });
  });
});
