import { safeStorage } from './env';
import { isPlainObject, sanitizeJsonValue } from './metadata';
import type { Logger } from './log';
import type { ConfirmedSessionContext, ConfirmedUser, Metadata } from './types';
import { sanitizeIntegrations } from './validate';

/** The per-tab persisted session (§15). */
export interface StoredState {
  sessionId: string | null;
  user: ConfirmedUser | null;
  sessionContext: ConfirmedSessionContext | null;
}

/** sessionStorage key of the state blob. */
export const SESSION_STATE_KEY = 'milana_session_state';
/** Key used by releases 1.0.16–1.0.17 for a bare session id. */
export const LEGACY_SESSION_ID_KEY = 'milana_session_id';

// Stored data is re-checked on read, but a bad blob is not the app's fault: stay silent.
const silent: Logger = { debug() {}, info() {}, warn() {}, trace() {}, debugEnabled: false };

function storedMetadata(value: unknown): Metadata | undefined {
  if (!isPlainObject(value)) return undefined;
  const clean = sanitizeJsonValue(value, { call: 'storage', field: 'metadata' }, silent);
  return clean.ok && isPlainObject(clean.value) ? (clean.value as Metadata) : undefined;
}

function readUser(value: unknown): ConfirmedUser | null {
  if (!isPlainObject(value) || typeof value.userId !== 'string' || value.userId === '') return null;
  const user: ConfirmedUser = { userId: value.userId };
  if (typeof value.email === 'string') user.email = value.email;
  if (typeof value.name === 'string') user.name = value.name;
  const metadata = storedMetadata(value.metadata);
  if (metadata !== undefined) user.metadata = metadata;
  return user;
}

function readContext(value: unknown): ConfirmedSessionContext | null {
  if (!isPlainObject(value)) return null;
  const context: ConfirmedSessionContext = {};
  const metadata = storedMetadata(value.metadata);
  if (metadata !== undefined) context.metadata = metadata;
  if (typeof value.appSessionId === 'string') context.appSessionId = value.appSessionId;
  if (value.integrations !== undefined) {
    const integrations = sanitizeIntegrations(value.integrations, 'storage', 'integrations', null);
    if (integrations !== undefined) context.integrations = integrations;
  }
  return context;
}

function parseBlob(raw: string): StoredState | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isPlainObject(parsed)) return null;
  const sessionId =
    typeof parsed.sessionId === 'string' && parsed.sessionId !== '' ? parsed.sessionId : null;
  const user = readUser(parsed.user);
  const sessionContext = readContext(parsed.sessionContext);
  if (sessionId === null && user === null && sessionContext === null) return null;
  return { sessionId, user, sessionContext };
}

/**
 * Read this tab's stored session, checking each part on its own (§15). When no blob exists, a
 * bare id under the legacy key `milana_session_id` is used once and removed (DEVIATION OPTION
 * taken: harmless, and it lets 1.0.16–1.0.17 tabs resume). Never throws.
 *
 * @example
 * ```ts
 * const stored = readSessionState();
 * if (stored?.sessionId) headers['X-Milana-Session-Id'] = stored.sessionId;
 * ```
 */
export function readSessionState(): StoredState | null {
  try {
    const storage = safeStorage('session');
    if (!storage) return null;
    const raw = storage.getItem(SESSION_STATE_KEY);
    if (raw !== null) return parseBlob(raw);
    const legacy = storage.getItem(LEGACY_SESSION_ID_KEY);
    if (legacy === null) return null;
    storage.removeItem(LEGACY_SESSION_ID_KEY);
    return legacy.trim() === '' ? null : { sessionId: legacy, user: null, sessionContext: null };
  } catch {
    return null;
  }
}

/**
 * Persist the session state as `{"sessionId","user","sessionContext"}` in that key order.
 * Storage failures (sandbox, quota) are ignored.
 *
 * @example
 * ```ts
 * writeSessionState({ sessionId: 'sess_1', user: null, sessionContext: null });
 * ```
 */
export function writeSessionState(state: StoredState): void {
  try {
    const text = JSON.stringify({
      sessionId: state.sessionId,
      user: state.user,
      sessionContext: state.sessionContext,
    });
    safeStorage('session')?.setItem(SESSION_STATE_KEY, text);
  } catch {
    // Persistence is best effort (§15).
  }
}

/**
 * Forget the stored session (on `stopRecording()`), including a legacy id.
 *
 * @example
 * ```ts
 * clearSessionState();
 * ```
 */
export function clearSessionState(): void {
  try {
    const storage = safeStorage('session');
    storage?.removeItem(SESSION_STATE_KEY);
    storage?.removeItem(LEGACY_SESSION_ID_KEY);
  } catch {
    // Best effort, like every storage access.
  }
}
