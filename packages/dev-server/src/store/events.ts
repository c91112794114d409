import type Database from 'better-sqlite3';
import type { RrwebEvent } from '../ingest/protocol-bodies.js';

/** Rows per multi-row INSERT. */
const GROUP = 64;

/** See `EventWriter.begin`. */
export interface DedupeState {
  newest: number | null;
  unmatched: Map<string, number>;
}

/**
 * Writes the events of accepted batches, one row each, so the events API can stream a session
 * page by page instead of parsing every stored body at once.
 *
 * Re-sent batches (§22 item 3: a batch re-sent after an abort or a lost answer; §23: a retry may
 * re-send a prefix with newer events behind it) are stored once: an event is skipped when
 * earlier batches of the session already hold the identical event as often as it has been seen
 * so far. Identical events within one batch (three equal clicks) are all kept, so the session's
 * event count and the events API agree. Only events no later than the newest stored one can be
 * repeats, so the usual in-order batch costs no lookups.
 */
export class EventWriter {
  private readonly stmt;
  /** INSERT statements for 1..GROUP rows, prepared when first needed. */
  private readonly inserts = new Map<number, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.stmt = {
      count: db.prepare(
        'SELECT COUNT(*) AS n FROM events WHERE session_id = ? AND timestamp = ? AND json = ?',
      ),
      newest: db.prepare('SELECT MAX(timestamp) AS t FROM events WHERE session_id = ?'),
    };
  }

  /**
   * Inserts the rows whose parameters `rows` holds (4 each) with one statement, and empties it.
   * Most of the cost of a row is the call, not the row, so this is ~2.5x faster than one each.
   */
  private insertRows(rows: unknown[]): void {
    const count = rows.length / 4;
    let statement = this.inserts.get(count);
    if (!statement) {
      const values = Array<string>(count).fill('(?, ?, ?, ?)').join(', ');
      statement = this.db.prepare(
        `INSERT INTO events (session_id, batch_id, timestamp, json) VALUES ${values}`,
      );
      this.inserts.set(count, statement);
    }
    statement.run(rows);
    rows.length = 0;
  }

  /**
   * What one batch compares against: the newest timestamp stored before it, and how many stored
   * copies of each event (by timestamp and text) it has not matched yet. Taken once per batch,
   * so a batch stored in several slices never compares against its own earlier slices.
   */
  begin(sessionId: string): DedupeState {
    const newest = (this.stmt.newest.get(sessionId) as { t: number | null }).t;
    return { newest, unmatched: new Map() };
  }

  /**
   * Stores the events that earlier batches do not already hold; returns those. Call inside a
   * transaction, with the state `begin` gave for this batch.
   */
  write(
    sessionId: string,
    batchId: number,
    events: readonly RrwebEvent[],
    state: DedupeState = this.begin(sessionId),
  ): RrwebEvent[] {
    const { newest, unmatched } = state;
    const stored: RrwebEvent[] = [];
    // Parameters of rows not inserted yet, in event order (ids follow it).
    const rows: unknown[] = [];
    for (const event of events) {
      const json = JSON.stringify(event);
      if (newest !== null && event.timestamp <= newest) {
        const key = `${event.timestamp}\n${json}`;
        let left = unmatched.get(key);
        if (left === undefined)
          left = (this.stmt.count.get(sessionId, event.timestamp, json) as { n: number }).n;
        if (left > 0) {
          unmatched.set(key, left - 1);
          continue;
        }
        unmatched.set(key, 0);
      }
      rows.push(sessionId, batchId, event.timestamp, json);
      if (rows.length === GROUP * 4) this.insertRows(rows);
      stored.push(event);
    }
    if (rows.length > 0) this.insertRows(rows);
    return stored;
  }
}
