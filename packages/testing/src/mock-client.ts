import type { MilanaClient, MilanaState, Result, StateListener } from '@milana-js/core';

/** The client calls a mock records (reads such as `getState` and `subscribe` are not recorded). */
export type MockMethod =
  | 'init'
  | 'initialize'
  | 'identify'
  | 'updateUser'
  | 'updateSession'
  | 'update'
  | 'trackEvent'
  | 'stopRecording'
  | 'setConsent'
  | 'initCrossOriginIframe';

/** One recorded call: the method name and the arguments exactly as passed. */
export interface MockCall {
  method: MockMethod;
  args: unknown[];
}

/** A `MilanaClient` that records calls instead of talking to Milana. */
export interface MockMilana extends MilanaClient {
  /** Every recorded call, oldest first. `reset()` empties this same array. */
  readonly calls: MockCall[];
  /** What `useMilana().initialize()` calls under `MockMilanaProvider`; starts the mock session again. */
  initialize(): Promise<Result>;
  /** `trackEvent` calls, optionally only those named `name`. */
  getEventCalls(name?: string): MockCall[];
  /** `identify`, `updateUser`, `updateSession` and `update` calls, in order. */
  getUpdateCalls(): MockCall[];
  /** Forgets every call and returns to the initial recording state. */
  reset(): void;
}

const UPDATE_METHODS: readonly MockMethod[] = ['identify', 'updateUser', 'updateSession', 'update'];
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Creates a mock client for tests of code that uses Milana. Every async call resolves
 * `{ success: true }`; it touches no network, storage or timer. It starts initialized (status
 * `recording`), `stopRecording()` makes it `stopped`, and `init()`/`initialize()` start it again.
 * Identity calls are reflected (shallowly merged) in `getState().user` and `.session`.
 *
 * @example
 * const milana = createMockMilana();
 * render(<MockMilanaProvider mock={milana}><Checkout /></MockMilanaProvider>);
 * expect(milana.getEventCalls('checkout_completed')).toHaveLength(1);
 */
export function createMockMilana(): MockMilana {
  const calls: MockCall[] = [];
  const listeners = new Set<StateListener>();
  let sessions = 0;
  const started = (): MilanaState =>
    Object.freeze({
      status: 'recording',
      isInitialized: true,
      sessionId: `mock_session_${++sessions}`,
      sampled: true,
      user: null,
      session: null,
    });
  let state = started();

  // A new frozen snapshot only when something changed, as the real client does.
  const publish = (next: MilanaState) => {
    state = next;
    for (const listener of [...listeners]) {
      try {
        listener(state);
      } catch {
        // Like the real client: one failing listener must not starve the others.
      }
    }
  };
  const setState = (next: Partial<MilanaState>) => publish(Object.freeze({ ...state, ...next }));
  const mergeUser = (input: unknown) => {
    if (!isObject(input) || typeof input.userId !== 'string') return;
    const base =
      state.user && state.user.userId === input.userId ? state.user : { userId: input.userId };
    setState({ user: Object.freeze({ ...base, ...input }) });
  };
  const mergeSession = (input: unknown) => {
    if (isObject(input)) setState({ session: Object.freeze({ ...state.session, ...input }) });
  };
  // Each subscription gets its own entry, so subscribing one function twice needs two unsubscribes.
  const addListener = (listener: StateListener) => {
    const entry: StateListener = (snapshot) => listener(snapshot);
    listeners.add(entry);
    return () => void listeners.delete(entry);
  };
  const record = (method: MockMethod, args: unknown[]): Promise<Result> => {
    calls.push({ method, args });
    return Promise.resolve({ success: true });
  };
  const start = (method: 'init' | 'initialize', args: unknown[]) => {
    if (!state.isInitialized) publish(started());
    return record(method, args);
  };

  return {
    calls,
    init: (...args) => start('init', args),
    initialize: () => start('initialize', []),
    identify(...args) {
      mergeUser(args[0]);
      return record('identify', args);
    },
    updateUser(...args) {
      mergeUser(args[0]);
      return record('updateUser', args);
    },
    updateSession(...args) {
      mergeSession(args[0]);
      return record('updateSession', args);
    },
    update(...args) {
      const payload: unknown = args[0];
      if (isObject(payload)) {
        mergeUser(payload.user);
        mergeSession(payload.session);
      }
      return record('update', args);
    },
    trackEvent: (...args) => void record('trackEvent', args),
    stopRecording: (...args: unknown[]) => {
      if (state.isInitialized)
        setState({
          status: 'stopped',
          isInitialized: false,
          sessionId: null,
          sampled: null,
          user: null,
          session: null,
        });
      return record('stopRecording', args);
    },
    // Recorded only: the mock session is not held back by consent, so app tests stay simple.
    setConsent: (...args) => void record('setConsent', args),
    initCrossOriginIframe: (...args: unknown[]) => void record('initCrossOriginIframe', args),
    getState: () => state,
    subscribe(listener) {
      const unsubscribe = addListener(listener);
      listener(state);
      return unsubscribe;
    },
    listen: (listener) => addListener(listener),
    getEventCalls: (name) =>
      calls.filter(
        (call) => call.method === 'trackEvent' && (name === undefined || call.args[0] === name),
      ),
    getUpdateCalls: () => calls.filter((call) => UPDATE_METHODS.includes(call.method)),
    reset() {
      calls.length = 0;
      sessions = 0;
      publish(started());
    },
  };
}
