import type { Logger } from './log';
import { sanitizeMetadata, setField } from './metadata';

/*
 * The shared machinery of the input validators: one table-driven object check plus the helpers
 * that write the one-line `Milana: <call>: <field> <rule>` warnings.
 */

/** A plain record read from caller input. */
export type Fields = Record<string, unknown>;

/**
 * What a field must hold: `id` a non-empty string, `string` any string, `metadata` JSON metadata
 * (a bad value fails the whole call), `integrations` the §7.2 shapes (checked by a callback).
 */
export type FieldKind = 'id' | 'string' | 'metadata' | 'integrations';

/** The table one call's input is checked against. */
export interface ObjectShape {
  /** Known fields and their kind. With `fixedOrder`, output keys follow this order. */
  fields: Record<string, FieldKind>;
  /** Fields that must be present and valid, checked first and in this order. */
  required: string[];
  /** The rule named when the input is not an object. */
  objectRule: string;
  /** Output keys in `fields` order (else the caller's order). */
  fixedOrder?: boolean;
  /** When set, an input whose every field was dropped fails with this rule. */
  emptyRule?: string;
}

/** True for a non-array object; false (never a throw) for a revoked Proxy. */
export function isObject(value: unknown): value is Fields {
  try {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false; // a revoked Proxy throws from Array.isArray
  }
}

/** Own enumerable keys whose value is not `undefined` (as JSON would keep them). */
export function keysOf(value: Fields): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined);
}

/** Logs that the whole call was refused; returns `null` for the caller to return. */
export function refuse(log: Logger, call: string, field: string, rule: string): null {
  log.warn(`${call}: ${field} ${rule}; the call was ignored`);
  return null;
}

/** Logs that one field was dropped (silent without a logger, e.g. for stored data). */
export function dropField(log: Logger | null, call: string, field: string, rule: string): void {
  log?.warn(`${call}: ${field} ${rule}; the field was dropped`);
}

/** Logs one warning naming every unknown field that was dropped. */
export function dropUnknown(log: Logger, call: string, prefix: string, unknown: string[]): void {
  if (unknown.length === 0) return;
  const names = unknown.map((key) => `${prefix}${key}`).join(', ');
  log.warn(
    `${call}: ${names} ${unknown.length === 1 ? 'is not a known field' : 'are not known fields'}; dropped`,
  );
}

/** A string with at least one non-whitespace character. */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Runs a validator so that hostile input (throwing getters, revoked Proxies) fails the call quietly. */
export function guarded<T>(
  log: Logger,
  call: string,
  field: string,
  body: () => T | null,
): T | null {
  try {
    return body();
  } catch {
    return refuse(log, call, field, 'could not be read (a getter or Proxy threw)');
  }
}

/** Checks the `integrations` field; `undefined` means nothing valid is left of it. */
export type IntegrationsCheck = (
  value: unknown,
  call: string,
  field: string,
  log: Logger,
) => unknown;

/**
 * Check an input object against `shape` and return a fresh copy, or `null` after one warning.
 * `prefix` names the object inside a larger payload (`"user."`); the object itself is then called
 * by the prefix without its dot, otherwise `input`. Optional fields of the wrong type are dropped
 * with a warning; unknown fields are dropped with one warning; metadata that cannot be kept whole
 * fails the call, since sending the rest would silently lose what the caller meant to write.
 *
 * @example
 * ```ts
 * validateObject({ userId: 'u_1' }, shape, 'updateUser', '', log, sanitizeIntegrations);
 * ```
 */
export function validateObject(
  input: unknown,
  shape: ObjectShape,
  call: string,
  prefix: string,
  log: Logger,
  checkIntegrations: IntegrationsCheck,
): Fields | null {
  const self = prefix ? prefix.slice(0, -1) : 'input';
  return guarded(log, call, self, () => {
    if (!isObject(input)) return refuse(log, call, self, shape.objectRule);
    const known = Object.keys(shape.fields);
    // Values are read once up front when the output follows the table (like a destructuring).
    const early = new Map<string, unknown>();
    for (const key of shape.fixedOrder ? known : shape.required) early.set(key, input[key]);
    for (const key of shape.required) {
      const value = early.get(key);
      if (shape.fields[key] === 'id' ? !isNonEmptyString(value) : typeof value !== 'string') {
        const rule = shape.fields[key] === 'id' ? 'must be a non-empty string' : 'must be a string';
        return refuse(log, call, `${prefix}${key}`, rule);
      }
    }
    const out: Fields = {};
    const keys = shape.fixedOrder
      ? known.filter((key) => early.get(key) !== undefined)
      : keysOf(input);
    for (const key of keys) {
      if (!known.includes(key)) continue;
      const kind = shape.fields[key];
      const value = shape.fixedOrder ? early.get(key) : input[key];
      const field = `${prefix}${key}`;
      if (kind === 'metadata') {
        const clean = sanitizeMetadata(value, { call, field }, log);
        if (!clean.ok) return null;
        setField(out, key, clean.value);
      } else if (kind === 'integrations') {
        const clean = checkIntegrations(value, call, field, log);
        if (clean !== undefined) setField(out, key, clean);
      } else if (shape.required.includes(key) || typeof value === 'string') {
        setField(out, key, value);
      } else {
        dropField(log, call, field, 'must be a string');
      }
    }
    const all = shape.fixedOrder ? keysOf(input) : keys;
    dropUnknown(
      log,
      call,
      prefix,
      all.filter((key) => !known.includes(key)),
    );
    if (shape.emptyRule && all.length > 0 && Object.keys(out).length === 0) {
      return refuse(log, call, self, shape.emptyRule);
    }
    return out;
  });
}
