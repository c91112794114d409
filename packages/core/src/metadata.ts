import type { Logger } from './log';
import type { JsonValue, Metadata } from './types';

/** Containers nested deeper than this (the metadata object itself is level 1) are dropped. */
export const MAX_DEPTH = 10;
/** Sanitised metadata whose JSON text is longer than this is refused, never truncated. */
export const MAX_SERIALIZED_CHARS = 65536;

/** The outcome of sanitising: a fresh JSON-only copy, or a refusal that was already logged. */
export type Sanitized<T> = { ok: true; value: T } | { ok: false };

/** Which call and field a value came from, for the one-line warnings. */
export interface Where {
  call: string;
  field: string;
}

/** Any value read by key (arrays, objects, functions; a primitive reads through its wrapper). */
type Readable = { readonly [key: string]: unknown };

/** Keys never copied from caller input, so no value can reach a prototype. */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** The rule text shared by every value that threw while it was read (getter, toJSON, Proxy). */
export const UNREADABLE = 'could not be read';

/**
 * Writes the one warning line of every rule: `<call>: <field> <rule>; <outcome>` (the logger adds
 * `Milana: `). Silent without a logger (stored data is re-checked quietly). Returns `undefined`,
 * which callers use as "this field was dropped".
 */
export function say(
  log: Logger | null,
  call: string,
  field: string,
  rule: string,
  outcome = 'dropped',
): undefined {
  log?.warn(`${call}: ${field} ${rule}; ${outcome}`);
  return undefined;
}

/** Logs that the whole call was refused; returns `null` for the caller to return. */
export function refuse(log: Logger | null, call: string, field: string, rule: string): null {
  say(log, call, field, rule, 'the call was ignored');
  return null;
}

/**
 * Collects the notes of lossy rules and logs one warning per rule at the end, naming the first
 * field path and how many more were like it. Notes share a rule when they share `key` (default:
 * the rule text).
 */
export function collector(
  log: Logger | null,
  call: string,
): [
  note: (field: string, rule: string, outcome?: string, key?: string) => undefined,
  report: () => void,
] {
  const seen: Record<string, [field: string, rule: string, outcome: string, more: number]> = {};
  return [
    (field, rule, outcome = 'dropped', key = rule) => {
      if (seen[key]) seen[key][3] += 1;
      else seen[key] = [field, rule, outcome, 0];
    },
    () => {
      for (const [field, rule, outcome, more] of Object.values(seen)) {
        say(log, call, field, rule, outcome + (more ? ` (and ${more} more like it)` : ''));
      }
    },
  ];
}

