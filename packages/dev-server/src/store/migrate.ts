import type Database from 'better-sqlite3';
import type { RrwebEvent } from '../ingest/protocol-bodies.js';
import { EventWriter } from './events.js';

/**
 * Schema 1 -> 2: fills the `events` table from the batch bodies already stored, one batch at a
 * time (so memory stays at one body), with the same re-send rule as new batches, and sets each
 * session's event count to what the events API now returns. A body that no longer parses keeps
 * its request row but contributes no events.
 */
export function migrateToEvents(db: Database.Database): void {
  const writer = new EventWriter(db);
  const next = db.prepare(`SELECT b.id AS id, b.session_id AS sessionId, r.body AS body
    FROM batches b JOIN requests r ON r.id = b.request_id WHERE b.id > ? ORDER BY b.id LIMIT 1`);
  db.transaction(() => {
    let after = 0;
    for (;;) {
      const row = next.get(after) as { id: number; sessionId: string; body: string } | undefined;
      if (!row) break;
      after = row.id;
      let events: RrwebEvent[] = [];
      try {
        events = (JSON.parse(row.body) as { events: RrwebEvent[] }).events;
        writer.write(row.sessionId, row.id, events);
      } catch {
        // Left out, as the old events API would have failed on it too.
      }
    }
    db.exec(`UPDATE sessions SET event_count =
      (SELECT COUNT(*) FROM events e WHERE e.session_id = sessions.id)`);
  })();
}
