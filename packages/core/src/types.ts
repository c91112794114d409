import type {
  ConsoleLevel,
  ContextCaptureOptions,
  PrivacyOptions,
  RecorderOptions,
} from '@milana-js/recorder';

/**
 * Public types of the Milana client. These shapes are a compatibility contract with existing
 * `milana-js` users (see shared/spec/api.md); do not rename or reshape them.
 */

/** Any JSON value. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Free-form JSON metadata attached to a user or a session. */
export type Metadata = { [key: string]: JsonValue };

/** What every asynchronous public call resolves to. Nothing ever rejects or throws. */
export interface Result {
  success: boolean;
}

/** Describes the host application when a session starts. */
export interface SessionInfo<M extends Metadata = Metadata> {
  environment: string;
  version: string;
  metadata?: M;
  appSessionId?: string;
}

/** Input of `identify`: links the session to a user. */
export interface IdentifyInput<M extends Metadata = Metadata> {
  userId: string;
  email: string;
  name?: string;
  metadata?: M;
}

/** Input of `updateUser`: a partial upsert of a user's profile. */
export interface UserUpdate<M extends Metadata = Metadata> {
  userId: string;
  email?: string;
  name?: string;
  metadata?: M;
}

/** Ids of other tools' sessions, linked to the Milana session. */
export interface SessionIntegrations {
  sentry?: { replayId: string };
  posthog?: { sessionId: string; distinctId?: string; userId?: string };
}

/** Input of `updateSession`: a partial upsert of the session context. */
export interface SessionUpdate<M extends Metadata = Metadata> {
  metadata?: M;
  appSessionId?: string;
  integrations?: SessionIntegrations;
}

/**
 * Input of the deprecated `update`: at least one of `user` and `session`.
 * @deprecated use `updateUser` and `updateSession`.
 */
export type UpdatePayload<U extends Metadata = Metadata, S extends Metadata = Metadata> =
  | { user: UserUpdate<U>; session?: SessionUpdate<S> }
  | { user?: UserUpdate<U>; session: SessionUpdate<S> };

/** Attributes of a custom event: flat scalars only. */
export type TrackEventAttributes = { [key: string]: string | number | boolean | null };

export type { ConsoleLevel, ContextCaptureOptions, PrivacyOptions };

/** Options of `init`: the recording options of the recorder plus where to send and what to link. */
export interface InitOptions extends RecorderOptions {
  /** Base URL of the ingest service, e.g. a first-party proxy. Default `https://in.getmilana.ai`. */
  endpoint?: string;
  integrations?: ('sentry' | 'posthog')[];
  /**
   * Whether the visitor agreed to be recorded. `"granted"` (default) starts at once; `"pending"`
   * validates and waits for `setConsent()` without a request or a storage write, holding identity
   * calls and events in memory; `"denied"` starts nothing and settles calls `{ success: false }`.
   */
  consent?: Consent;
}

/** The visitor's answer to the consent banner, as `init` takes it. */
export type Consent = 'granted' | 'pending' | 'denied';

/**
 * The lifecycle states of a client. `awaiting-consent` is reserved for `init` with
 * `consent: "pending"` (api.md "Consent").
 */
export type MilanaStatus =
  'idle' | 'awaiting-consent' | 'initializing' | 'recording' | 'not-sampled' | 'halted' | 'stopped';

/** The merged, server-confirmed user. */
export interface ConfirmedUser {
  userId: string;
  email?: string;
  name?: string;
  metadata?: Metadata;
}

/** The merged, server-confirmed session context. */
export interface ConfirmedSessionContext {
  metadata?: Metadata;
  appSessionId?: string;
  integrations?: SessionIntegrations;
}

/** The fields every snapshot carries, whatever its status. */
interface StateFields {
  readonly user: Readonly<ConfirmedUser> | null;
  readonly session: Readonly<ConfirmedSessionContext> | null;
}

/** A snapshot while no session exists: before `init`, after a failed start, after a stop. */
export interface MilanaStateWithoutSession extends StateFields {
  readonly status: 'idle' | 'awaiting-consent' | 'stopped';
  readonly isInitialized: false;
  readonly sessionId: null;
  readonly sampled: null;
}

/**
 * A snapshot while `/session` is in flight (first start or restart). The id and `sampled` are
 * set once the server answered, while the saved identity is still being replayed (§16).
 */
export interface MilanaStateInitializing extends StateFields {
  readonly status: 'initializing';
  readonly isInitialized: false;
  readonly sessionId: string | null;
  readonly sampled: boolean | null;
}

/** A snapshot of a ready session: calls run at once and `sessionId` is always known. */
interface ReadyFields extends StateFields {
  /** True while a session exists and is ready (`recording`, `not-sampled` or `halted`). */
  readonly isInitialized: true;
  readonly sessionId: string;
}

/** A sampled session: recording, or halted after the recorder gave up (identity calls work). */
export interface MilanaStateRecording extends ReadyFields {
  readonly status: 'recording' | 'halted';
  readonly sampled: true;
}

/** A session the server declined to record: identity calls still go to `/update`. */
export interface MilanaStateNotSampled extends ReadyFields {
  readonly status: 'not-sampled';
  readonly sampled: false;
}

/**
 * An immutable snapshot of a client's state, a union keyed by `status`: checking
 * `isInitialized` or a ready `status` narrows `sessionId` to `string`. A new object only when
 * something changed.
 *
 * @example
 * const state = getState();
 * if (state.isInitialized) console.log(state.sessionId.length);
 */
export type MilanaState =
  | MilanaStateWithoutSession
  | MilanaStateInitializing
  | MilanaStateRecording
  | MilanaStateNotSampled;

/** Who started the session; sent as `X-Milana-Caller-Type`. */
export type CallerType = 'core' | 'react' | 'cdn';

/** A listener of state snapshots. */
export type StateListener = (state: MilanaState) => void;

/** An independent Milana client. The named exports of `milana-js` use one default client per page. */
export interface MilanaClient {
  init(
    productId: string,
    clientKey: string,
    sessionInfo: SessionInfo,
    options?: InitOptions,
  ): Promise<Result>;
  identify<M extends Metadata = Metadata>(input: IdentifyInput<M>): Promise<Result>;
  updateUser<M extends Metadata = Metadata>(input: UserUpdate<M>): Promise<Result>;
  updateSession<M extends Metadata = Metadata>(input: SessionUpdate<M>): Promise<Result>;
  /** @deprecated use `updateUser` and `updateSession`. */
  update(payload: UpdatePayload): Promise<Result>;
  trackEvent(name: string, attributes?: TrackEventAttributes): void;
  stopRecording(): Promise<Result>;
  /**
   * The visitor's answer after `init(…, { consent: "pending" })` (or a later change of mind):
   * `"granted"` starts the session and runs the calls that waited; `"denied"` settles them
   * `{ success: false }`, or stops a running session without sending what is buffered.
   */
  setConsent(consent: 'granted' | 'denied'): void;
  initCrossOriginIframe(): void;
  getState(): MilanaState;
  /** Svelte store contract: calls `listener` at once with the current state, then on every change. */
  subscribe(listener: StateListener): () => void;
  /** Calls `listener` on every change only. */
  listen(listener: StateListener): () => void;
}
