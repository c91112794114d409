import type Database from 'better-sqlite3';

/**
 * Reads a session's events, timeline entries and requests as JSON text, one page at a time.
 * Keyset paging (each page starts after the last row of the one before) means no cursor stays
 * open between pages, so ingest can write while a large answer is being sent; pages stop at a
 * byte budget so memory stays at one page whatever the session's size.
 *
 * `cursor` is the newest row id when the answer started: rows that arrive while it is sent are
 * left for the next `?after=cursor` request, so a client that fetches only what is new never
 * gets a row twice.
 */
export interface PageSource {
  /** The newest row id when the answer started; the next incremental fetch passes it as `after`. */
  cursor?: number;
  /** The next items as JSON text; empty at the end. */
  next(): string[];
}

/** Rows per page at most. */
const PAGE_ROWS = 2_000;
/** Bytes per page, roughly: a page ends after the row that passes it. */
export const PAGE_BYTES = 1024 * 1024;

type Keyed = { id: number; timestamp?: number };

interface UserRow {
  product_id: string;
  user_id: string;
  email: string | null;
  name: string | null;
  metadata: string;
  first_seen_at: number;
  last_seen_at: number;
}

/**
 * One paged reader over rows ordered either for replay (`timestamp, id`) or by arrival (`id`).
 * `toJson` turns a row into the item's JSON text.
 */
function pager<Row extends Keyed>(
  replay: Database.Statement,
  arrival: Database.Statement,
  params: Record<string, unknown>,
  after: number | undefined,
  cursor: number,
  toJson: (row: Row) => string,
): PageSource {
  let lastId = after ?? 0;
  let lastTs = -Number.MAX_VALUE;
  let done = false;
  return {
    cursor,
    next() {
      if (done) return [];
      const items: string[] = [];
      let bytes = 0;
      const statement = after === undefined ? replay : arrival;
      for (const row of statement.iterate({
        ...params,
        cursor,
        lastId,
        lastTs,
        limit: PAGE_ROWS,
      }) as IterableIterator<Row>) {
        const text = toJson(row);
        items.push(text);
        bytes += text.length;
        lastId = row.id;
        if (row.timestamp !== undefined) lastTs = row.timestamp;
        // Leaving the loop early closes the statement, so the connection is free again.
        if (bytes >= PAGE_BYTES) break;
      }
      if (items.length === 0) done = true;
      return items;
    },
  };
}

/** Paged, streaming reads of one session's recording. */
export class SessionPages {
  private readonly stmt;

  constructor(db: Database.Database) {
    const byReplay = (table: string, columns: string, filter = ''): Database.Statement =>
      db.prepare(`SELECT ${columns} FROM ${table} WHERE session_id = @sessionId ${filter}
        AND id <= @cursor AND (timestamp, id) > (@lastTs, @lastId)
        ORDER BY timestamp, id LIMIT @limit`);
    // Arrival order walks the row ids between two cursors (usually just the rows stored since
    // the last fetch). The unary + keeps SQLite from using the replay index and sorting the
    // whole session instead.
    const byArrival = (table: string, columns: string, filter = ''): Database.Statement =>
      db.prepare(`SELECT ${columns} FROM ${table} WHERE id > @lastId AND id <= @cursor
        AND +session_id = @sessionId ${filter} ORDER BY id LIMIT @limit`);
    // The cursor is the table's newest row id, across sessions: O(1), and just as exact.
    const newest = (table: string): Database.Statement =>
      db.prepare(`SELECT COALESCE(MAX(id), 0) AS id FROM ${table}`);
    const eventColumns = 'id, timestamp, json';
    const timelineColumns = 'id, timestamp, kind, name, data';
    const endpointFilter = 'AND (@endpoint IS NULL OR endpoint = @endpoint)';
    this.stmt = {
      eventsReplay: byReplay('events', eventColumns),
      eventsArrival: byArrival('events', eventColumns),
      eventsNewest: newest('events'),
      timelineReplay: byReplay('timeline', timelineColumns),
      timelineArrival: byArrival('timeline', timelineColumns),
      timelineNewest: newest('timeline'),
      // Requests come in arrival order either way, through their (session_id, id) index.
      requests: db.prepare(`SELECT * FROM requests WHERE session_id = @sessionId ${endpointFilter}
        AND id > @lastId AND id <= @cursor ORDER BY id LIMIT @limit`),
      requestsNewest: newest('requests'),
      users: db.prepare(`SELECT u.rowid AS rid, u.*, (SELECT COUNT(*) FROM sessions s
        WHERE s.product_id = u.product_id AND s.user_id = u.user_id) AS session_count
        FROM users u WHERE (u.last_seen_at, u.rowid) < (@lastSeen, @lastRow)
        ORDER BY u.last_seen_at DESC, u.rowid DESC LIMIT @limit`),
    };
  }

