import { badRequest } from '../http/http-error.js';

/** A JSON object (not an array, not null). */
export type JsonObject = { [key: string]: unknown };

/** True for a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Requires a JSON object at `path`; the message names the field and the rule. */
export function expectObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw badRequest(`${path} must be a JSON object`);
  return value;
}

/** Requires a string (optionally non-empty) at `path`. */
export function expectString(value: unknown, path: string, nonEmpty = false): string {
  if (typeof value !== 'string') throw badRequest(`${path} must be a string`);
  if (nonEmpty && value === '') throw badRequest(`${path} must not be empty`);
  return value;
}

/** Requires a finite number at `path`. */
export function expectNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw badRequest(`${path} must be a finite number`);
  return value;
}

/** Like `expectString`, but `undefined` passes through. */
export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : expectString(value, path);
}

/** Like `expectObject`, but `undefined` passes through. */
export function optionalObject(value: unknown, path: string): JsonObject | undefined {
  return value === undefined ? undefined : expectObject(value, path);
}

/** Rejects keys the protocol does not define, so a client bug shows up at once. */
export function rejectUnknownKeys(obj: JsonObject, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw badRequest(`${path}.${key} is not a field of the protocol`);
  }
}
