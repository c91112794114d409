import type {
  CallerType,
  IdentifyInput,
  InitOptions,
  Metadata,
  MilanaClient,
  MilanaState,
  Result,
  SessionInfo,
  SessionUpdate,
  StateListener,
  TrackEventAttributes,
  UpdatePayload,
  UserUpdate,
} from './types';
import type { InternalMilanaClient } from './client';
import { INIT_WITH_CALLER_TYPE, createMilana } from './client';
import { INITIAL_STATE } from './state';

/** Where the page-wide default client lives, shared by every copy of the package on the page. */
const DEFAULT_CLIENT_KEY = Symbol.for('milana-js.default-client');

function isClient(value: unknown): value is MilanaClient {
  return typeof (value as MilanaClient | undefined)?.init === 'function';
}

/**
 * The page's default client, created on first use (never at import time). Two copies of the
 * package (for example two bundles) share it through a registered symbol on `globalThis`.
 *
 * @example
 * const client = getDefaultClient();
 * client.subscribe((state) => console.log(state.status));
 */
export function getDefaultClient(): MilanaClient {
  const holder = globalThis as unknown as Record<symbol, unknown>;
  const existing = holder[DEFAULT_CLIENT_KEY];
  if (isClient(existing)) return existing;
  fallbackClient ||= createMilana();
  try {
    holder[DEFAULT_CLIENT_KEY] = fallbackClient;
  } catch {
    // A frozen global cannot hold it; this copy of the package then keeps using its own.
  }
  return fallbackClient;
}

/** The default client when `globalThis` cannot hold it: still one per page for this copy. */
let fallbackClient: MilanaClient | undefined;

/**
 * Starts a session with a binding's caller type (`react` for the React provider, `cdn` for the
 * script tag, `core` otherwise), sent as `X-Milana-Caller-Type` for the whole session.
 *
 * @example
 * await initWithCallerType(getDefaultClient(), 'react', productId, clientKey, { environment: 'prod', version: '1.0.0' });
 */
export function initWithCallerType(
  client: MilanaClient,
  callerType: CallerType,
  productId: string,
  clientKey: string,
  sessionInfo: SessionInfo,
  options?: InitOptions,
): Promise<Result> {
  try {
    const hook = (client as Partial<InternalMilanaClient>)[INIT_WITH_CALLER_TYPE];
    if (typeof hook === 'function')
      return hook.call(client, callerType, productId, clientKey, sessionInfo, options);
    return client.init(productId, clientKey, sessionInfo, options);
  } catch {
    return Promise.resolve({ success: false });
  }
}

/**
 * Starts the session of the default client (§6). A second call while a session exists resolves
 * `{ success: false }`; after `stopRecording()` it starts a new session.
 *
 * @example
 * await init('prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC', 'key_pub_5c1a77', { environment: 'production', version: '4.2.0' });
 */
export function init(
  productId: string,
  clientKey: string,
  sessionInfo: SessionInfo,
  options?: InitOptions,
): Promise<Result> {
  return getDefaultClient().init(productId, clientKey, sessionInfo, options);
}

/**
 * Links the session to a user (queued until the session is ready).
 *
 * @example
 * await identify({ userId: 'u_1042', email: 'dana@example.org', name: 'Dana K.' });
 */
export function identify<M extends Metadata = Metadata>(input: IdentifyInput<M>): Promise<Result> {
  return getDefaultClient().identify(input);
}

/**
 * A partial upsert of a user's profile.
 *
 * @example
 * await updateUser({ userId: 'u_1042', metadata: { plan: 'team' } });
 */
export function updateUser<M extends Metadata = Metadata>(input: UserUpdate<M>): Promise<Result> {
  return getDefaultClient().updateUser(input);
}

/**
 * A partial upsert of the session context.
 *
 * @example
 * await updateSession({ metadata: { flow: 'checkout-b' }, appSessionId: 'wf_81f2' });
 */
export function updateSession<M extends Metadata = Metadata>(
  input: SessionUpdate<M>,
): Promise<Result> {
  return getDefaultClient().updateSession(input);
}

/**
 * Updates the user and/or the session context in one call.
 *
 * @deprecated use {@link updateUser} and {@link updateSession}.
 * @example
 * await update({ user: { userId: 'u_1' }, session: { metadata: { a: 1 } } });
 */
export function update(payload: UpdatePayload): Promise<Result> {
  return getDefaultClient().update(payload);
}

/**
 * Records a custom event in the session replay (§17.4 validation).
 *
 * @example
 * trackEvent('report.exported', { format: 'csv', rows: 1200 });
 */
export function trackEvent(name: string, attributes?: TrackEventAttributes): void {
  getDefaultClient().trackEvent(name, attributes);
}

/**
 * Ends the session now (§14); queued calls settle `{ success: false }`.
 *
 * @example
 * await stopRecording();
 */
export function stopRecording(): Promise<Result> {
  return getDefaultClient().stopRecording();
}

/**
 * The visitor's consent answer after `init(…, { consent: 'pending' })`, or a later change of mind.
 *
 * @example
 * acceptButton.onclick = () => setConsent('granted');
 */
export function setConsent(consent: 'granted' | 'denied'): void {
  getDefaultClient().setConsent(consent);
}

/**
 * Call inside a cross-origin iframe whose parent page records.
 *
 * @example
 * initCrossOriginIframe();
 */
export function initCrossOriginIframe(): void {
  getDefaultClient().initCrossOriginIframe();
}

/**
 * The default client's current state snapshot. Does not create the client.
 *
 * @example
 * if (getState().isInitialized) { ... }
 */
export function getState(): MilanaState {
  const existing = (globalThis as unknown as Record<symbol, unknown>)[DEFAULT_CLIENT_KEY];
  // The global may refuse the client (frozen): this copy's own client is then the default one.
  return (isClient(existing) ? existing : fallbackClient)?.getState() ?? INITIAL_STATE;
}

/**
 * Svelte store contract on the default client: `listener` runs at once and on every change.
 *
 * @example
 * const unsubscribe = subscribe((state) => render(state));
 */
export function subscribe(listener: StateListener): () => void {
  return getDefaultClient().subscribe(listener);
}

/**
 * Calls `listener` on every state change of the default client (not at once).
 *
 * @example
 * const stop = listen((state) => console.log(state.status));
 */
export function listen(listener: StateListener): () => void {
  return getDefaultClient().listen(listener);
}
