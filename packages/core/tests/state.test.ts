import { describe, expect, it } from 'vitest';
import type { MilanaState, MilanaStatus } from '../src/types';
import { INITIAL_STATE, canMove, isReady, nextState } from '../src/state';
import { consoleLines, useHarness } from './helpers/harness';

const h = useHarness();

const ALL: MilanaStatus[] = [
  'idle',
  'awaiting-consent',
  'initializing',
  'recording',
  'not-sampled',
  'halted',
  'stopped',
];

/**
 * Every allowed move of the lifecycle, written out in full: `initializing` is entered by `init`
 * (from idle/stopped) and by a server-driven restart (from a ready state); `halted` is the
 * recorder giving up while the session still exists for identity calls.
 */
const TRANSITIONS: Record<MilanaStatus, MilanaStatus[]> = {
  idle: ['awaiting-consent', 'initializing', 'stopped'],
  // `init(…, { consent: "pending" })` (only ever without a session, so the table does not guard
  // it: any status may enter it); left by a grant (initializing) or a denial/stop.
  'awaiting-consent': ['initializing', 'stopped'],
  initializing: ['recording', 'not-sampled', 'idle', 'stopped', 'awaiting-consent'],
  recording: ['not-sampled', 'halted', 'initializing', 'stopped', 'awaiting-consent'],
  'not-sampled': ['initializing', 'stopped', 'awaiting-consent'],
  halted: ['not-sampled', 'initializing', 'stopped', 'awaiting-consent'],
  stopped: ['awaiting-consent', 'initializing', 'stopped'],
};

describe('state machine', () => {
  it('starts idle with nothing known', () => {
    expect(INITIAL_STATE).toEqual({
      status: 'idle',
      isInitialized: false,
      sessionId: null,
      sampled: null,
      user: null,
      session: null,
    });
    expect(h.make().client.getState()).toBe(INITIAL_STATE);
  });

  it('allows exactly the moves of the transition table, and staying in a status', () => {
    for (const from of ALL) {
      for (const to of ALL) {
        expect([from, to, canMove(from, to)]).toEqual([
          from,
          to,
          from === to || TRANSITIONS[from].includes(to),
        ]);
      }
    }
  });

  it('refuses recording straight from idle', () => {
    expect(canMove('idle', 'recording')).toBe(false);
    expect(canMove('stopped', 'halted')).toBe(false);
  });

  it('reports isInitialized only in recording, not-sampled and halted', () => {
    expect(ALL.filter(isReady)).toEqual(['recording', 'not-sampled', 'halted']);
    for (const status of ALL) {
      expect(nextState(INITIAL_STATE, status, {}).isInitialized).toBe(isReady(status));
    }
  });
});

describe('snapshots', () => {
  it('keeps the same snapshot object when nothing changed', () => {
    const before = INITIAL_STATE;
    expect(nextState(before, 'idle', { sessionId: null, user: null })).toBe(before);
    const next = nextState(before, 'initializing', { sessionId: 's' });
    expect(next).not.toBe(before);
    expect(nextState(next, 'initializing', { user: null, sessionId: 's' })).toBe(next);
  });

  it('keeps the same snapshot when an equal user object is patched in', () => {
    const before = nextState(INITIAL_STATE, 'idle', { user: { userId: 'u', metadata: { a: 1 } } });
    expect(nextState(before, 'idle', { user: { userId: 'u', metadata: { a: 1 } } })).toBe(before);
  });

  it('leaves fields that the patch leaves undefined as they were', () => {
    const before = nextState(INITIAL_STATE, 'initializing', { sessionId: 's', sampled: true });
    const after = nextState(before, 'recording', { user: { userId: 'u' } });
    expect(after).toMatchObject({ status: 'recording', sessionId: 's', sampled: true });
    expect(after.user).toEqual({ userId: 'u' });
  });

  it('freezes snapshots deeply and detaches them from the patched objects', () => {
    const user = { userId: 'u', metadata: { nested: { a: 1 } } };
    const state = nextState(INITIAL_STATE, 'idle', { user });
    user.metadata.nested.a = 2;
    expect(state.user).toEqual({ userId: 'u', metadata: { nested: { a: 1 } } });
    expect(Object.isFrozen(state)).toBe(true);
    expect(Object.isFrozen(state.user)).toBe(true);
    expect(Object.isFrozen((state.user?.metadata as { nested: object }).nested)).toBe(true);
    expect(() => {
      (state as { status: string }).status = 'x';
    }).toThrow();
  });

  it('keeps a "__proto__" key of a patched value an ordinary property', () => {
    const metadata = JSON.parse('{"__proto__":{"polluted":true},"ok":1}') as Record<
      string,
      unknown
    >;
    const state = nextState(INITIAL_STATE, 'idle', { session: { metadata: metadata as never } });
    expect(Object.keys(state.session?.metadata ?? {})).toEqual(['__proto__', 'ok']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('listeners', () => {
  it('subscribe calls the listener at once and then on every change', async () => {
    const { client, init } = h.make();
    const seen: MilanaState[] = [];
    client.subscribe((s) => seen.push(s));
    expect(seen).toEqual([INITIAL_STATE]);
    await init();
    expect(seen.map((s) => s.status)).toEqual([
      'idle',
      'initializing',
      'initializing',
      'recording',
    ]);
    expect(seen[2]?.sessionId).toBe('sess_1');
    expect(seen.at(-1)).toBe(client.getState());
  });

  it('listen calls the listener on changes only', async () => {
    const { client, init } = h.make();
    const seen: MilanaStatus[] = [];
    client.listen((s) => seen.push(s.status));
    expect(seen).toEqual([]);
    await init();
    expect(seen[0]).toBe('initializing');
  });

  it('stops calling a listener after its unsubscribe function runs', async () => {
    const { client, init } = h.make();
    const seen: MilanaStatus[] = [];
    const off = client.listen((s) => seen.push(s.status));
    off();
    await init();
    expect(seen).toEqual([]);
  });

  it('treats the same function subscribed twice as two subscriptions', async () => {
    const { client, init } = h.make();
    let calls = 0;
    let changes = 0;
    const fn = () => void calls++;
    const off = client.listen(fn);
    client.listen(fn);
    client.listen(() => void changes++);
    off();
    await init();
    expect(changes).toBeGreaterThan(0);
    expect(calls).toBe(changes);
  });

  it('keeps notifying other listeners when one throws, and logs at debug level', async () => {
    const { client, init } = h.make();
    const seen: string[] = [];
    client.listen(() => {
      throw new Error('bad listener');
    });
    client.listen((s) => seen.push(s.status));
    expect(await init()).toEqual({ success: true });
    expect(seen.at(-1)).toBe('recording');
    expect(consoleLines('debug')).toContain('Milana: a state listener threw');
  });

  it('does not throw out of subscribe when the listener throws on the first call', () => {
    const { client } = h.make();
    expect(() =>
      client.subscribe(() => {
        throw new Error('x');
      }),
    ).not.toThrow();
  });

  it.each(['subscribe', 'listen'] as const)(
    '%s warns and returns a no-op for a listener that is not a function',
    (api) => {
      const { client } = h.make();
      const off = client[api](42 as never);
      expect(() => off()).not.toThrow();
      expect(consoleLines('warn')).toEqual([`Milana: ${api}: listener must be a function`]);
    },
  );
});
