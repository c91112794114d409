import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearSessionState, readSessionState, writeSessionState } from '../src/session-store';

const KEY = 'milana_session_state';
const LEGACY = 'milana_session_id';
const NOTHING = { sessionId: null, user: null, session: null };

afterEach(() => {
  vi.restoreAllMocks();
  sessionStorage.clear();
});

function store(value: unknown): void {
  sessionStorage.setItem(KEY, typeof value === 'string' ? value : JSON.stringify(value));
}

describe('writeSessionState (§15)', () => {
  it('writes the blob under milana_session_state in the key order sessionId, user, sessionContext', () => {
    writeSessionState({
      session: { metadata: { flow: 'checkout-b' }, appSessionId: 'wf_81f2' },
      user: { userId: 'u_1042', email: 'dana@example.org', metadata: { plan: 'team' } },
      sessionId: 'sess_5b9e0c2a',
    });
    expect(sessionStorage.getItem(KEY)).toBe(
      '{"sessionId":"sess_5b9e0c2a","user":{"userId":"u_1042","email":"dana@example.org","metadata":{"plan":"team"}},"sessionContext":{"metadata":{"flow":"checkout-b"},"appSessionId":"wf_81f2"}}',
    );
  });

  it('writes nulls for absent parts', () => {
    writeSessionState({ sessionId: null, user: null, session: null });
    expect(sessionStorage.getItem(KEY)).toBe(
      '{"sessionId":null,"user":null,"sessionContext":null}',
    );
  });

  it('is silent when storage throws (quota or sandbox)', () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    expect(() => writeSessionState({ sessionId: 's', user: null, session: null })).not.toThrow();
  });

  it('is silent when sessionStorage itself cannot be accessed', () => {
    vi.spyOn(window, 'sessionStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(() => writeSessionState({ sessionId: 's', user: null, session: null })).not.toThrow();
    expect(readSessionState()).toEqual(NOTHING);
    expect(() => clearSessionState()).not.toThrow();
  });
});

describe('readSessionState (§15)', () => {
  it('stores the session context under sessionContext and reads it back', () => {
    writeSessionState({ sessionId: 's', user: null, session: { appSessionId: 'wf' } });
    expect(JSON.parse(sessionStorage.getItem(KEY) ?? '')).toEqual({
      sessionId: 's',
      user: null,
      sessionContext: { appSessionId: 'wf' },
    });
  });

  it('round-trips what was written', () => {
    const state = {
      sessionId: 'sess_1',
      user: { userId: 'u', email: 'e', name: 'n', metadata: { a: [1, { b: null }] } },
      session: {
        metadata: { m: 1 },
        appSessionId: 'wf',
        integrations: { sentry: { replayId: 'r' } },
      },
    };
    writeSessionState(state);
    expect(readSessionState()).toEqual(state);
  });

  it('returns all parts null when nothing is stored', () => {
    expect(readSessionState()).toEqual(NOTHING);
  });

  it('treats invalid JSON as no state', () => {
    store('{not json');
    expect(readSessionState()).toEqual(NOTHING);
  });

  it('treats a non-object blob as no state', () => {
    store('[1,2]');
    expect(readSessionState()).toEqual(NOTHING);
    store('"sess_1"');
    expect(readSessionState()).toEqual(NOTHING);
  });

  it('turns a non-string sessionId into null and keeps the other parts', () => {
    store({ sessionId: 42, user: { userId: 'u' }, sessionContext: null });
    expect(readSessionState()).toEqual({ sessionId: null, user: { userId: 'u' }, session: null });
  });

  it('turns a user without a string userId into null', () => {
    store({ sessionId: 's', user: { email: 'e' }, sessionContext: null });
    expect(readSessionState().user).toBeNull();
    store({ sessionId: 's', user: { userId: 7 }, sessionContext: null });
    expect(readSessionState().user).toBeNull();
  });

  it('drops user fields of the wrong type', () => {
    store({
      sessionId: 's',
      user: { userId: 'u', email: 1, name: ['x'], metadata: 'm', extra: 1 },
      sessionContext: null,
    });
    expect(readSessionState().user).toEqual({ userId: 'u' });
  });

  it('drops session context fields of the wrong type', () => {
    store({
      sessionId: 's',
      user: null,
      sessionContext: {
        metadata: [1],
        appSessionId: 5,
        integrations: { sentry: { replayId: 3 }, posthog: { sessionId: 'p' } },
      },
    });
    expect(readSessionState().session).toEqual({
      integrations: { posthog: { sessionId: 'p' } },
    });
  });

  it('turns a non-object session context into null', () => {
    store({ sessionId: 's', user: null, sessionContext: 'x' });
    expect(readSessionState()).toEqual({ sessionId: 's', user: null, session: null });
  });

  it('returns no state when all three parts are null or invalid', () => {
    store({ sessionId: null, user: { nope: 1 }, sessionContext: 3 });
    expect(readSessionState()).toEqual(NOTHING);
  });

  it('never lets stored metadata reach a prototype', () => {
    store(
      '{"sessionId":"s","user":{"userId":"u","metadata":{"__proto__":{"polluted":true},"ok":1}},"sessionContext":null}',
    );
    const state = readSessionState();
    expect(state.user?.metadata).toEqual({ ok: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('turns an empty userId into no user and an empty sessionId into null', () => {
    store({ sessionId: '', user: { userId: '' }, sessionContext: { appSessionId: 'a' } });
    expect(readSessionState()).toEqual({
      sessionId: null,
      user: null,
      session: { appSessionId: 'a' },
    });
  });

  it('ignores a blank id, in the blob or under the legacy key', () => {
    sessionStorage.setItem(LEGACY, '  ');
    expect(readSessionState()).toEqual(NOTHING);
    store({ sessionId: ' ', user: null, sessionContext: null });
    expect(readSessionState()).toEqual(NOTHING);
  });

  it('falls back to the legacy milana_session_id key holding a bare id until a blob is written', () => {
    sessionStorage.setItem(LEGACY, 'sess_old');
    expect(readSessionState()).toEqual({ sessionId: 'sess_old', user: null, session: null });
    writeSessionState({ sessionId: 'sess_new', user: null, session: null });
    expect(readSessionState().sessionId).toBe('sess_new');
  });

  it('prefers the blob over the legacy key', () => {
    sessionStorage.setItem(LEGACY, 'sess_old');
    store({ sessionId: 'sess_new', user: null, sessionContext: null });
    expect(readSessionState().sessionId).toBe('sess_new');
  });

  it('returns null when reading storage throws', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new Error('denied');
    });
    expect(readSessionState()).toEqual(NOTHING);
  });
});

describe('clearSessionState', () => {
  it('removes the blob and any legacy id', () => {
    store({ sessionId: 's', user: null, sessionContext: null });
    sessionStorage.setItem(LEGACY, 'x');
    clearSessionState();
    expect(sessionStorage.getItem(KEY)).toBeNull();
    expect(sessionStorage.getItem(LEGACY)).toBeNull();
  });

  it('is silent when removing throws', () => {
    vi.spyOn(Storage.prototype, 'removeItem').mockImplementation(() => {
      throw new Error('denied');
    });
    expect(() => clearSessionState()).not.toThrow();
  });
});
