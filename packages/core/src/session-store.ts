import { guard, safeStorage } from './env';
import { isPlainObject, sanitizeMetadata } from './metadata';
import type { ConfirmedSessionContext, ConfirmedUser } from './types';
import { sanitizeIntegrations } from './validate';
import { HALF_KEYS } from './merge';

/** This tab's persisted session (§15); every part is `null` when unknown. */
export interface StoredState {
  sessionId: string | null;
  user: ConfirmedUser | null;
  /** Stored under the key `sessionContext`. */
  session: ConfirmedSessionContext | null;
}

/** sessionStorage key of the state blob. */
export const SESSION_STATE_KEY = 'milana_session_state';
/** Key used by releases 1.0.16–1.0.17 for a bare session id. */
export const LEGACY_SESSION_ID_KEY = 'milana_session_id';

const NOTHING: StoredState = { sessionId: null, user: null, session: null };

/** One stored half, keeping only fields of the right type; `null` when it is not an object. */
function readHalf(value: unknown, half: keyof typeof HALF_KEYS): Record<string, unknown> | null {
  if (!isPlainObject(value)) return null;
  const out: Record<string, unknown> = {};
  for (const key of HALF_KEYS[half]) {
    let field = value[key];
    if (key === 'integrations') field = sanitizeIntegrations(field, '', '', null);
    else if (key === 'metadata') {
      // Stored data is re-checked on read, but a bad blob is not the app's fault: no warning.
      const clean = sanitizeMetadata(field, { call: '', field: '' }, null);
      field = clean.ok ? clean.value : undefined;
    } else if (typeof field !== 'string') field = undefined;
    if (field !== undefined) out[key] = field;
  }
  // A user needs a userId.
  return half === 'session' || out.userId ? out : null;
}

/**
 * Reads this tab's stored session, checking each part on its own (§15); all parts are `null`
 * when nothing valid is stored. When no blob exists, a bare id under the legacy key
 * `milana_session_id` is used (DEVIATION OPTION taken: harmless, and it lets 1.0.16–1.0.17 tabs
 * resume); the next write's blob takes its place. Never throws.
 *
 * @example
 * ```ts
 * const { sessionId } = readSessionState();
 * ```
 */
export function readSessionState(): StoredState {
  try {
    // A missing storage throws here and means "nothing stored", like every other failure.
    const storage = safeStorage('session')!;
    // No blob: the legacy bare id stands in as one (it stays until the blob replaces it in reads,
    // and `clearSessionState` removes both).
    const raw =
      storage.getItem(SESSION_STATE_KEY) ??
      JSON.stringify({ sessionId: storage.getItem(LEGACY_SESSION_ID_KEY) });
    const blob: unknown = JSON.parse(raw);
    if (!isPlainObject(blob)) return NOTHING;
    const { sessionId } = blob;
    return {
      sessionId: typeof sessionId === 'string' && sessionId.trim() ? sessionId : null,
      user: readHalf(blob.user, 'user') as ConfirmedUser | null,
      session: readHalf(blob.sessionContext, 'session'),
    };
  } catch {
    return NOTHING;
  }
}

/**
 * Persists the session as `{"sessionId","user","sessionContext"}` in that key order. Storage
 * failures (sandbox, quota) are ignored (§15: best effort).
 *
 * @example
 * ```ts
 * writeSessionState({ sessionId: 'sess_1', user: null, session: null });
 * ```
 */
export function writeSessionState({ sessionId, user, session }: StoredState): void {
  // Best effort; a missing storage throws and is ignored like every other failure.
  guard(() =>
    safeStorage('session')!.setItem(
      SESSION_STATE_KEY,
      JSON.stringify({ sessionId, user, sessionContext: session }),
    ),
  );
}

/** Forgets the stored session (on `stopRecording()`), including a legacy id. Never throws. */
export function clearSessionState(): void {
  guard(() => {
    const storage = safeStorage('session')!;
    storage.removeItem(SESSION_STATE_KEY);
    storage.removeItem(LEGACY_SESSION_ID_KEY);
  });
}
