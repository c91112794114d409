import type { Logger } from './log';
import { UNREADABLE, isObject, refuse, sanitizeMetadata, say, setField } from './metadata';
import type {
  IdentifyInput,
  SessionInfo,
  SessionIntegrations,
  SessionUpdate,
  UserUpdate,
} from './types';

/*
 * Validation of whole public-call inputs. Each function returns a fresh object (never the
 * caller's) or `null` after ONE `Milana: <call>: <field> <rule>; the call was ignored` line.
 * Optional fields with a wrong type are dropped with a warning; only a bad required field (or
 * metadata that cannot be kept whole) fails the call.
 */

/** A plain record read from caller input. */
type Fields = Record<string, unknown>;

/**
 * How a table's problems end: `HARD` fails the call, `SOFT` drops the object (with a warning),
 * `NEEDS_ONE` is `HARD` and also fails an input without any field.
 */
const HARD = 0;
const NEEDS_ONE = 1;
const SOFT = 2;

/** A table: known fields (output order when fixed), how many leading ones are required, mode. */
type Table = [fields: string[], required: number, mode: number];

const USER: Table = [['userId', 'email', 'name', 'metadata'], 1, HARD];
const SESSION: Table = [['metadata', 'appSessionId', 'integrations'], 0, HARD];

/**
 * The objects nested in inputs, by field name: the halves of `update` and the §7.2 integration
 * shapes (a bad integration entry is dropped, not the call).
 */
const NESTED: Record<string, Table | undefined> = {
  __proto__: null,
  user: USER,
  session: SESSION,
  integrations: [['sentry', 'posthog'], 0, SOFT],
  sentry: [['replayId'], 1, SOFT],
  posthog: [['sessionId', 'distinctId', 'userId'], 1, SOFT],
  // `__proto__: null` (no inherited keys to look up) is not a `Table`, hence the cast.
} as unknown as Record<string, Table | undefined>;

/**
 * Check an input object against a table and return a fresh copy, or `null` (`undefined` in `SOFT`
 * mode) after one warning. The required fields must be strings, non-empty for ids (`…Id`); other
 * known fields are optional strings (dropped with a warning when of another type), except
 * `metadata`, which is sanitised (a bad one fails the call, since sending the rest would silently
 * lose what the caller meant to write) and the nested objects of {@link NESTED}. With `fixed`,
 * output keys follow the table (like a destructuring), else the caller's order. `prefix` names the
 * object inside a larger payload (`"user."`); the object itself is then called by the prefix
 * without its dot, otherwise `input`. Unknown fields are dropped with one warning. Without
 * required fields, an input whose every given field was invalid fails. Hostile input (throwing
 * getters, revoked Proxies) fails quietly.
 */
function validateObject(
  input: unknown,
  [fields, required, mode]: Table,
  fixed: boolean,
  call: string,
  prefix: string,
  log: Logger | null,
): Fields | null | undefined {
  const self = prefix.slice(0, -1) || 'input';
  const fail = (field: string, rule: string) =>
    mode === SOFT ? say(log, call, field, rule) : refuse(log, call, field, rule);
  try {
    if (!isObject(input)) return fail(self, 'must be an object');
    const own = Object.keys(input);
    const keys = fixed ? fields.concat(own.filter((key) => !fields.includes(key))) : own;
    // Each value is read once.
    const values = keys.map((key) => input[key]);
    for (const key of fields.slice(0, required)) {
      const value = values[keys.indexOf(key)];
      const id = /Id$/.test(key);
      if (typeof value !== 'string' || (id && !value.trim())) {
        return fail(prefix + key, `must be a ${id ? 'non-empty ' : ''}string`);
      }
    }
    const out: Fields = {};
    const unknown: string[] = [];
    let given = mode === NEEDS_ONE;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const value = values[i];
      const field = prefix + key;
      const nested = NESTED[key];
      let clean: unknown;
      if (value === undefined) continue;
      given = true;
      if (!fields.includes(key)) unknown.push(field);
      else if (key === 'metadata') {
        const result = sanitizeMetadata(value, { call, field }, log);
        if (!result.ok) return null;
        clean = result.value;
      } else if (nested) {
        clean = validateObject(value, nested, false, call, `${field}.`, log);
        if (clean === null) return null;
      } else if (typeof value === 'string') clean = value;
      else say(log, call, field, 'must be a string');
      if (clean !== undefined) setField(out, key, clean);
    }
    const known = `(${fields.join(', ')})`;
    if (unknown.length) {
      say(
        log,
        call,
        unknown.join(', '),
        `${unknown.length > 1 ? 'are not known fields' : 'is not a known field'} ${known}`,
      );
    }
    // A dropped (`SOFT`) object already said why each of its fields went.
    return !required && given && !Object.keys(out).length
      ? mode === SOFT
        ? undefined
        : refuse(log, call, self, `has no valid field ${known}`)
      : out;
  } catch {
    return fail(self, UNREADABLE);
  }
}

