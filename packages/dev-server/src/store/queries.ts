import type Database from 'better-sqlite3';
import {
  toRequest,
  toSession,
  toUser,
  type RequestRecord,
  type SessionRecord,
  type UserRecord,
} from './records.js';
import type { TimelineEntry } from './timeline.js';

/** Filters for the sessions list. */
export interface SessionFilter {
  productId?: string;
  userId?: string;
  limit?: number;
}

/** A user together with the number of sessions attached to them. */
export interface UserWithCount extends UserRecord {
  sessionCount: number;
}

/**
 * The read side of the storage, used by the JSON API and the inspector. Returns records; the
 * API layer decides the JSON shapes.
 */
export class StoreQueries {
  private readonly stmt;

  constructor(db: Database.Database) {
    this.stmt = {
      sessions: db.prepare(`SELECT * FROM sessions
        WHERE (@productId IS NULL OR product_id = @productId) AND (@userId IS NULL OR user_id = @userId)
        ORDER BY started_at DESC, rowid DESC LIMIT @limit`),
      session: db.prepare('SELECT * FROM sessions WHERE id = ?'),
      batchBodies:
        db.prepare(`SELECT r.body AS body FROM batches b JOIN requests r ON r.id = b.request_id
        WHERE b.session_id = ? ORDER BY b.id`),
      timeline: db.prepare(
        'SELECT timestamp, kind, name, data FROM timeline WHERE session_id = ? ORDER BY timestamp, id',
      ),
      requests: db.prepare(`SELECT * FROM requests WHERE session_id = @sessionId
        AND (@endpoint IS NULL OR endpoint = @endpoint) ORDER BY id`),
      requestCounts: db.prepare(
        'SELECT endpoint, COUNT(*) AS n FROM requests WHERE session_id = ? GROUP BY endpoint',
      ),
      lastMetrics:
        db.prepare(`SELECT body FROM requests WHERE session_id = ? AND endpoint = 'metrics' AND status = 200
        ORDER BY id DESC LIMIT 1`),
      users:
        db.prepare(`SELECT u.*, (SELECT COUNT(*) FROM sessions s WHERE s.product_id = u.product_id AND s.user_id = u.user_id)
        AS session_count FROM users u ORDER BY u.last_seen_at DESC`),
      usersById:
        db.prepare(`SELECT u.*, (SELECT COUNT(*) FROM sessions s WHERE s.product_id = u.product_id AND s.user_id = u.user_id)
        AS session_count FROM users u WHERE u.user_id = @userId AND (@productId IS NULL OR u.product_id = @productId)
        ORDER BY u.last_seen_at DESC`),
      user: db.prepare('SELECT * FROM users WHERE product_id = ? AND user_id = ?'),
    };
  }

  /** Sessions, newest first. */
  sessions(filter: SessionFilter = {}): SessionRecord[] {
    return this.stmt.sessions
      .all({
        productId: filter.productId ?? null,
        userId: filter.userId ?? null,
        limit: filter.limit ?? 500,
      })
      .map(toSession);
  }

  /** One session, if it exists. */
  session(id: string): SessionRecord | undefined {
    const row = this.stmt.session.get(id);
    return row ? toSession(row) : undefined;
  }

  /**
   * The session's rrweb events in replay order: sorted by timestamp (stable, so events with the
   * same time keep arrival order). An event received twice (a batch re-sent after an abort,
   * §22 item 3) is kept once, because a replay cannot apply the same mutation twice.
   */
  events(sessionId: string): unknown[] {
    const seen = new Set<string>();
    const out: { timestamp: number; event: unknown }[] = [];
    for (const row of this.stmt.batchBodies.iterate(sessionId) as IterableIterator<{
      body: string;
    }>) {
      const events = (JSON.parse(row.body) as { events: { timestamp: number }[] }).events;
      for (const event of events) {
        const key = JSON.stringify(event);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ timestamp: event.timestamp, event });
      }
    }
    out.sort((a, b) => a.timestamp - b.timestamp);
    return out.map((e) => e.event);
  }

  /** The custom-event index of a session, in time order. */
  timeline(sessionId: string): TimelineEntry[] {
    return (
      this.stmt.timeline.all(sessionId) as {
        timestamp: number;
        kind: TimelineEntry['kind'];
        name: string;
        data: string | null;
      }[]
    ).map((r) => ({
      timestamp: r.timestamp,
      kind: r.kind,
      name: r.name,
      data: r.data === null ? null : (JSON.parse(r.data) as unknown),
    }));
  }

  /** Stored ingest requests of a session, optionally of one endpoint. */
  requests(sessionId: string, endpoint?: string): RequestRecord[] {
    return this.stmt.requests.all({ sessionId, endpoint: endpoint ?? null }).map(toRequest);
  }

  /** How many requests of each endpoint a session received. */
  requestCounts(sessionId: string): Record<string, number> {
    const counts: Record<string, number> = { session: 0, update: 0, batch: 0, metrics: 0 };
    for (const row of this.stmt.requestCounts.all(sessionId) as { endpoint: string; n: number }[])
      counts[row.endpoint] = row.n;
    return counts;
  }

  /** The last accepted `/metrics` body of a session. */
  lastMetrics(sessionId: string): unknown {
    const row = this.stmt.lastMetrics.get(sessionId) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as unknown) : null;
  }

  /** Every user, most recently seen first. */
  users(): UserWithCount[] {
    return this.stmt.users.all().map(withCount);
  }

  /** Users with this id (one per product), most recently seen first. */
  usersById(userId: string, productId?: string): UserWithCount[] {
    return this.stmt.usersById.all({ userId, productId: productId ?? null }).map(withCount);
  }

  /** One user profile. */
  user(productId: string, userId: string): UserRecord | undefined {
    const row = this.stmt.user.get(productId, userId);
    return row ? toUser(row) : undefined;
  }
}

function withCount(row: unknown): UserWithCount {
  return { ...toUser(row), sessionCount: (row as { session_count: number }).session_count };
}
