import type Database from 'better-sqlite3';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { BatchBody } from '../ingest/protocol-bodies.js';
import type { RequestToStore } from './dev-store.js';
import { EventWriter } from './events.js';
import { CLOSE_SESSION_SQL } from './records.js';
import { timelineEntry } from './timeline.js';

/**
 * Events stored per transaction. Between slices the server answers other requests, so storing
 * the largest batch (hundreds of thousands of tiny events) never holds them up for long.
 */
export const SLICE_EVENTS = 2_000;

/**
 * Stores accepted batches: the request text as received, a batch row, the events earlier
 * batches do not already hold (`EventWriter`), their timeline entries and the session counters.
 *
 * A batch is written in slices, one transaction each, and answered only after the last one, so
 * an acknowledged batch is always complete. A crash between slices leaves a part of a batch the
 * client was never told about; its re-send adds only the rest. Batches of one session are stored
 * one after the other, so two of them never interleave their slices.
 */
export class BatchStore {
  private readonly stmt;
  private readonly events: EventWriter;
  /** The batch being stored for each session, for the one-at-a-time rule. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Database.Database,
    private readonly storeRequest: (request: RequestToStore) => number,
  ) {
    this.events = new EventWriter(db);
    this.stmt = {
      insertBatch:
        db.prepare(`INSERT INTO batches (session_id, request_id, kind, batch_started_at, event_count)
        VALUES (?, ?, ?, ?, ?)`),
      batchExists: db.prepare('SELECT 1 FROM batches WHERE id = ?'),
      countBatch:
        db.prepare(`UPDATE sessions SET event_count = event_count + @count, batch_count = batch_count + @batches,
        first_event_at = CASE WHEN @first IS NULL THEN first_event_at ELSE MIN(COALESCE(first_event_at, @first), @first) END,
        last_event_at = CASE WHEN @last IS NULL THEN last_event_at ELSE MAX(COALESCE(last_event_at, @last), @last) END,
        last_activity_at = @now WHERE id = @id`),
      insertTimeline:
        db.prepare(`INSERT INTO timeline (session_id, batch_id, timestamp, kind, name, data)
        VALUES (?, ?, ?, ?, ?, ?)`),
      close: db.prepare(CLOSE_SESSION_SQL),
    };
  }

  /** Stores a batch and resolves its id once every slice is committed. */
  store(
    sessionId: string,
    batch: BatchBody,
    request: RequestToStore,
    now: number,
  ): Promise<number> {
    const before = this.queues.get(sessionId) ?? Promise.resolve();
    const run = before.then(() => this.write(sessionId, batch, request, now));
    const settled = run.catch(() => undefined);
    this.queues.set(sessionId, settled);
    void settled.then(() => {
      if (this.queues.get(sessionId) === settled) this.queues.delete(sessionId);
    });
    return run;
  }

  private async write(
    sessionId: string,
    batch: BatchBody,
    request: RequestToStore,
    now: number,
  ): Promise<number> {
    let batchId = 0;
    let state: ReturnType<EventWriter['begin']> | undefined;
    for (let start = 0; start === 0 || start < batch.events.length; start += SLICE_EVENTS) {
      if (start > 0) await nextTurn();
      const last = start + SLICE_EVENTS >= batch.events.length;
      this.db.transaction(() => {
        if (start === 0) {
          const requestId = this.storeRequest(request);
          const info = this.stmt.insertBatch.run(
            sessionId,
            requestId,
            batch.kind,
            batch.batchStartedAt,
            batch.events.length,
          );
          batchId = Number(info.lastInsertRowid);
          state = this.events.begin(sessionId);
        } else if (!this.stmt.batchExists.get(batchId)) {
          return; // Everything was deleted meanwhile (DELETE /api/data).
        }
        const slice = batch.events.slice(start, start + SLICE_EVENTS);
        const stored = this.events.write(sessionId, batchId, slice, state);
        let first: number | null = null;
        let newest: number | null = null;
        for (const event of stored) {
          first = first === null ? event.timestamp : Math.min(first, event.timestamp);
          newest = newest === null ? event.timestamp : Math.max(newest, event.timestamp);
          const entry = timelineEntry(event);
          if (entry)
            this.stmt.insertTimeline.run(
              sessionId,
              batchId,
              entry.timestamp,
              entry.kind,
              entry.name,
              JSON.stringify(entry.data ?? null),
            );
        }
        const batches = start === 0 ? 1 : 0;
        this.stmt.countBatch.run({
          id: sessionId,
          count: stored.length,
          batches,
          first,
          last: newest,
          now,
        });
        if (last && batch.kind !== 'regular')
          this.stmt.close.run({ now, reason: batch.kind, id: sessionId });
      })();
    }
    return batchId;
  }
}
