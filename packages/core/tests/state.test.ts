import { describe, expect, it } from 'vitest';
import type { MilanaState, MilanaStatus } from '../src/types';
import { StateStore, TRANSITIONS, initialState, isReadyStatus } from '../src/state';
import { fakeLogger } from './helpers/fake-logger';

const ALL: MilanaStatus[] = [
  'idle',
  'initializing',
  'recording',
  'not-sampled',
  'halted',
  'stopped',
];

describe('state machine', () => {
  it('starts idle with nothing known', () => {
    expect(new StateStore(fakeLogger()).get()).toEqual({
      status: 'idle',
      isInitialized: false,
      sessionId: null,
      sampled: null,
      user: null,
      session: null,
    });
    expect(initialState()).toBe(new StateStore(fakeLogger()).get());
  });

  it('allows exactly the moves of the transition table', () => {
    for (const from of ALL) {
      for (const to of ALL) {
        const store = new StateStore(fakeLogger());
        // Walk to `from` through allowed moves first.
        const path: Record<MilanaStatus, MilanaStatus[]> = {
          idle: [],
          initializing: ['initializing'],
          recording: ['initializing', 'recording'],
          'not-sampled': ['initializing', 'not-sampled'],
          halted: ['initializing', 'recording', 'halted'],
          stopped: ['stopped'],
        };
        for (const step of path[from]) expect(store.transition(step)).toBe(true);
        const allowed = from === to || TRANSITIONS[from].includes(to);
        expect(store.transition(to)).toBe(allowed);
        expect(store.status).toBe(allowed ? to : from);
      }
    }
  });

  it('refuses recording straight from idle and logs it at debug level', () => {
    const log = fakeLogger();
    const store = new StateStore(log);
    expect(store.transition('recording')).toBe(false);
    expect(store.status).toBe('idle');
    expect(log.debug).toHaveBeenCalledTimes(1);
  });

  it('reports isInitialized only in recording, not-sampled and halted', () => {
    expect(ALL.filter(isReadyStatus)).toEqual(['recording', 'not-sampled', 'halted']);
    const store = new StateStore(fakeLogger());
    store.transition('initializing');
    expect(store.get().isInitialized).toBe(false);
    store.transition('recording');
    expect(store.get().isInitialized).toBe(true);
    store.transition('halted');
    expect(store.get().isInitialized).toBe(true);
    store.transition('stopped');
    expect(store.get().isInitialized).toBe(false);
  });
});

describe('snapshots', () => {
  it('keeps the same snapshot object when nothing changed', () => {
    const store = new StateStore(fakeLogger());
    const before = store.get();
    store.patch({ sessionId: null, user: null });
    store.transition('idle');
    expect(store.get()).toBe(before);
    store.transition('initializing', { sessionId: 's' });
    const next = store.get();
    store.patch({ user: null, sessionId: 's' });
    expect(store.get()).toBe(next);
  });

  it('keeps the same snapshot when an equal user object is patched in', () => {
    const store = new StateStore(fakeLogger());
    store.patch({ user: { userId: 'u', metadata: { a: 1 } } });
    const before = store.get();
    store.patch({ user: { userId: 'u', metadata: { a: 1 } } });
    expect(store.get()).toBe(before);
  });

  it('freezes snapshots deeply and detaches them from the patched objects', () => {
    const store = new StateStore(fakeLogger());
    const user = { userId: 'u', metadata: { nested: { a: 1 } } };
    store.patch({ user });
    user.metadata.nested.a = 2;
    const state = store.get();
    expect(state.user).toEqual({ userId: 'u', metadata: { nested: { a: 1 } } });
    expect(Object.isFrozen(state)).toBe(true);
    expect(Object.isFrozen(state.user)).toBe(true);
    expect(Object.isFrozen((state.user?.metadata as { nested: object }).nested)).toBe(true);
    expect(() => {
      (state as { status: string }).status = 'x';
    }).toThrow();
  });
});

describe('listeners', () => {
  it('subscribe calls the listener at once and then on every change', () => {
    const store = new StateStore(fakeLogger());
    const seen: MilanaState[] = [];
    store.subscribe((s) => seen.push(s));
    expect(seen).toEqual([store.get()]);
    store.transition('initializing');
    store.transition('initializing');
    store.transition('recording', { sessionId: 's' });
    expect(seen.map((s) => s.status)).toEqual(['idle', 'initializing', 'recording']);
  });

  it('listen calls the listener on changes only', () => {
    const store = new StateStore(fakeLogger());
    const seen: MilanaStatus[] = [];
    store.listen((s) => seen.push(s.status));
    expect(seen).toEqual([]);
    store.transition('initializing');
    expect(seen).toEqual(['initializing']);
  });

  it('stops calling a listener after its unsubscribe function runs', () => {
    const store = new StateStore(fakeLogger());
    const seen: MilanaStatus[] = [];
    const off = store.listen((s) => seen.push(s.status));
    off();
    store.transition('initializing');
    expect(seen).toEqual([]);
  });

  it('treats the same function subscribed twice as two subscriptions', () => {
    const store = new StateStore(fakeLogger());
    let calls = 0;
    const fn = () => void calls++;
    const off = store.listen(fn);
    store.listen(fn);
    off();
    store.transition('initializing');
    expect(calls).toBe(1);
  });

  it('keeps notifying other listeners when one throws, and logs at debug level', () => {
    const log = fakeLogger();
    const store = new StateStore(log);
    const seen: string[] = [];
    store.listen(() => {
      throw new Error('bad listener');
    });
    store.listen((s) => seen.push(s.status));
    expect(() => store.transition('initializing')).not.toThrow();
    expect(seen).toEqual(['initializing']);
    expect(log.debug).toHaveBeenCalledWith('a state listener threw', expect.any(Error));
  });

  it('does not throw out of subscribe when the listener throws on the first call', () => {
    const store = new StateStore(fakeLogger());
    expect(() =>
      store.subscribe(() => {
        throw new Error('x');
      }),
    ).not.toThrow();
  });
});