  private newest(statement: Database.Statement): number {
    return (statement.get() as { id: number }).id;
  }

  /** The rrweb events as stored: replay order, or arrival order after `after`. */
  events(sessionId: string, after?: number): PageSource {
    return pager<{ id: number; timestamp: number; json: string }>(
      this.stmt.eventsReplay,
      this.stmt.eventsArrival,
      { sessionId },
      after,
      this.newest(this.stmt.eventsNewest),
      (row) => row.json,
    );
  }

  /** Timeline entries `{ timestamp, kind, name, data }`, ordered like `events`. */
  timeline(sessionId: string, after?: number): PageSource {
    type Row = { id: number; timestamp: number; kind: string; name: string; data: string | null };
    return pager<Row>(
      this.stmt.timelineReplay,
      this.stmt.timelineArrival,
      { sessionId },
      after,
      this.newest(this.stmt.timelineNewest),
      (r) =>
        `{"timestamp":${JSON.stringify(r.timestamp)},"kind":${JSON.stringify(r.kind)},"name":${JSON.stringify(r.name)},"data":${r.data ?? 'null'}}`,
    );
  }

  /**
   * Every user with merged metadata and session count, most recently seen first. Users have no
   * arrival cursor; the pages walk `(last_seen_at, rowid)` downwards.
   */
  users(): PageSource {
    let lastSeen = Number.MAX_VALUE;
    let lastRow = Number.MAX_SAFE_INTEGER;
    let done = false;
    const statement = this.stmt.users;
    return {
      next() {
        if (done) return [];
        const items: string[] = [];
        let bytes = 0;
        type Row = UserRow & { rid: number; session_count: number };
        for (const r of statement.iterate({
          lastSeen,
          lastRow,
          limit: PAGE_ROWS,
        }) as IterableIterator<Row>) {
          const text = `{"productId":${JSON.stringify(r.product_id)},"userId":${JSON.stringify(r.user_id)},"email":${JSON.stringify(r.email)},"name":${JSON.stringify(r.name)},"metadata":${r.metadata},"firstSeenAt":${r.first_seen_at},"lastSeenAt":${r.last_seen_at},"sessionCount":${r.session_count}}`;
          items.push(text);
          bytes += text.length;
          lastSeen = r.last_seen_at;
          lastRow = r.rid;
          if (bytes >= PAGE_BYTES) break;
        }
        if (items.length === 0) done = true;
        return items;
      },
    };
  }

  /** Stored requests with headers and exact body text, in arrival order. */
  requests(sessionId: string, endpoint: string | undefined, after?: number): PageSource {
    type Row = {
      id: number;
      session_id: string | null;
      endpoint: string;
      received_at: number;
      gzip: number;
      status: number;
      error_code: string | null;
      headers: string;
      body: string;
    };
    return pager<Row>(
      this.stmt.requests,
      this.stmt.requests,
      { sessionId, endpoint: endpoint ?? null },
      after,
      this.newest(this.stmt.requestsNewest),
      (r) =>
        `{"id":${r.id},"sessionId":${JSON.stringify(r.session_id)},"endpoint":${JSON.stringify(r.endpoint)},"receivedAt":${r.received_at},"gzip":${r.gzip === 1},"status":${r.status},"errorCode":${JSON.stringify(r.error_code)},"headers":${r.headers},"body":${JSON.stringify(r.body)}}`,
    );
  }
}
