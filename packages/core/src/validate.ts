import type { Logger } from './log';
import type { ObjectShape } from './validate-fields';
import {
  dropField,
  dropUnknown,
  guarded,
  isNonEmptyString,
  isObject,
  keysOf,
  refuse,
  validateObject,
} from './validate-fields';
import { RESERVED_KEYS, setField } from './metadata';
import type {
  IdentifyInput,
  SessionInfo,
  SessionIntegrations,
  SessionUpdate,
  TrackEventAttributes,
  UserUpdate,
} from './types';

/*
 * Validation of whole public-call inputs. Each function returns a fresh object (never the
 * caller's) or `null` after ONE `Milana: <call>: <field> <rule>` line. Optional fields with a wrong
 * type are dropped with a warning; only a bad required field fails the call.
 */

const PRODUCT_ID_PREFIX = 'prd_';
const PRODUCT_ID_LENGTH = 30;
const CLIENT_KEY_PREFIX = 'key_';
const MAX_EVENT_NAME = 255;
const MAX_ATTRIBUTE_KEY = 255;
const MAX_ATTRIBUTE_STRING = 2048;

const SESSION_INFO: ObjectShape = {
  fields: {
    environment: 'string',
    version: 'string',
    metadata: 'metadata',
    appSessionId: 'string',
  },
  required: ['environment', 'version'],
  objectRule: 'must be an object with environment and version strings',
  fixedOrder: true,
};

const IDENTIFY: ObjectShape = {
  fields: { userId: 'id', email: 'string', name: 'string', metadata: 'metadata' },
  required: ['userId', 'email'],
  objectRule: 'must be an object with userId and email',
  fixedOrder: true,
};

const USER_UPDATE: ObjectShape = {
  fields: { userId: 'id', email: 'string', name: 'string', metadata: 'metadata' },
  required: ['userId'],
  objectRule: 'must be an object with a userId',
};

const SESSION_UPDATE: ObjectShape = {
  fields: { metadata: 'metadata', appSessionId: 'string', integrations: 'integrations' },
  required: [],
  objectRule: 'must be an object',
  emptyRule: 'has no valid field left (metadata, appSessionId, integrations)',
};

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
  const stop = 'the session was not started';
  if (typeof productId !== 'string' || !productId.startsWith(PRODUCT_ID_PREFIX)) {
    log.info(`init: productId must start with "${PRODUCT_ID_PREFIX}"; ${stop}`);
    return false;
  }
  if (productId.length !== PRODUCT_ID_LENGTH) {
    log.info(
      `init: productId must be exactly ${PRODUCT_ID_LENGTH} characters long (got ${productId.length}); ${stop}`,
    );
    return false;
  }
  if (typeof clientKey !== 'string' || !clientKey.startsWith(CLIENT_KEY_PREFIX)) {
    log.info(`init: clientKey must start with "${CLIENT_KEY_PREFIX}"; ${stop}`);
    return false;
  }
  return true;
}

/**
 * Validate `init`'s session info: `environment` and `version` strings are required; metadata is
 * sanitised. Keys come out in the order environment, version, metadata, appSessionId.
 *
 * @example
 * ```ts
 * validateSessionInfo({ environment: 'prod', version: '1.2.0' }, log);
 * ```
 */
export function validateSessionInfo(info: unknown, log: Logger): SessionInfo | null {
  const out = validateObject(info, SESSION_INFO, 'init', 'sessionInfo.', log, sanitizeIntegrations);
  return out as SessionInfo | null;
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
  return validateObject(
    input,
    IDENTIFY,
    'identify',
    '',
    log,
    sanitizeIntegrations,
  ) as IdentifyInput | null;
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
  return validateObject(
    input,
    USER_UPDATE,
    call,
    prefix,
    log,
    sanitizeIntegrations,
  ) as UserUpdate | null;
}

