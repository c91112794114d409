/** A session row as the server uses it. JSON columns are already parsed. */
export interface SessionRecord {
  id: string;
  productId: string;
  userId: string | null;
  environment: string;
  version: string;
  appSessionId: string | null;
  initMetadata: Record<string, unknown>;
  metadata: Record<string, unknown>;
  integrations: Record<string, unknown>;
  sampled: boolean;
  callerType: string | null;
  clientVersion: string | null;
  clientGitHash: string | null;
  timeZone: string | null;
  locale: string | null;
  referrer: string | null;
  startedAt: number;
  lastActivityAt: number;
  firstEventAt: number | null;
  lastEventAt: number | null;
  eventCount: number;
  batchCount: number;
  resumeCount: number;
  closedAt: number | null;
  closeReason: string | null;
}

/** A user row: the profile merged across every session of the user. */
export interface UserRecord {
  productId: string;
  userId: string;
  email: string | null;
  name: string | null;
  metadata: Record<string, unknown>;
  firstSeenAt: number;
  lastSeenAt: number;
}

/** One stored ingest request: the exact text received, for privacy assertions. */
export interface RequestRecord {
  id: number;
  sessionId: string | null;
  endpoint: string;
  receivedAt: number;
  gzip: boolean;
  status: number;
  errorCode: string | null;
  headers: Record<string, string>;
  body: string;
}

/** Why a session was closed. */
export type CloseReason = 'page-close' | 'client-abort' | 'restart-requested';

/**
 * Closes a session (parameters `@now`, `@reason`, `@id`). A page-close ping only says that a page
 * went away (§13.2): it never replaces an earlier close, while a client abort or a restart, which
 * end the session, replace a page-close. So the session's last word is kept even when the
 * previous page's keepalive ping is delivered after the next page resumed the session.
 */
export const CLOSE_SESSION_SQL = `UPDATE sessions SET closed_at = @now, close_reason = @reason
  WHERE id = @id AND (closed_at IS NULL OR (close_reason = 'page-close' AND @reason != 'page-close'))`;

/** Client facts taken from the `X-Milana-*` headers of `/session`. */
export interface ClientInfo {
  callerType: string | null;
  clientVersion: string | null;
  clientGitHash: string | null;
  timeZone: string | null;
  locale: string | null;
  referrer: string | null;
}

interface SessionRow {
  id: string;
  product_id: string;
  user_id: string | null;
  environment: string;
  version: string;
  app_session_id: string | null;
  init_metadata: string;
  metadata: string;
  integrations: string;
  sampled: number;
  caller_type: string | null;
  client_version: string | null;
  client_git_hash: string | null;
  time_zone: string | null;
  locale: string | null;
  referrer: string | null;
  started_at: number;
  last_activity_at: number;
  first_event_at: number | null;
  last_event_at: number | null;
  event_count: number;
  batch_count: number;
  resume_count: number;
  closed_at: number | null;
  close_reason: string | null;
}

interface UserRow {
  product_id: string;
  user_id: string;
  email: string | null;
  name: string | null;
  metadata: string;
  first_seen_at: number;
  last_seen_at: number;
}

interface RequestRow {
  id: number;
  session_id: string | null;
  endpoint: string;
  received_at: number;
  gzip: number;
  status: number;
  error_code: string | null;
  headers: string;
  body: string;
}

/** Maps a `sessions` row to a record. */
export function toSession(row: unknown): SessionRecord {
  const r = row as SessionRow;
  return {
    id: r.id,
    productId: r.product_id,
    userId: r.user_id,
    environment: r.environment,
    version: r.version,
    appSessionId: r.app_session_id,
    initMetadata: JSON.parse(r.init_metadata) as Record<string, unknown>,
    metadata: JSON.parse(r.metadata) as Record<string, unknown>,
    integrations: JSON.parse(r.integrations) as Record<string, unknown>,
    sampled: r.sampled === 1,
    callerType: r.caller_type,
    clientVersion: r.client_version,
    clientGitHash: r.client_git_hash,
    timeZone: r.time_zone,
    locale: r.locale,
    referrer: r.referrer,
    startedAt: r.started_at,
    lastActivityAt: r.last_activity_at,
    firstEventAt: r.first_event_at,
    lastEventAt: r.last_event_at,
    eventCount: r.event_count,
    batchCount: r.batch_count,
    resumeCount: r.resume_count,
    closedAt: r.closed_at,
    closeReason: r.close_reason,
  };
}

/** Maps a `users` row to a record. */
export function toUser(row: unknown): UserRecord {
  const r = row as UserRow;
  return {
    productId: r.product_id,
    userId: r.user_id,
    email: r.email,
    name: r.name,
    metadata: JSON.parse(r.metadata) as Record<string, unknown>,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
  };
}

/** Maps a `requests` row to a record. */
export function toRequest(row: unknown): RequestRecord {
  const r = row as RequestRow;
  return {
    id: r.id,
    sessionId: r.session_id,
    endpoint: r.endpoint,
    receivedAt: r.received_at,
    gzip: r.gzip === 1,
    status: r.status,
    errorCode: r.error_code,
    headers: JSON.parse(r.headers) as Record<string, string>,
    body: r.body,
  };
}
