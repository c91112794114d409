import { badRequest } from '../http/http-error.js';
import {
  expectNumber,
  expectObject,
  expectString,
  isObject,
  optionalObject,
  optionalString,
  rejectUnknownKeys,
  type JsonObject,
} from './json-checks.js';

/** A validated `/session` body (§6.2). */
export interface SessionBody {
  environment: string;
  version: string;
  metadata: JsonObject | undefined;
  appSessionId: string | undefined;
}

/** A validated `user` half of an `/update` body (§7.2). */
export interface UserPatch {
  userId: string;
  email: string | undefined;
  name: string | undefined;
  metadata: JsonObject | undefined;
}

/** A validated `session` half of an `/update` body (§7.2). */
export interface SessionPatch {
  metadata: JsonObject | undefined;
  appSessionId: string | undefined;
  integrations: JsonObject | undefined;
}

/** A validated `/update` body. */
export interface UpdateBody {
  user: UserPatch | undefined;
  session: SessionPatch | undefined;
}

/** One rrweb event as stored: only the envelope is checked, the data is opaque. */
export interface RrwebEvent {
  type: number;
  timestamp: number;
  data?: unknown;
}

/** Which of the §8.2 modes a batch is, as far as the server can tell. */
export type BatchKind = 'regular' | 'page-close' | 'client-abort';

/** A validated `/batch` body (§8.1). */
export interface BatchBody {
  kind: BatchKind;
  batchStartedAt: number;
  clientAbortReason: string | undefined;
  events: RrwebEvent[];
}

/** A validated `/metrics` body (§9). */
export interface MetricsBody {
  clientTimestamp: number;
  histograms: JsonObject;
  counters: JsonObject;
}

/** Checks a `/session` body. The SDK builds it, so unknown keys are a client bug. */
export function parseSessionBody(value: unknown): SessionBody {
  const body = expectObject(value, 'body');
  rejectUnknownKeys(body, ['environment', 'version', 'metadata', 'appSessionId'], 'body');
  return {
    environment: expectString(body.environment, 'body.environment'),
    version: expectString(body.version, 'body.version'),
    metadata: optionalObject(body.metadata, 'body.metadata'),
    appSessionId: optionalString(body.appSessionId, 'body.appSessionId'),
  };
}

function parseIntegrations(value: unknown): JsonObject | undefined {
  const integrations = optionalObject(value, 'session.integrations');
  if (!integrations) return undefined;
  const out: JsonObject = {};
  if (integrations.sentry !== undefined) {
    const sentry = expectObject(integrations.sentry, 'session.integrations.sentry');
    out.sentry = {
      replayId: expectString(sentry.replayId, 'session.integrations.sentry.replayId', true),
    };
  }
  if (integrations.posthog !== undefined) {
    const posthog = expectObject(integrations.posthog, 'session.integrations.posthog');
    const entry: JsonObject = {
      sessionId: expectString(posthog.sessionId, 'session.integrations.posthog.sessionId', true),
    };
    const distinctId = optionalString(
      posthog.distinctId,
      'session.integrations.posthog.distinctId',
    );
    const userId = optionalString(posthog.userId, 'session.integrations.posthog.userId');
    if (distinctId !== undefined) entry.distinctId = distinctId;
    if (userId !== undefined) entry.userId = userId;
    out.posthog = entry;
  }
  return out;
}

/**
 * Checks an `/update` body. `user` and `session` come from the app as given, so unknown keys
 * inside them are ignored (as the real service presumably does) rather than refused.
 */
export function parseUpdateBody(value: unknown): UpdateBody {
  const body = expectObject(value, 'body');
  rejectUnknownKeys(body, ['user', 'session'], 'body');
  if (body.user === undefined && body.session === undefined) {
    throw badRequest('body must carry at least one of "user" and "session"');
  }
  let user: UserPatch | undefined;
  if (body.user !== undefined) {
    const raw = expectObject(body.user, 'user');
    user = {
      userId: expectString(raw.userId, 'user.userId', true),
      email: optionalString(raw.email, 'user.email'),
      name: optionalString(raw.name, 'user.name'),
      metadata: optionalObject(raw.metadata, 'user.metadata'),
    };
  }
  let session: SessionPatch | undefined;
  if (body.session !== undefined) {
    const raw = expectObject(body.session, 'session');
    session = {
      metadata: optionalObject(raw.metadata, 'session.metadata'),
      appSessionId: optionalString(raw.appSessionId, 'session.appSessionId'),
      integrations: parseIntegrations(raw.integrations),
    };
  }
  return { user, session };
}

function parseEvents(value: unknown): RrwebEvent[] {
  if (!Array.isArray(value)) throw badRequest('body.events must be an array');
  return value.map((event, index) => {
    if (!isObject(event)) throw badRequest(`body.events[${index}] must be a JSON object`);
    const type = expectNumber(event.type, `body.events[${index}].type`);
    if (!Number.isInteger(type) || type < 0)
      throw badRequest(`body.events[${index}].type must be an rrweb event type (integer >= 0)`);
    expectNumber(event.timestamp, `body.events[${index}].timestamp`);
    return event as unknown as RrwebEvent;
  });
}

/** Checks a `/batch` envelope and tells which send mode it is. */
export function parseBatchBody(value: unknown): BatchBody {
  const body = expectObject(value, 'body');
  rejectUnknownKeys(
    body,
    ['version', 'batchStartedAt', 'isPageClose', 'isClientAbort', 'clientAbortReason', 'events'],
    'body',
  );
  if (body.version !== 1) throw badRequest('body.version must be the number 1');
  const batchStartedAt = expectNumber(body.batchStartedAt, 'body.batchStartedAt');
  if (body.isPageClose !== undefined && body.isPageClose !== true) {
    throw badRequest('body.isPageClose must be true when present (leave the key out otherwise)');
  }
  if (body.isClientAbort !== undefined && body.isClientAbort !== true) {
    throw badRequest('body.isClientAbort must be true when present (leave the key out otherwise)');
  }
  if (body.isPageClose && body.isClientAbort) {
    throw badRequest('body cannot be both isPageClose and isClientAbort');
  }
  const clientAbortReason = optionalString(body.clientAbortReason, 'body.clientAbortReason');
  if (clientAbortReason !== undefined && !body.isClientAbort) {
    throw badRequest('body.clientAbortReason is only allowed with isClientAbort');
  }
  const kind: BatchKind = body.isPageClose
    ? 'page-close'
    : body.isClientAbort
      ? 'client-abort'
      : 'regular';
  return { kind, batchStartedAt, clientAbortReason, events: parseEvents(body.events) };
}

/** Checks a `/metrics` body. */
export function parseMetricsBody(value: unknown): MetricsBody {
  const body = expectObject(value, 'body');
  rejectUnknownKeys(body, ['version', 'clientTimestamp', 'histograms', 'counters'], 'body');
  if (body.version !== 1) throw badRequest('body.version must be the number 1');
  const histograms = expectObject(body.histograms, 'body.histograms');
  const counters = expectObject(body.counters, 'body.counters');
  for (const [key, v] of Object.entries(histograms)) expectNumber(v, `body.histograms.${key}`);
  for (const [key, v] of Object.entries(counters)) expectNumber(v, `body.counters.${key}`);
  expectNumber(histograms.numEventsInBuffer, 'body.histograms.numEventsInBuffer');
  expectNumber(
    counters.numSessionsAbortedDueToBufferExceeded,
    'body.counters.numSessionsAbortedDueToBufferExceeded',
  );
  return {
    clientTimestamp: expectNumber(body.clientTimestamp, 'body.clientTimestamp'),
    histograms,
    counters,
  };
}