/**
 * Check `integrations` against the §7.2 shapes: `sentry.replayId` and `posthog.sessionId`
 * non-empty strings are required within their vendor; `posthog.distinctId` and `posthog.userId`
 * optional strings. Bad entries are dropped (with a warning when `log` is given). Returns
 * `undefined` when nothing valid is left of a non-empty input.
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
  if (!isObject(value)) {
    dropField(log, call, field, 'must be an object');
    return undefined;
  }
  const out: SessionIntegrations = {};
  const keys = keysOf(value);
  for (const key of keys) {
    const entry = value[key];
    if (key === 'sentry') {
      if (isObject(entry) && isNonEmptyString(entry.replayId))
        out.sentry = { replayId: entry.replayId };
      else
        dropField(
          log,
          call,
          `${field}.sentry`,
          'must be an object with a non-empty replayId string',
        );
    } else if (key === 'posthog') {
      if (!isObject(entry) || !isNonEmptyString(entry.sessionId)) {
        dropField(
          log,
          call,
          `${field}.posthog`,
          'must be an object with a non-empty sessionId string',
        );
        continue;
      }
      const posthog: NonNullable<SessionIntegrations['posthog']> = { sessionId: entry.sessionId };
      for (const optional of ['distinctId', 'userId'] as const) {
        const item = entry[optional];
        if (item === undefined) continue;
        if (typeof item === 'string') posthog[optional] = item;
        else dropField(log, call, `${field}.posthog.${optional}`, 'must be a string');
      }
      out.posthog = posthog;
    } else {
      dropField(log, call, `${field}.${key}`, 'is not a supported integration (sentry, posthog)');
    }
  }
  return keys.length > 0 && Object.keys(out).length === 0 ? undefined : out;
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
  return validateObject(
    input,
    SESSION_UPDATE,
    call,
    prefix,
    log,
    sanitizeIntegrations,
  ) as SessionUpdate | null;
}

/**
 * Validate the deprecated `update` payload: at least one of `user` and `session`; each half is
 * validated as in `updateUser` / `updateSession`, and a bad half fails the whole call.
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
  const call = 'update';
  return guarded(log, call, 'payload', () => {
    if (!isObject(payload))
      return refuse(log, call, 'payload', 'must be an object with a user or a session');
    const { user, session } = payload;
    if (user === undefined && session === undefined) {
      return refuse(log, call, 'payload', 'needs a user or a session object');
    }
    const out: { user?: UserUpdate; session?: SessionUpdate } = {};
    if (user !== undefined) {
      const clean = validateUserUpdate(user, call, log, 'user.');
      if (clean === null) return null;
      out.user = clean;
    }
    if (session !== undefined) {
      const clean = validateSessionUpdate(session, call, log, 'session.');
      if (clean === null) return null;
      out.session = clean;
    }
    dropUnknown(
      log,
      call,
      '',
      keysOf(payload).filter((key) => key !== 'user' && key !== 'session'),
    );
    return out;
  });
}

type AttributeRule = 'key' | 'string' | 'undefined' | 'notScalar' | 'unreadable';

const ATTRIBUTE_RULE_TEXT: Record<AttributeRule, string> = {
  key: `has a key that is empty or longer than ${MAX_ATTRIBUTE_KEY} characters (or reserved)`,
  string: `must be a string of 1 to ${MAX_ATTRIBUTE_STRING} characters`,
  undefined: 'is undefined',
  notScalar: 'is not a string, number, boolean or null',
  unreadable: 'could not be read',
};

/**
 * Validate a custom event (§17.4): the name must be a non-blank string of at most 255 characters;
 * each attribute is kept when it is null, a finite number, a boolean or a 1–2048-character string
 * (NaN and Infinity become null), otherwise dropped with a warning. Attributes keep their order.
 *
 * @example
 * ```ts
 * validateTrackEvent('checkout', { step: 2, plan: 'team' }, log);
 * ```
 */
export function validateTrackEvent(
  name: unknown,
  attributes: unknown,
  log: Logger,
): { name: string; attributes: TrackEventAttributes } | null {
  const call = 'trackEvent';
  if (typeof name !== 'string' || name.trim() === '') {
    log.warn(`${call}: name must be a non-empty string; the event was dropped`);
    return null;
  }
  if (name.length > MAX_EVENT_NAME) {
    log.warn(
      `${call}: name must be at most ${MAX_EVENT_NAME} characters (got ${name.length}); the event was dropped`,
    );
    return null;
  }
  const out: TrackEventAttributes = {};
  if (attributes === undefined) return { name, attributes: out };
  if (!isObject(attributes)) {
    log.warn(`${call}: attributes must be an object; all attributes were dropped`);
    return { name, attributes: out };
  }
  const issues = new Map<AttributeRule, { key: string; count: number }>();
  const note = (rule: AttributeRule, key: string) => {
    const seen = issues.get(rule);
    if (seen) seen.count += 1;
    else issues.set(rule, { key, count: 1 });
  };
  let keys: string[] = [];
  try {
    keys = Object.keys(attributes);
  } catch {
    note('unreadable', '*');
  }
  for (const key of keys) {
    if (key.length === 0 || key.length > MAX_ATTRIBUTE_KEY || RESERVED_KEYS.has(key)) {
      note('key', key.slice(0, 40));
      continue;
    }
    let value: unknown;
    try {
      value = attributes[key];
    } catch {
      note('unreadable', key);
      continue;
    }
    if (value === null || typeof value === 'boolean') setField(out, key, value);
    else if (typeof value === 'number') setField(out, key, Number.isFinite(value) ? value : null);
    else if (typeof value === 'string') {
      if (value.length >= 1 && value.length <= MAX_ATTRIBUTE_STRING) setField(out, key, value);
      else note('string', key);
    } else if (value === undefined) note('undefined', key);
    else note('notScalar', key);
  }
  for (const [rule, issue] of issues) {
    const more = issue.count > 1 ? ` (and ${issue.count - 1} more like it)` : '';
    const field = rule === 'key' ? 'attributes' : `attributes.${issue.key}`;
    log.warn(`${call}: ${field} ${ATTRIBUTE_RULE_TEXT[rule]}; the attribute was dropped${more}`);
  }
  return { name, attributes: out };
}
