import type { ConfirmedSessionContext, ConfirmedUser } from './types';
import { setField } from './metadata';

/**
 * A user and a session context: the last server-confirmed identity (§7.5, §15; a half is `null`
 * while nothing is known) or the halves of one `/update` body (an absent half is `undefined`).
 * `UserUpdate` and `SessionUpdate` have the same shapes as the confirmed types.
 */
export interface Identity {
  user?: ConfirmedUser | null;
  session?: ConfirmedSessionContext | null;
}

/** The two halves of an identity. */
export const HALVES = ['user', 'session'] as const;

/** The fields of each half in the order they are built, sent and stored (§7.1, §7.2, §15). */
export const HALF_KEYS = {
  user: ['userId', 'email', 'name', 'metadata'],
  session: ['metadata', 'appSessionId', 'integrations'],
} as const;

type Fields = Record<string, unknown>;

/** A new object with the defined own fields of `sources`, later sources winning. */
function assign(...sources: unknown[]): Fields {
  const out: Fields = {};
  for (const source of sources)
    if (source)
      for (const key of Object.keys(source)) {
        const value = (source as Fields)[key];
        // defineProperty keeps a stray "__proto__" key an ordinary property.
        if (value !== undefined) setField(out, key, value);
      }
  return out;
}

/**
 * One half merged onto its saved value (§7.5 merge rules): an object field (`metadata`,
 * `integrations`) merges key by key with new keys winning and nested values replaced whole; any
 * other field (`userId`, `email`, `name`, `appSessionId`) takes the new value when defined.
 */
function mergeHalf(saved: unknown, next: Fields, keys: readonly string[]): Fields {
  const out: Fields = {};
  for (const key of keys) {
    const was = (saved as Fields | null | undefined)?.[key];
    const now = next[key];
    const value = now && typeof now === 'object' ? assign(was, now) : now !== undefined ? now : was;
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * `next` merged onto `saved` half by half; a half absent from `next` is kept as it is (same
 * object). Pure: returns new objects.
 *
 * @example
 * ```ts
 * mergeIdentity({ user: { userId: 'u', metadata: { a: 1 } }, session: null }, { user: { userId: 'u', metadata: { b: 2 } } });
 * // { user: { userId: 'u', metadata: { a: 1, b: 2 } }, session: null }
 * ```
 */
export function mergeIdentity<T extends Identity>(saved: T, next: Identity): T {
  const out = { ...saved };
  for (const half of HALVES) {
    const value = next[half];
    if (value) out[half] = mergeHalf(saved[half], value as Fields, HALF_KEYS[half]) as never;
  }
  return out;
}

/**
 * Structural equality of JSON values, as validation lets them through (no cycles, no NaN: both
 * are refused or turned into null on the way in). Key order does not matter, and a key holding
 * `undefined` equals a missing key (as in JSON).
 *
 * @example
 * ```ts
 * deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }); // true
 * ```
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a != 'object' || typeof b != 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = (o: object) => Object.keys(o).filter((k) => (o as Fields)[k] !== undefined);
  const left = keys(a);
  return (
    left.length === keys(b).length &&
    left.every(
      (k) =>
        Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Fields)[k], (b as Fields)[k]),
    )
  );
}

/**
 * The halves of `next` that would change the saved identity (§7.5 steps 1–3), each exactly as
 * passed, or `null` when nothing would change. An absent half counts as unchanged;
 * `updateSession({})` with no saved context counts as a change.
 *
 * @example
 * ```ts
 * changedHalves({ user: null, session: null }, { session: {} }); // { session: {} }
 * ```
 */
export function changedHalves(saved: Identity, next: Identity): Identity | null {
  const out: Identity = {};
  for (const half of HALVES) {
    const value = next[half];
    if (value && !deepEqual(mergeHalf(saved[half], value as Fields, HALF_KEYS[half]), saved[half]))
      out[half] = value as never;
  }
  return out.user || out.session ? out : null;
}
