import type {
  MilanaClient,
  MilanaState,
  Result,
  SessionUpdate,
  StateListener,
  UserUpdate,
} from '@milana-js/core';
import {
  INITIAL_STATE,
  mergeIdentity,
  nextState,
  type Identity,
  type StatePatch,
} from '@milana-js/core/internal';
import type { MockConsent, MockMilanaCall } from './calls';

type EventCall = Extract<MockMilanaCall, { method: 'trackEvent' }>;
type UpdateCall = Extract<MockMilanaCall, { method: 'update' }>;

/** A `MilanaClient` that records calls instead of talking to Milana. */
export interface MockMilana extends MilanaClient {
  /** Every recorded call, oldest first. `reset()` empties this same array. */
  readonly calls: MockMilanaCall[];
  /** What `useMilana().initialize()` calls under `MockMilanaProvider`; starts the mock session again. */
  initialize(): Promise<Result>;
  /** Recorded with the consent string as `args`; the mock's state does not change. */
  setConsent(consent: MockConsent): void;
  /** `trackEvent` calls, optionally only those whose `args.eventName` is `name`. */
  getEventCalls(name?: string): EventCall[];
  /** The deprecated `update` calls only. */
  getUpdateCalls(): UpdateCall[];
  /** Forgets every call and returns to the initial recording state. */
  reset(): void;
}

/** The name apps written for milana-js 1.0.x use for the mock's type. */
export type MockMilanaInstance = MockMilana;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * The halves of an identity call. The inputs are typed, but a test may pass anything at run
 * time: only what the real client would accept as a half (an object, with a string userId for
 * the user) reaches the state.
 */
function halvesOf(user?: UserUpdate, session?: SessionUpdate): Identity | null {
  const halves: Identity = {};
  if (isObject(user) && typeof user.userId === 'string') halves.user = user;
  if (isObject(session)) halves.session = session;
  return halves.user || halves.session ? halves : null;
}

/**
 * Creates a mock client for tests of code that uses Milana. Every async call resolves
 * `{ success: true }`; it touches no network, storage or timer. It starts initialized (status
 * `recording`), `stopRecording()` makes it `stopped`, and `init()`/`initialize()` start it again.
 * Identity calls reach `getState().user` and `.session` through the core's own merge and
 * snapshot code, so they merge (metadata key by key, first linked user kept) and an identical
 * repeated call publishes no new snapshot, exactly as in production. Identity calls made while
 * stopped wait for the next start, as the real client's call queue holds them.
 *
 * @example
 * const milana = createMockMilana();
 * render(<MockMilanaProvider mock={milana}><Checkout /></MockMilanaProvider>);
 * expect(milana.getEventCalls('checkout_completed')).toHaveLength(1);
 */
export function createMockMilana(): MockMilana {
  const calls: MockMilanaCall[] = [];
  const listeners = new Set<{ fn: StateListener }>();
  let sessions = 0;
  let state: MilanaState = INITIAL_STATE;
  let waiting: Identity[] = [];

  const move = (status: MilanaState['status'], patch: StatePatch): void => {
    const prev = state;
    state = nextState(prev, status, patch);
    if (state === prev) return;
    for (const listener of [...listeners])
      try {
        listener.fn(state);
      } catch {
        // Like the real client: one failing listener must not starve the others.
      }
  };

  /** What the real client does once the server confirms an identity call (§7.5, §7.6). */
  const apply = (halves: Identity): void => {
    let sent = halves;
    // First link wins: another userId updates that user's profile, not the session's user.
    if (sent.user && state.user && sent.user.userId !== state.user.userId)
      sent = { session: sent.session };
    move(state.status, mergeIdentity({ user: state.user, session: state.session }, sent));
  };
  const identity = (halves: Identity | null): void => {
    if (!halves) return;
    if (state.isInitialized) apply(halves);
    else waiting.push(halves);
  };
  const start = (): void => {
    if (state.isInitialized) return;
    move('recording', { sessionId: `mock_session_${++sessions}`, sampled: true });
    const held = waiting;
    waiting = [];
    held.forEach(apply);
  };

  const record = (call: MockMilanaCall): Promise<Result> => {
    calls.push(call);
    return Promise.resolve({ success: true });
  };
  // Each subscription gets its own entry, so subscribing one function twice needs two unsubscribes.
  const addListener = (fn: StateListener) => {
    const entry = { fn };
    listeners.add(entry);
    return () => void listeners.delete(entry);
  };

  start();
  return {
    calls,
    init(productId, clientKey, sessionInfo, options) {
      start();
      const args = {
        productId,
        clientKey,
        sessionInfo,
        ...(options === undefined ? {} : { options }),
      };
      return record({ method: 'init', args });
    },
    initialize() {
      start();
      return record({ method: 'initialize' });
    },
    identify(input) {
      identity(halvesOf(input, undefined));
      return record({ method: 'identify', args: input });
    },
    updateUser(input) {
      identity(halvesOf(input, undefined));
      return record({ method: 'updateUser', args: input });
    },
    updateSession(input) {
      identity(halvesOf(undefined, input));
      return record({ method: 'updateSession', args: input });
    },
    update(payload) {
      if (isObject(payload)) identity(halvesOf(payload.user, payload.session));
      return record({ method: 'update', args: payload });
    },
    trackEvent(eventName, attributes) {
      void record({ method: 'trackEvent', args: { eventName, attributes } });
    },
    setConsent(consent) {
      void record({ method: 'setConsent', args: consent });
    },
    stopRecording() {
      waiting = [];
      if (state.isInitialized) move('stopped', INITIAL_STATE);
      return record({ method: 'stopRecording' });
    },
    initCrossOriginIframe() {
      void record({ method: 'initCrossOriginIframe' });
    },
    getState: () => state,
    subscribe(listener) {
      const unsubscribe = addListener(listener);
      listener(state);
      return unsubscribe;
    },
    listen: (listener) => addListener(listener),
    getEventCalls: (name) =>
      calls.filter(
        (call): call is EventCall =>
          call.method === 'trackEvent' && (name === undefined || call.args.eventName === name),
      ),
    getUpdateCalls: () => calls.filter((call): call is UpdateCall => call.method === 'update'),
    reset() {
      calls.length = 0;
      waiting = [];
      sessions = 0;
      // A fresh session (no user, no context), published once, as a new mock starts.
      move('recording', {
        ...INITIAL_STATE,
        sessionId: `mock_session_${++sessions}`,
        sampled: true,
      });
    },
  };
}
