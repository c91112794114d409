import type {
  ConfirmedSessionContext,
  ConfirmedUser,
  Metadata,
  SessionIntegrations,
  SessionUpdate,
  UserUpdate,
} from './types';
import { setField } from './metadata';

/** The last server-confirmed identity (§7.5, §15). */
export interface SavedIdentity {
  user: ConfirmedUser | null;
  sessionContext: ConfirmedSessionContext | null;
}

/** The halves of an `/update` body. */
export interface UpdateHalves {
  user?: UserUpdate;
  session?: SessionUpdate;
}

function shallowMerge<T extends object>(saved: T | undefined, next: T | undefined): T | undefined {
  if (next === undefined) return saved;
  const out = {} as T;
  // defineProperty keeps a stray "__proto__" key an ordinary property.
  for (const source of [saved, next]) {
    if (!source) continue;
    for (const key of Object.keys(source)) {
      const value = (source as Record<string, unknown>)[key];
      if (value === undefined) continue;
      setField(out, key, value);
    }
  }
  return out;
}

/**
 * Merge a user update onto the saved user (§7.5): `userId` always new; `email` and `name` new when
 * defined; `metadata` merged key by key with new keys winning. Returns a new object.
 *
 * @example
 * ```ts
 * mergeUser({ userId: 'u', email: 'a@x', metadata: { a: 1 } }, { userId: 'u', metadata: { b: 2 } });
 * // { userId: 'u', email: 'a@x', metadata: { a: 1, b: 2 } }
 * ```
 */
export function mergeUser(saved: ConfirmedUser | null, next: UserUpdate): ConfirmedUser {
  const out: ConfirmedUser = { userId: next.userId };
  const email = next.email !== undefined ? next.email : saved?.email;
  const name = next.name !== undefined ? next.name : saved?.name;
  const metadata = shallowMerge<Metadata>(saved?.metadata, next.metadata);
  if (email !== undefined) out.email = email;
  if (name !== undefined) out.name = name;
  if (metadata !== undefined) out.metadata = metadata;
  return out;
}

/**
 * Merge a session update onto the saved context (§7.5): `metadata` key by key, `appSessionId`
 * new when defined, `integrations` per vendor with each vendor entry replaced whole.
 *
 * @example
 * ```ts
 * mergeSessionContext(null, { appSessionId: 'wf_1' }); // { appSessionId: 'wf_1' }
 * ```
 */
export function mergeSessionContext(
  saved: ConfirmedSessionContext | null,
  next: SessionUpdate,
): ConfirmedSessionContext {
  const out: ConfirmedSessionContext = {};
  const metadata = shallowMerge<Metadata>(saved?.metadata, next.metadata);
  const appSessionId = next.appSessionId !== undefined ? next.appSessionId : saved?.appSessionId;
  const integrations = shallowMerge<SessionIntegrations>(saved?.integrations, next.integrations);
  if (metadata !== undefined) out.metadata = metadata;
  if (appSessionId !== undefined) out.appSessionId = appSessionId;
  if (integrations !== undefined) out.integrations = integrations;
  return out;
}

/**
 * Structural equality of JSON-like values. Key order does not matter and a key holding
 * `undefined` equals a missing key, as in JSON.
 *
 * @example
 * ```ts
 * deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }); // true
 * ```
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  return equal(a, b, new Map());
}

function equal(a: unknown, b: unknown, seen: Map<object, object>): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  // A pair already being compared higher up is assumed equal, so cycles terminate.
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  const aArray = Array.isArray(a);
  if (aArray !== Array.isArray(b)) return false;
  if (aArray) {
    const left = a as unknown[];
    const right = b as unknown[];
    return left.length === right.length && left.every((item, i) => equal(item, right[i], seen));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const leftKeys = Object.keys(left).filter((k) => left[k] !== undefined);
  const rightKeys = Object.keys(right).filter((k) => right[k] !== undefined);
  if (leftKeys.length !== rightKeys.length) return false;
  return leftKeys.every(
    (k) => Object.prototype.hasOwnProperty.call(right, k) && equal(left[k], right[k], seen),
  );
}

/**
 * The halves of `payload` that would change the saved identity (§7.5 steps 1–3), each exactly
 * as passed, or `null` when nothing would change. An absent half counts as unchanged;
 * `updateSession({})` with no saved context counts as a change.
 *
 * @example
 * ```ts
 * changedHalves({ user: null, sessionContext: null }, { session: {} }); // { session: {} }
 * ```
 */
export function changedHalves(saved: SavedIdentity, payload: UpdateHalves): UpdateHalves | null {
  const out: UpdateHalves = {};
  if (payload.user !== undefined && !deepEqual(mergeUser(saved.user, payload.user), saved.user)) {
    out.user = payload.user;
  }
  if (
    payload.session !== undefined &&
    !deepEqual(mergeSessionContext(saved.sessionContext, payload.session), saved.sessionContext)
  ) {
    out.session = payload.session;
  }
  return out.user === undefined && out.session === undefined ? null : out;
}

/**
 * The saved identity after the server confirmed `sent` (§7.5 step 4): the sent halves are merged
 * onto the current saved blob and the other half is kept. Pure; returns new objects.
 *
 * @example
 * ```ts
 * const next = applyConfirmed(saved, { user: { userId: 'u', email: 'a@x' } });
 * ```
 */
export function applyConfirmed(saved: SavedIdentity, sent: UpdateHalves): SavedIdentity {
  return {
    user: sent.user !== undefined ? mergeUser(saved.user, sent.user) : saved.user,
    sessionContext:
      sent.session !== undefined
        ? mergeSessionContext(saved.sessionContext, sent.session)
        : saved.sessionContext,
  };
}
