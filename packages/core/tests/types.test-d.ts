import { describe, expectTypeOf, it } from 'vitest';
import type {
  MilanaClient,
  MilanaState,
  MilanaStateInitializing,
  MilanaStateNotSampled,
  MilanaStateRecording,
  MilanaStateWithoutSession,
  MilanaStatus,
  Result,
  StateListener,
} from '../src/index';
import { getState, identify, init, subscribe } from '../src/index';

describe('MilanaState, a union keyed by status', () => {
  it('lists every status of api.md, awaiting-consent included', () => {
    expectTypeOf<MilanaStatus>().toEqualTypeOf<
      | 'idle'
      | 'awaiting-consent'
      | 'initializing'
      | 'recording'
      | 'not-sampled'
      | 'halted'
      | 'stopped'
    >();
    expectTypeOf<MilanaState['status']>().toEqualTypeOf<MilanaStatus>();
  });

  it('narrows sessionId to string where a session is ready', () => {
    const state = getState();
    if (state.isInitialized) {
      expectTypeOf(state.sessionId).toEqualTypeOf<string>();
      expectTypeOf(state.sampled).toEqualTypeOf<boolean>();
      expectTypeOf(state.status).toEqualTypeOf<'recording' | 'not-sampled' | 'halted'>();
    } else {
      expectTypeOf(state.sessionId).toEqualTypeOf<string | null>();
    }
    if (state.status === 'recording' || state.status === 'halted') {
      expectTypeOf(state.sessionId).toEqualTypeOf<string>();
      expectTypeOf(state.sampled).toEqualTypeOf<true>();
    }
    if (state.status === 'not-sampled') expectTypeOf(state.sampled).toEqualTypeOf<false>();
  });

  it('knows there is no session while idle, awaiting consent or stopped', () => {
    const state = getState();
    if (
      state.status === 'idle' ||
      state.status === 'stopped' ||
      state.status === 'awaiting-consent'
    ) {
      expectTypeOf(state.sessionId).toEqualTypeOf<null>();
      expectTypeOf(state.sampled).toEqualTypeOf<null>();
      expectTypeOf(state.isInitialized).toEqualTypeOf<false>();
    }
    if (state.status === 'initializing') {
      expectTypeOf(state).toEqualTypeOf<MilanaStateInitializing>();
      expectTypeOf(state.sessionId).toEqualTypeOf<string | null>();
    }
  });

  it('is made of the named snapshot types, all read-only', () => {
    expectTypeOf<MilanaState>().toEqualTypeOf<
      | MilanaStateWithoutSession
      | MilanaStateInitializing
      | MilanaStateRecording
      | MilanaStateNotSampled
    >();
    const state = getState();
    // @ts-expect-error snapshots are immutable
    state.status = 'idle';
    expectTypeOf(state.user).toEqualTypeOf<MilanaState['user']>();
  });

  it('refuses a snapshot whose fields contradict its status', () => {
    // @ts-expect-error a recording session always has an id
    const noId: MilanaState = {
      status: 'recording',
      isInitialized: true,
      sessionId: null,
      sampled: true,
      user: null,
      session: null,
    };
    // @ts-expect-error a stopped client is never initialized
    const stopped: MilanaState = {
      status: 'stopped',
      isInitialized: true,
      sessionId: null,
      sampled: null,
      user: null,
      session: null,
    };
    void noId;
    void stopped;
  });
});

describe('the public calls', () => {
  it('resolve a Result and take typed listeners', () => {
    expectTypeOf(init).returns.toEqualTypeOf<Promise<Result>>();
    expectTypeOf(identify).returns.toEqualTypeOf<Promise<Result>>();
    expectTypeOf(subscribe).parameter(0).toEqualTypeOf<StateListener>();
    expectTypeOf<StateListener>().parameter(0).toEqualTypeOf<MilanaState>();
    expectTypeOf<MilanaClient['getState']>().returns.toEqualTypeOf<MilanaState>();
    expectTypeOf<MilanaClient['trackEvent']>().returns.toEqualTypeOf<void>();
  });
});
