import type { MilanaState, MilanaStatus } from './types';
import { deepEqual } from './merge';
import { setField } from './metadata';

/**
 * The lifecycle's allowed moves, written as the statuses each status may be entered from.
 * `initializing` (init, a server-driven restart), `awaiting-consent` (init without consent, only
 * ever called without a session) and `stopped` (`stopRecording()`) may be entered from any status, and staying in a status is always allowed. Any other move is a bug in the
 * caller and is refused instead of silently corrupting the state.
 */
const ENTERED_FROM: { readonly [S in MilanaStatus]?: readonly MilanaStatus[] } = {
  // The start failed for good.
  idle: ['initializing'],
  recording: ['initializing'],
  // A ready session the server declined to record (§7.3, §8.3).
  'not-sampled': ['initializing', 'recording', 'halted'],
  // The recorder gave up (retry limit, buffer caps, loader failure); identity calls still run.
  halted: ['recording'],
};

/** Whether the lifecycle may move from `from` to `to`. */
export function canMove(from: MilanaStatus, to: MilanaStatus): boolean {
  const sources = ENTERED_FROM[to];
  return from === to || !sources || sources.includes(from);
}

/** The statuses in which a session exists and calls run at once. */
export function isReady(status: MilanaStatus): boolean {
  return ['recording', 'not-sampled', 'halted'].includes(status);
}

/** The fields of a snapshot other than `status` and the derived `isInitialized`. */
export type StatePatch = Partial<Pick<MilanaState, 'sessionId' | 'sampled' | 'user' | 'session'>>;

/** The snapshot every client starts with (also what non-browser environments report). */
export const INITIAL_STATE: MilanaState = Object.freeze({
  status: 'idle',
  isInitialized: false,
  sessionId: null,
  sampled: null,
  user: null,
  session: null,
});

// Snapshots are handed to app code; a deep frozen copy means nobody can edit our bookkeeping.
function frozenCopy(value: unknown): unknown {
  if (!value || typeof value != 'object') return value;
  const copy = Array.isArray(value) ? [] : {};
  for (const key of Object.keys(value))
    setField(copy, key, frozenCopy((value as Record<string, unknown>)[key]));
  return Object.freeze(copy);
}

/**
 * The snapshot after moving to `status` and applying `patch` (fields left `undefined` keep their
 * value), or `prev` itself when nothing changed, so wrappers can compare by reference
 * (`useSyncExternalStore`, Svelte stores). Snapshots are frozen deeply and detached from `patch`.
 */
export function nextState(prev: MilanaState, status: MilanaStatus, patch: StatePatch): MilanaState {
  const next: Record<string, unknown> = { ...prev, status, isInitialized: isReady(status) };
  let changed = status !== prev.status;
  for (const key of ['sessionId', 'sampled', 'user', 'session'] as const) {
    const value = patch[key];
    if (value !== undefined && !deepEqual(value, prev[key])) {
      next[key] = frozenCopy(value);
      changed = true;
    }
  }
  return changed ? (Object.freeze(next) as unknown as MilanaState) : prev;
}
