import type {
  ConfirmedSessionContext,
  ConfirmedUser,
  MilanaState,
  MilanaStatus,
  StateListener,
} from './types';
import type { Logger } from './log';
import { deepEqual } from './merge';

/**
 * Every allowed move of the client's lifecycle. Anything not listed is a bug in the caller and is
 * refused (with a debug line) instead of silently corrupting the state.
 *
 * - `initializing` is entered by `init` (from idle/stopped) and by a server-driven restart (from
 *   a ready state); it ends in a ready state, back in `idle` (the start failed for good) or in
 *   `stopped` (`stopRecording()` ran meanwhile).
 * - `halted` is the recorder giving up (retry limit, buffer caps, loader failure): the session
 *   still exists for identity calls, it just records nothing.
 */
export const TRANSITIONS: Readonly<Record<MilanaStatus, readonly MilanaStatus[]>> = Object.freeze({
  idle: ['initializing', 'stopped'],
  initializing: ['recording', 'not-sampled', 'idle', 'stopped'],
  recording: ['not-sampled', 'halted', 'initializing', 'stopped'],
  'not-sampled': ['initializing', 'stopped'],
  halted: ['not-sampled', 'initializing', 'stopped'],
  stopped: ['initializing', 'stopped'],
});

/** The statuses in which a session exists and calls run at once. */
export function isReadyStatus(status: MilanaStatus): boolean {
  return status === 'recording' || status === 'not-sampled' || status === 'halted';
}

/** The fields of a snapshot other than `status` and the derived `isInitialized`. */
export interface StatePatch {
  sessionId?: string | null;
  sampled?: boolean | null;
  user?: ConfirmedUser | null;
  session?: ConfirmedSessionContext | null;
}

const INITIAL: MilanaState = Object.freeze({
  status: 'idle',
  isInitialized: false,
  sessionId: null,
  sampled: null,
  user: null,
  session: null,
});

/** The snapshot every client starts with (also what non-browser environments report). */
export function initialState(): MilanaState {
  return INITIAL;
}

// Snapshots are handed to app code; a deep frozen copy means nobody can edit our bookkeeping.
function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const copy: any = Array.isArray(value) ? [] : {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, key, { value: frozenCopy((value as any)[key]), enumerable: true });
  }
  return Object.freeze(copy);
}

/**
 * Holds the current immutable snapshot, enforces the transition table and notifies listeners.
 * A new snapshot object exists only when some field really changed, so wrappers can compare by
 * reference (`useSyncExternalStore`, Svelte stores).
 */
export class StateStore {
  private _current: MilanaState = INITIAL;
  private readonly _listeners = new Set<{ fn: StateListener }>();

  constructor(private readonly _log: Logger) {}

  get(): MilanaState {
    return this._current;
  }

  get status(): MilanaStatus {
    return this._current.status;
  }

  /** Move to `to` (checked against {@link TRANSITIONS}) and apply `patch`. */
  transition(to: MilanaStatus, patch: StatePatch = {}): boolean {
    const from = this._current.status;
    if (from !== to && !TRANSITIONS[from].includes(to)) {
      this._log.debug(`state: refused transition ${from} -> ${to}`);
      return false;
    }
    this._commit(to, patch);
    return true;
  }

  /** Change data fields without changing the status. */
  patch(patch: StatePatch): void {
    this._commit(this._current.status, patch);
  }

  /** Calls `listener` now and on every change (the Svelte store contract). */
  subscribe(listener: StateListener): () => void {
    const entry = this._add(listener);
    this._call(entry, this._current);
    return () => this._listeners.delete(entry);
  }

  /** Calls `listener` on every change only. */
  listen(listener: StateListener): () => void {
    const entry = this._add(listener);
    return () => this._listeners.delete(entry);
  }

  private _add(listener: StateListener): { fn: StateListener } {
    // Wrapped so the same function can be subscribed twice and unsubscribed independently.
    const entry = { fn: listener };
    this._listeners.add(entry);
    return entry;
  }

  private _commit(status: MilanaStatus, patch: StatePatch): void {
    const prev = this._current;
    const next = {
      status,
      isInitialized: isReadyStatus(status),
      sessionId: patch.sessionId !== undefined ? patch.sessionId : prev.sessionId,
      sampled: patch.sampled !== undefined ? patch.sampled : prev.sampled,
      user:
        patch.user !== undefined && !deepEqual(patch.user, prev.user)
          ? frozenCopy(patch.user)
          : prev.user,
      session:
        patch.session !== undefined && !deepEqual(patch.session, prev.session)
          ? frozenCopy(patch.session)
          : prev.session,
    };
    if (
      next.status === prev.status &&
      next.sessionId === prev.sessionId &&
      next.sampled === prev.sampled &&
      next.user === prev.user &&
      next.session === prev.session
    ) {
      return;
    }
    this._current = Object.freeze(next);
    for (const entry of Array.from(this._listeners)) {
      if (this._listeners.has(entry)) this._call(entry, this._current);
    }
  }

  private _call(entry: { fn: StateListener }, state: MilanaState): void {
    try {
      entry.fn(state);
    } catch (error) {
      // One broken listener must not starve the others or break the SDK.
      this._log.debug('a state listener threw', error);
    }
  }
}
