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

type Rule =
  | 'function'
  | 'symbol'
  | 'nonFinite'
  | 'invalidDate'
  | 'circular'
  | 'reservedKey'
  | 'tooDeep'
  | 'unreadable'
  | 'unsupported'
  | 'classInstance';

const RULE_TEXT: Record<Rule, (detail: string) => string> = {
  function: () => 'is a function; dropped (metadata must be JSON)',
  symbol: () => 'is a symbol; dropped (metadata must be JSON)',
  nonFinite: () => 'is NaN or Infinity; sent as null',
  invalidDate: () => 'is an invalid Date; sent as null',
  circular: () => 'is a circular reference; dropped',
  reservedKey: () => 'is a reserved key (__proto__, constructor, prototype); ignored',
  tooDeep: () => `is nested deeper than ${MAX_DEPTH} levels; dropped`,
  unreadable: () => 'could not be read (a getter, toJSON or Proxy threw); dropped',
  unsupported: (detail) => `is a ${detail}, which is not JSON; dropped`,
  classInstance: (detail) =>
    `is a ${detail} instance; only its own enumerable properties were kept`,
};

/** Keys never copied from caller input, so no value can reach a prototype. */
export const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Sets `key` without ever invoking a setter, so a `__proto__` key stays an ordinary property. */
export function setField(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
const DROP: unique symbol = Symbol('drop');
const TOO_LARGE: unique symbol = Symbol('too large');
type Out = JsonValue | typeof DROP;

function tagOf(value: object): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

/** A plain object: `{}`-made, `Object.create(null)`-made, or a plain object from another realm. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  try {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === null || proto === Object.prototype) return true;
    return (
      Object.getPrototypeOf(proto) === null &&
      tagOf(value) === 'Object' &&
      tagOf(proto as object) === 'Object'
    );
  } catch {
    return false;
  }
}

function childPath(path: string, key: string): string {
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  return path ? `${path}.${shown}` : shown;
}

/**
 * One walk over a value. Rules that lose data are collected (first path + count) and logged
 * once per rule at the end. `size` is a lower bound of the JSON length so that oversized
 * input (huge strings, 10^6-element arrays) is refused without walking all of it.
 */
class Walker {
  readonly _issues = new Map<Rule, { path: string; detail: string; count: number }>();
  private readonly _ancestors = new Set<object>();
  private _size = 0;

  _note(rule: Rule, path: string, detail = ''): void {
    const seen = this._issues.get(rule);
    if (seen) seen.count += 1;
    else this._issues.set(rule, { path, detail, count: 1 });
  }

  private _charge(chars: number): void {
    this._size += chars;
    if (this._size > MAX_SERIALIZED_CHARS) throw TOO_LARGE;
  }

  _value(v: unknown, path: string, depth: number, viaToJson = false): Out {
    switch (typeof v) {
      case 'string':
        this._charge(v.length + 2);
        return v;
      case 'number':
        if (!Number.isFinite(v)) {
          this._note('nonFinite', path);
          this._charge(4);
          return null;
        }
        this._charge(1);
        return v;
      case 'boolean':
        this._charge(4);
        return v;
      case 'bigint':
        // Lossless: the digits survive as a string, where JSON.stringify would throw.
        this._charge(v.toString().length + 2);
        return v.toString();
      case 'undefined':
        // JSON drops undefined properties too; nothing the caller meant to send is lost.
        return DROP;
      case 'function':
        this._note('function', path);
        return DROP;
      case 'symbol':
        this._note('symbol', path);
        return DROP;
      default:
        if (v === null) {
          this._charge(4);
          return null;
        }
        return this._object(v as object, path, depth, viaToJson);
    }
  }

  private _object(v: object, path: string, depth: number, viaToJson: boolean): Out {
    let isArray: boolean;
    let tag: string;
    try {
      isArray = Array.isArray(v);
      tag = tagOf(v);
    } catch {
      this._note('unreadable', path);
      return DROP;
    }
    if (!isArray) {
      const special = this._special(v, tag, path, depth, viaToJson);
      if (special !== undefined) return special;
    }
    const level = depth + 1;
    if (level > MAX_DEPTH) {
      this._note('tooDeep', path);
      return DROP;
    }
    if (this._ancestors.has(v)) {
      this._note('circular', path);
      return DROP;
    }
    this._ancestors.add(v);
    try {
      return isArray ? this._array(v as unknown[], path, level) : this._record(v, path, level);
    } finally {
      this._ancestors.delete(v);
    }
  }

  /** Dates, boxed primitives, toJSON and non-JSON built-ins; `undefined` means "walk as a record". */
  private _special(
    v: object,
    tag: string,
    path: string,
    depth: number,
    viaToJson: boolean,
  ): Out | undefined {
    try {
      if (tag === 'Date') {
        const time = Date.prototype.getTime.call(v);
        if (Number.isNaN(time)) {
          this._note('invalidDate', path);
          this._charge(4);
          return null;
        }
        return this._value(Date.prototype.toISOString.call(v), path, depth);
      }
      if (tag === 'String' || tag === 'Number' || tag === 'Boolean' || tag === 'BigInt') {
        return this._value((v as { valueOf(): unknown }).valueOf(), path, depth);
      }
      // Like JSON.stringify: a value's own idea of its JSON wins (Luxon, Decimal, Moment…).
      const toJSON = viaToJson ? undefined : (v as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') {
        return this._value(toJSON.call(v), path, depth, true);
      }
      if (tag !== 'Object') {
        // Map, Set, RegExp, Error, Promise, typed arrays, DOM nodes…: no faithful JSON form.
        this._note('unsupported', path, tag);
        return DROP;
      }
      if (!isPlainObject(v)) {
        const name = (Object.getPrototypeOf(v) as { constructor?: { name?: unknown } }).constructor
          ?.name;
        this._note('classInstance', path, typeof name === 'string' && name ? name : 'class');
      }
      return undefined;
    } catch (error) {
      if (error === TOO_LARGE) throw error;
      this._note('unreadable', path);
      return DROP;
    }
  }

  private _array(v: unknown[], path: string, level: number): JsonValue[] {
    let length: unknown;
    try {
      length = v.length;
    } catch {
      length = 0;
      this._note('unreadable', path);
    }
    const out: JsonValue[] = [];
    this._charge(2);
    const count =
      typeof length === 'number' && Number.isSafeInteger(length) && length > 0 ? length : 0;
    for (let i = 0; i < count; i += 1) {
      const itemPath = `${path}[${i}]`;
      this._charge(1);
      let item: unknown;
      try {
        item = v[i];
      } catch {
        this._note('unreadable', itemPath);
        item = undefined;
      }
      const result = this._value(item, itemPath, level);
      // As in JSON, a dropped array element becomes null so that positions are kept.
      if (result === DROP) this._charge(4);
      out.push(result === DROP ? null : result);
    }
    return out;
  }

  private _record(v: object, path: string, level: number): { [key: string]: JsonValue } {
    let keys: string[];
    try {
      keys = Object.keys(v);
    } catch {
      this._note('unreadable', path);
      keys = [];
    }
    const out: { [key: string]: JsonValue } = {};
    this._charge(2);
    for (const key of keys) {
      const keyPath = childPath(path, key);
      if (RESERVED_KEYS.has(key)) {
        this._note('reservedKey', keyPath);
        continue;
      }
      let item: unknown;
      try {
        item = (v as Record<string, unknown>)[key];
      } catch {
        this._note('unreadable', keyPath);
        continue;
      }
      const result = this._value(item, keyPath, level);
      if (result === DROP) continue;
      this._charge(key.length + 4);
      setField(out, key, result);
    }
    return out;
  }
}

function fieldPath(field: string, path: string): string {
  if (!path) return field;
  return path.startsWith('[') ? `${field}${path}` : `${field}.${path}`;
}

function report(walker: Walker, where: Where, log: Logger): void {
  for (const [rule, issue] of walker._issues) {
    const more = issue.count > 1 ? ` (and ${issue.count - 1} more like it)` : '';
    log.warn(
      `${where.call}: ${fieldPath(where.field, issue.path)} ${RULE_TEXT[rule](issue.detail)}${more}`,
    );
  }
}

function tooLarge(where: Where, log: Logger): { ok: false } {
  log.warn(
    `${where.call}: ${where.field} is longer than ${MAX_SERIALIZED_CHARS} characters as JSON; the call was not sent`,
  );
  return { ok: false };
}

/**
 * Copy any value into JSON-only data: Dates become ISO strings, BigInts strings, NaN and
 * Infinity null; functions, symbols, cycles, reserved keys, over-deep containers and unreadable
 * properties are dropped; Map, Set, RegExp, Error, binary data and other non-plain built-ins are
 * dropped; class instances keep their own enumerable properties; `toJSON()` is honoured.
 * Each lossy rule logs one `Milana: ` warning. Never throws.
 *
 * @example
 * ```ts
 * sanitizeJsonValue({ at: new Date(0) }, { call: 'identify', field: 'metadata' }, log);
 * // { ok: true, value: { at: '1970-01-01T00:00:00.000Z' } }
 * ```
 */
export function sanitizeJsonValue(
  value: unknown,
  where: Where,
  log: Logger,
): Sanitized<JsonValue | undefined> {
  const walker = new Walker();
  let result: Out;
  try {
    result = walker._value(value, '', 0);
  } catch (error) {
    if (error === TOO_LARGE) return tooLarge(where, log);
    log.warn(`${where.call}: ${where.field} could not be read; the call was not sent`);
    return { ok: false };
  }
  report(walker, where, log);
  if (result === DROP) return { ok: true, value: undefined };
  try {
    if (JSON.stringify(result).length > MAX_SERIALIZED_CHARS) return tooLarge(where, log);
  } catch {
    return { ok: false };
  }
  return { ok: true, value: result };
}

/**
 * Sanitise user or session metadata: the top level must be a plain object; see
 * {@link sanitizeJsonValue} for the rules applied inside it.
 *
 * @example
 * ```ts
 * const result = sanitizeMetadata(input.metadata, { call: 'identify', field: 'metadata' }, log);
 * if (result.ok) user.metadata = result.value;
 * ```
 */
export function sanitizeMetadata(value: unknown, where: Where, log: Logger): Sanitized<Metadata> {
  if (!isPlainObject(value)) {
    log.warn(
      `${where.call}: ${where.field} must be a plain object of JSON values; the call was not sent`,
    );
    return { ok: false };
  }
  const result = sanitizeJsonValue(value, where, log);
  if (!result.ok) return result;
  const out = result.value;
  if (typeof out !== 'object' || out === null || Array.isArray(out)) {
    log.warn(
      `${where.call}: ${where.field} must serialise to a JSON object; the call was not sent`,
    );
    return { ok: false };
  }
  return { ok: true, value: out };
}
