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
      // The list leaves the JSON context columns out (the rows' summaries do not show them), so
      // listing thousands of sessions never parses megabytes of metadata each.
      sessions: db.prepare(`SELECT *, '{}' AS init_metadata, '{}' AS metadata, '{}' AS integrations
        FROM sessions WHERE (@productId IS NULL OR product_id = @productId) AND (@userId IS NULL OR user_id = @userId)
        ORDER BY started_at DESC, rowid DESC LIMIT @limit`),
      session: db.prepare('SELECT * FROM sessions WHERE id = ?'),
      requestCounts: db.prepare(
        'SELECT endpoint, COUNT(*) AS n FROM requests WHERE session_id = ? GROUP BY endpoint',
      ),
      lastMetrics:
        db.prepare(`SELECT body FROM requests WHERE session_id = ? AND endpoint = 'metrics' AND status = 200
        ORDER BY id DESC LIMIT 1`),
      usersById:
        db.prepare(`SELECT u.*, (SELECT COUNT(*) FROM sessions s WHERE s.product_id = u.product_id AND s.user_id = u.user_id)
        AS session_count FROM users u WHERE u.user_id = @userId AND (@productId IS NULL OR u.product_id = @productId)
        ORDER BY u.last_seen_at DESC`),
      user: db.prepare('SELECT * FROM users WHERE product_id = ? AND user_id = ?'),
      userBrief:
        db.prepare(`SELECT product_id, user_id, email, name, '{}' AS metadata, first_seen_at,
        last_seen_at FROM users WHERE product_id = ? AND user_id = ?`),
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

  /** Users with this id (one per product), most recently seen first. */
  usersById(userId: string, productId?: string): UserWithCount[] {
    return this.stmt.usersById.all({ userId, productId: productId ?? null }).map(withCount);
  }

  /** A user's id, email and name (metadata left empty), for list rows. */
  userBrief(productId: string, userId: string): UserRecord | undefined {
    const row = this.stmt.userBrief.get(productId, userId);
    return row ? toUser(row) : undefined;
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
