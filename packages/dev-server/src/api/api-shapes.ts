import type { StoreQueries } from '../store/queries.js';
import type { SessionRecord, UserRecord } from '../store/records.js';

/** A user as the API shows it. */
export interface ApiUser {
  productId: string;
  userId: string;
  email: string | null;
  name: string | null;
  metadata: Record<string, unknown>;
  firstSeenAt: number;
  lastSeenAt: number;
}

/** A row of `GET /api/sessions`. */
export interface ApiSessionSummary {
  id: string;
  productId: string;
  userId: string | null;
  user: { email: string | null; name: string | null } | null;
  environment: string;
  version: string;
  appSessionId: string | null;
  sampled: boolean;
  startedAt: number;
  lastActivityAt: number;
  durationMs: number;
  eventCount: number;
  batchCount: number;
  closed: boolean;
  closeReason: string | null;
}

/** `GET /api/sessions/:id`: the summary plus context, client facts and request counts. */
export interface ApiSessionDetail extends ApiSessionSummary {
  user: ApiUser | null;
  /** `/session` metadata merged with every `/update` session metadata (updates win). */
  metadata: Record<string, unknown>;
  initMetadata: Record<string, unknown>;
  updateMetadata: Record<string, unknown>;
  integrations: Record<string, unknown>;
  client: {
    callerType: string | null;
    clientVersion: string | null;
    clientGitHash: string | null;
    timeZone: string | null;
    locale: string | null;
    referrer: string | null;
  };
  closedAt: number | null;
  resumeCount: number;
  firstEventAt: number | null;
  lastEventAt: number | null;
  requestCounts: Record<string, number>;
  lastMetrics: unknown;
}

/**
 * Recording length: client event times when there are events (one clock), otherwise the time
 * between the server seeing the session start and its last request.
 */
function durationOf(s: SessionRecord): number {
  if (s.firstEventAt !== null && s.lastEventAt !== null) return s.lastEventAt - s.firstEventAt;
  return s.lastActivityAt - s.startedAt;
}

/** Maps a user record to the API shape. */
export function apiUser(u: UserRecord): ApiUser {
  return {
    productId: u.productId,
    userId: u.userId,
    email: u.email,
    name: u.name,
    metadata: u.metadata,
    firstSeenAt: u.firstSeenAt,
    lastSeenAt: u.lastSeenAt,
  };
}

/** Maps a session to a list row. */
export function sessionSummary(s: SessionRecord, queries: StoreQueries): ApiSessionSummary {
  const user = s.userId === null ? undefined : queries.userBrief(s.productId, s.userId);
  return {
    id: s.id,
    productId: s.productId,
    userId: s.userId,
    user: user ? { email: user.email, name: user.name } : null,
    environment: s.environment,
    version: s.version,
    appSessionId: s.appSessionId,
    sampled: s.sampled,
    startedAt: s.startedAt,
    lastActivityAt: s.lastActivityAt,
    durationMs: durationOf(s),
    eventCount: s.eventCount,
    batchCount: s.batchCount,
    closed: s.closedAt !== null,
    closeReason: s.closeReason,
  };
}

/** Maps a session to its detail view. */
export function sessionDetail(s: SessionRecord, queries: StoreQueries): ApiSessionDetail {
  const user = s.userId === null ? undefined : queries.user(s.productId, s.userId);
  return {
    ...sessionSummary(s, queries),
    user: user ? apiUser(user) : null,
    metadata: { ...s.initMetadata, ...s.metadata },
    initMetadata: s.initMetadata,
    updateMetadata: s.metadata,
    integrations: s.integrations,
    client: {
      callerType: s.callerType,
      clientVersion: s.clientVersion,
      clientGitHash: s.clientGitHash,
      timeZone: s.timeZone,
      locale: s.locale,
      referrer: s.referrer,
    },
    closedAt: s.closedAt,
    resumeCount: s.resumeCount,
    firstEventAt: s.firstEventAt,
    lastEventAt: s.lastEventAt,
    requestCounts: queries.requestCounts(s.id),
    lastMetrics: queries.lastMetrics(s.id),
  };
}