/** Sets `key` without ever invoking a setter, so a `__proto__` key stays an ordinary property. */
export function setField(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** An object that is not an array (null excluded); what an options or input object must be. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The built-in type tag, e.g. `Object`, `Date`, `RegExp` (works across realms). */
export function tagOf(value: unknown): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

/** A plain object: `{}`-made, `Object.create(null)`-made, or a plain object from another realm. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  try {
    // Primitives have a prototype whose own prototype is Object.prototype, so they fail here too.
    const proto: unknown = Object.getPrototypeOf(value);
    return (
      !Array.isArray(value) &&
      (proto === null ||
        proto === Object.prototype ||
        (Object.getPrototypeOf(proto) === null &&
          tagOf(value) === 'Object' &&
          tagOf(proto) === 'Object'))
    );
  } catch {
    return false; // null, undefined, a revoked Proxy
  }
}

/**
 * Copy any value into JSON-only data: Dates become ISO strings, BigInts strings, NaN and
 * Infinity null; functions, symbols, cycles, reserved keys, over-deep containers and unreadable
 * values are dropped; Map, Set, RegExp, Error, binary data and other non-plain built-ins are
 * dropped; boxed primitives are unboxed; class instances keep their own enumerable properties;
 * `toJSON()` is honoured. Each lossy rule logs one `Milana: ` warning. Data longer than
 * {@link MAX_SERIALIZED_CHARS} as JSON is refused (never truncated) with one warning. Never throws.
 *
 * @example
 * ```ts
 * sanitizeJsonValue({ at: new Date(0) }, { call: 'identify', field: 'metadata' }, log);
 * // { ok: true, value: { at: '1970-01-01T00:00:00.000Z' } }
 * ```
 */
export function sanitizeJsonValue(
  value: unknown,
  { call, field }: Where,
  log: Logger | null,
): Sanitized<JsonValue | undefined> {
  const [note, report] = collector(log, call);
  const ancestors: unknown[] = [];
  // A lower bound of the JSON length, so that huge input stops the walk early.
  let size = 0;

  /**
   * Sanitises `holder[key]`, found at `path` inside `depth` containers; `undefined` means "left
   * out" (a dropped array element becomes null, as in JSON). Reading happens here so that
   * whatever throws (a getter, a Proxy trap, toJSON) drops only this value. `unwrapped` marks the
   * result of `toJSON()` or of unboxing, which is not unwrapped again (as in JSON).
   */
  const walk = (
    holder: object,
    key: string | number,
    path: string,
    depth: number,
    unwrapped?: 1,
  ): JsonValue | undefined => {
    try {
      let v = (holder as Readable)[key];
      if (typeof v === 'bigint') v = String(v); // lossless, where JSON.stringify would throw
      const type = typeof v;
      // Booleans, null and undefined (left out, as in JSON: nothing meant to be sent is lost).
      if (v == null || typeof v === 'boolean') return v;
      if (typeof v === 'string') {
        size += v.length;
        return v;
      }
      const tag = tagOf(v);
      // NaN, Infinity and invalid Dates become null, as in JSON (isFinite coerces a Date to its
      // time value).
      if ((type === 'number' || tag === 'Date') && !isFinite(v as number)) {
        note(path, 'is NaN, Infinity or an invalid Date', 'sent as null');
        return null;
      }
      if (typeof v === 'number') return v;
      // Objects, functions and symbols, read by key; whatever throws is caught below.
      const o = v as Readable & { toJSON?: () => unknown };
      const isArray = Array.isArray(o);
      if (!isArray && !unwrapped) {
        // Like JSON.stringify: a value's own idea of its JSON wins (Date, Luxon, Decimal…).
        const inner =
          typeof o.toJSON === 'function'
            ? o.toJSON()
            : /^(String|Number|Boolean|BigInt)$/.test(tag)
              ? o.valueOf()
              : o;
        if (inner !== o) return walk([inner], 0, path, depth, 1);
      }
      if (!isArray) {
        // Map, Set, RegExp, Error, Promise, typed arrays, DOM nodes, functions, symbols…
        if (tag !== 'Object')
          return note(path, `is a ${tag}, which is not JSON`, undefined, 'json');
        if (!isPlainObject(o)) {
          note(path, 'is a class instance', 'only its own enumerable properties were kept');
        }
      }
      if (++depth > MAX_DEPTH) return note(path, `is nested deeper than ${MAX_DEPTH} levels`);
      if (ancestors.includes(o)) return note(path, 'is a circular reference');
      // Read before `ancestors` grows: nothing below throws, so the pop always happens.
      const keys = isArray ? [] : Object.keys(o);
      const count = isArray ? o.length : keys.length;
      const out: JsonValue[] | Record<string, JsonValue> = isArray ? [] : {};
      ancestors.push(o);
      for (let i = 0; i < count && size <= MAX_SERIALIZED_CHARS; i++) {
        // For an array, an index: only used to read the item, never reserved nor shown as text.
        const name = (isArray ? i : keys[i]) as string;
        const itemPath = isArray ? `${path}[${i}]` : `${path}.${name.slice(0, 40)}`;
        const item = RESERVED_KEYS.includes(name)
          ? note(itemPath, 'is a reserved key')
          : walk(o, name, itemPath, depth);
        if (isArray) {
          size += 1;
          (out as JsonValue[]).push(item ?? null);
        } else if (item !== undefined) {
          size += name.length + 1;
          setField(out, name, item);
        }
      }
      ancestors.pop();
      return out;
    } catch {
      return note(path, UNREADABLE);
    }
  };

  const result = walk([value], 0, field, 0);
  if (size > MAX_SERIALIZED_CHARS || JSON.stringify(result ?? null).length > MAX_SERIALIZED_CHARS) {
    refuse(log, call, field, `is longer than ${MAX_SERIALIZED_CHARS} characters as JSON`);
    return { ok: false };
  }
  report();
  return { ok: true, value: result };
}

/**
 * Sanitise user or session metadata: the top level must be a plain object (and stay one after
 * `toJSON`); see {@link sanitizeJsonValue} for the rules applied inside it.
 *
 * @example
 * ```ts
 * const result = sanitizeMetadata(input.metadata, { call: 'identify', field: 'metadata' }, log);
 * if (result.ok) user.metadata = result.value;
 * ```
 */
export function sanitizeMetadata(
  value: unknown,
  where: Where,
  log: Logger | null,
): Sanitized<Metadata> {
  const result = isPlainObject(value) && sanitizeJsonValue(value, where, log);
  if (result && !result.ok) return result;
  if (result && isPlainObject(result.value)) return result as Sanitized<Metadata>;
  refuse(log, where.call, where.field, 'must be a plain object of JSON values');
  return { ok: false };
}