/**
 * Check credential formats before any request (§19): `productId` starts with `prd_` and is 30
 * characters long, `clientKey` starts with `key_`. Logs one info line naming the failed rule.
 *
 * @example
 * ```ts
 * if (!validateCredentials(productId, clientKey, log)) return { success: false };
 * ```
 */
export function validateCredentials(productId: unknown, clientKey: unknown, log: Logger): boolean {
  const bad =
    typeof productId !== 'string' || productId.length !== 30 || !productId.startsWith('prd_')
      ? 'productId must be "prd_" followed by 26 characters'
      : typeof clientKey !== 'string' || !clientKey.startsWith('key_')
        ? 'clientKey must start with "key_"'
        : '';
  if (bad) log.info(`init: ${bad}; the session was not started`);
  return !bad;
}

/**
 * Validate `init`'s session info: `environment` and `version` strings are required; metadata is
 * sanitised. Keys come out in the order environment, version, metadata, appSessionId (§6.2).
 *
 * @example
 * ```ts
 * validateSessionInfo({ environment: 'prod', version: '1.2.0' }, log);
 * ```
 */
export function validateSessionInfo(info: unknown, log: Logger): SessionInfo | null {
  const table: Table = [['environment', 'version', 'metadata', 'appSessionId'], 2, HARD];
  return validateObject(info, table, true, 'init', 'sessionInfo.', log) as SessionInfo | null;
}

/**
 * Validate `identify`: `userId` a non-empty string and `email` a string are required; `name`
 * and `metadata` optional. Keys come out as userId, email, name, metadata (§7.1).
 *
 * @example
 * ```ts
 * validateIdentify({ userId: 'u_1', email: 'dana@example.org' }, log);
 * ```
 */
export function validateIdentify(input: unknown, log: Logger): IdentifyInput | null {
  const table: Table = [USER[0], 2, HARD];
  return validateObject(input, table, true, 'identify', '', log) as IdentifyInput | null;
}

/**
 * Validate a user update (`updateUser`, or the `user` half of `update` with `prefix` `"user."`):
 * `userId` a non-empty string; optional `email`, `name` strings and `metadata`. The caller's key
 * order is kept.
 *
 * @example
 * ```ts
 * validateUserUpdate({ userId: 'u_1', metadata: { plan: 'team' } }, 'updateUser', log);
 * ```
 */
export function validateUserUpdate(
  input: unknown,
  call: string,
  log: Logger,
  prefix = '',
): UserUpdate | null {
  return validateObject(input, USER, false, call, prefix, log) as UserUpdate | null;
}

/**
 * Validate a session update (`updateSession`, or the `session` half of `update` with `prefix`
 * `"session."`): optional `metadata`, `appSessionId` string and `integrations` (§7.2). The
 * caller's key order is kept; `{}` is valid. Fails when every field given was invalid.
 *
 * @example
 * ```ts
 * validateSessionUpdate({ appSessionId: 'wf_81f2' }, 'updateSession', log);
 * ```
 */
export function validateSessionUpdate(
  input: unknown,
  call: string,
  log: Logger,
  prefix = '',
): SessionUpdate | null {
  return validateObject(input, SESSION, false, call, prefix, log) as SessionUpdate | null;
}

/**
 * Validate the deprecated `update` payload: at least one of `user` and `session`, in that order;
 * each half is validated as in `updateUser` / `updateSession`, and a bad half fails the whole call.
 *
 * @example
 * ```ts
 * validateUpdatePayload({ session: { metadata: { flow: 'b' } } }, log);
 * ```
 */
export function validateUpdatePayload(
  payload: unknown,
  log: Logger,
): { user?: UserUpdate; session?: SessionUpdate } | null {
  const table: Table = [['user', 'session'], 0, NEEDS_ONE];
  return validateObject(payload, table, true, 'update', '', log) as {
    user?: UserUpdate;
    session?: SessionUpdate;
  } | null;
}

/**
 * Check `integrations` against the §7.2 shapes: `sentry.replayId` and `posthog.sessionId`
 * non-empty strings are required within their vendor; `posthog.distinctId` and `posthog.userId`
 * optional strings. Bad entries, unknown vendors and unknown fields are dropped (with a warning
 * when `log` is given). Returns `undefined` when nothing valid is left of a non-empty input.
 *
 * @example
 * ```ts
 * sanitizeIntegrations({ sentry: { replayId: 'r1' } }, 'updateSession', 'integrations', log);
 * ```
 */
export function sanitizeIntegrations(
  value: unknown,
  call: string,
  field: string,
  log: Logger | null,
): SessionIntegrations | undefined {
  const table = NESTED.integrations as Table;
  return validateObject(value, table, false, call, `${field}.`, log) as
    SessionIntegrations | undefined;
}
