import type { RecorderLog } from '../host.js';

/** A validated custom event's attributes (§17.4). */
export type TrackEventAttributes = { [key: string]: string | number | boolean | null };

/** Keys never copied from caller input, so no value can reach a prototype. */
const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype'];

/*
 * Why this lives in the recorder: a `trackEvent` is only ever recorded in a `recording` session,
 * by this chunk, so its §17.4 input check is loaded with it instead of weighing on every page
 * (the core forwards the name and attributes as the app passed them). The warning lines are the
 * core's: `Milana: trackEvent: <field> <rule>; <outcome>`, one per rule.
 */

/**
 * Validate a custom event (§17.4): the name must be a non-blank string of at most 255 characters
 * (else one warning and `null`); each attribute is kept when it is null, a finite number, a
 * boolean or a 1–2048-character string (NaN and Infinity become null), otherwise dropped with one
 * warning per rule naming the first such field and how many more were like it. Attributes keep
 * their order. Hostile input (throwing getters, revoked Proxies) is dropped, never thrown.
 *
 * @example
 * ```ts
 * validateTrackEvent('checkout', { step: 2, plan: 'team' }, log);
 * // { name: 'checkout', attributes: { step: 2, plan: 'team' } }
 * ```
 */
export function validateTrackEvent(
  name: unknown,
  attributes: unknown,
  log: RecorderLog,
): { name: string; attributes: TrackEventAttributes } | null {
  const say = (field: string, rule: string, outcome: string): void =>
    log.warn(`trackEvent: ${field} ${rule}; ${outcome}`);
  if (typeof name !== 'string' || !name.trim() || name.length > 255) {
    say('name', 'must be a non-blank string of at most 255 characters', 'the call was ignored');
    return null;
  }
  const out: TrackEventAttributes = {};
  // Per rule: the first field path it hit and how many more; logged once at the end.
  const seen: Record<string, [field: string, more: number]> = {};
  const note = (field: string, rule: string): void => {
    if (seen[rule]) seen[rule][1] += 1;
    else seen[rule] = [field, 0];
  };
  try {
    if (
      attributes !== undefined &&
      (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))
    ) {
      note('attributes', 'must be an object');
    } else {
      for (const key of attributes ? Object.keys(attributes) : []) {
        const path = `attributes.${key}`;
        try {
          const value = (attributes as Record<string, unknown>)[key];
          const type = typeof value;
          if (!key || key.length > 255 || RESERVED_KEYS.includes(key)) {
            note('attributes', 'has a key that is empty, reserved or longer than 255 characters');
          } else if (
            type === 'string'
              ? value && (value as string).length <= 2048
              : value === null || type === 'number' || type === 'boolean'
          ) {
            // defineProperty, never a setter: an own `__proto__`-like key stays a plain property.
            Object.defineProperty(out, key, {
              // NaN and Infinity become null, as JSON would send them.
              value: type === 'number' && !isFinite(value as number) ? null : value,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          } else {
            note(path, 'must be null, a number, a boolean or a string of 1 to 2048 characters');
          }
        } catch {
          note(path, 'could not be read');
        }
      }
    }
  } catch {
    note('attributes', 'could not be read');
  }
  for (const rule of Object.keys(seen)) {
    const [field, more] = seen[rule]!;
    say(field, rule, 'dropped' + (more ? ` (and ${more} more like it)` : ''));
  }
  return { name, attributes: out };
}
