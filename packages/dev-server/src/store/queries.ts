import type Database from 'better-sqlite3';
import { toSession, toUser, type SessionRecord, type UserRecord } from './records.js';

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
