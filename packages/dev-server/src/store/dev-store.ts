import type Database from 'better-sqlite3';
import { HttpError } from '../http/http-error.js';
import { MAX_CONTEXT_BYTES } from '../http/read-body.js';
import type { BatchBody, UpdateBody } from '../ingest/protocol-bodies.js';
import { BatchStore } from './batch-store.js';
import { keepUnlessDefined, mergeIntegrations, mergeMetadata } from './merge.js';
import {
  CLOSE_SESSION_SQL,
  toSession,
  toUser,
  type ClientInfo,
  type CloseReason,
  type SessionRecord,
} from './records.js';

/** What `/session` stores for a new session. */
export interface NewSession {
  id: string;
  productId: string;
  environment: string;
  version: string;
  appSessionId: string | undefined;
  metadata: Record<string, unknown> | undefined;
  sampled: boolean;
  client: ClientInfo;
  now: number;
}

/** An ingest request to keep verbatim. */
export interface RequestToStore {
  sessionId: string | null;
  endpoint: string;
  receivedAt: number;
  gzip: boolean;
  status: number;
  errorCode: string | null;
  headers: Record<string, string>;
  body: string;
}

const json = (value: unknown): string => JSON.stringify(value ?? {});

/** Merged metadata as JSON, refused (413) when merging has grown it past the cap. */
function cappedJson(value: unknown, field: string): string {
  const text = json(value);
  if (text.length > MAX_CONTEXT_BYTES)
    throw new HttpError(
      413,
      'PAYLOAD_TOO_LARGE',
      `${field} would grow past ${MAX_CONTEXT_BYTES} characters once merged; nothing was changed`,
      { shouldRestartSession: false },
    );
  return text;
}

/**
 * The write side of the storage. better-sqlite3 is synchronous, so every write has committed
 * before the handler that called it sends its answer: acknowledged data survives a restart.
 */
export class DevStore {
  readonly db: Database.Database;
  private readonly stmt;
  private readonly batches: BatchStore;

  constructor(db: Database.Database) {
    this.db = db;
    this.stmt = {
      getSession: db.prepare('SELECT * FROM sessions WHERE id = ?'),
      insertSession:
        db.prepare(`INSERT INTO sessions (id, product_id, environment, version, app_session_id,
        init_metadata, sampled, caller_type, client_version, client_git_hash, time_zone, locale, referrer,
        started_at, last_activity_at) VALUES (@id, @productId, @environment, @version, @appSessionId,
        @initMetadata, @sampled, @callerType, @clientVersion, @clientGitHash, @timeZone, @locale, @referrer,
        @now, @now)`),
      resumeSession: db.prepare(`UPDATE sessions SET environment = @environment, version = @version,
        app_session_id = COALESCE(@appSessionId, app_session_id), init_metadata = @initMetadata,
        last_activity_at = @now, resume_count = resume_count + 1, closed_at = NULL, close_reason = NULL
        WHERE id = @id`),
      touch: db.prepare('UPDATE sessions SET last_activity_at = ? WHERE id = ?'),
      close: db.prepare(CLOSE_SESSION_SQL),
      patchSession:
        db.prepare(`UPDATE sessions SET metadata = @metadata, app_session_id = @appSessionId,
        integrations = @integrations, user_id = @userId, last_activity_at = @now WHERE id = @id`),
      getUser: db.prepare('SELECT * FROM users WHERE product_id = ? AND user_id = ?'),
      upsertUser:
        db.prepare(`INSERT INTO users (product_id, user_id, email, name, metadata, first_seen_at, last_seen_at)
        VALUES (@productId, @userId, @email, @name, @metadata, @now, @now)
        ON CONFLICT (product_id, user_id) DO UPDATE SET email = @email, name = @name, metadata = @metadata,
        last_seen_at = @now`),
      insertRequest:
        db.prepare(`INSERT INTO requests (session_id, endpoint, received_at, gzip, status, error_code, headers, body)
        VALUES (@sessionId, @endpoint, @receivedAt, @gzip, @status, @errorCode, @headers, @body)`),
    };
    this.batches = new BatchStore(db, (request) => this.storeRequest(request));
  }

  /** The session with this id, if any. */
  getSession(id: string): SessionRecord | undefined {
    const row = this.stmt.getSession.get(id);
    return row ? toSession(row) : undefined;
  }

  /** Stores a new session. */
  createSession(input: NewSession): SessionRecord {
    this.stmt.insertSession.run({
      id: input.id,
      productId: input.productId,
      environment: input.environment,
      version: input.version,
      appSessionId: input.appSessionId ?? null,
      initMetadata: json(input.metadata),
      sampled: input.sampled ? 1 : 0,
      ...input.client,
      now: input.now,
    });
    return this.getSession(input.id) as SessionRecord;
  }

  /** Continues a known session: the init-time values of this page load win, and it reopens. */
  resumeSession(
    id: string,
    body: { environment: string; version: string; appSessionId?: string; metadata?: unknown },
    now: number,
  ): SessionRecord {
    this.stmt.resumeSession.run({
      id,
      environment: body.environment,
      version: body.version,
      appSessionId: body.appSessionId ?? null,
      initMetadata: json(body.metadata),
      now,
    });
    return this.getSession(id) as SessionRecord;
  }

  /** Marks a session closed (page close, client abort, or a restart the server asked for). */
  closeSession(id: string, reason: CloseReason, now: number): void {
    this.stmt.close.run({ now, reason, id });
  }

  /** Records activity without changing anything else. */
  touch(id: string, now: number): void {
    this.stmt.touch.run(now, id);
  }

  /**
   * Applies an `/update` (§7.6): the user profile is upserted across the user's lifetime, the
   * session context within the session, and only the first user ever attached keeps the session.
   */
  applyUpdate(session: SessionRecord, body: UpdateBody, now: number): void {
    this.db.transaction(() => {
      let userId = session.userId;
      if (body.user) {
        const patch = body.user;
        const savedRow = this.stmt.getUser.get(session.productId, patch.userId);
        const saved = savedRow ? toUser(savedRow) : undefined;
        this.stmt.upsertUser.run({
          productId: session.productId,
          userId: patch.userId,
          email: keepUnlessDefined(saved?.email ?? null, patch.email),
          name: keepUnlessDefined(saved?.name ?? null, patch.name),
          metadata: cappedJson(
            mergeMetadata(saved?.metadata ?? {}, patch.metadata),
            'user.metadata',
          ),
          now,
        });
        userId ??= patch.userId;
      }
      const s = body.session;
      this.stmt.patchSession.run({
        id: session.id,
        metadata: cappedJson(mergeMetadata(session.metadata, s?.metadata), 'session.metadata'),
        appSessionId: keepUnlessDefined(session.appSessionId, s?.appSessionId),
        integrations: json(mergeIntegrations(session.integrations, s?.integrations)),
        userId,
        now,
      });
    })();
  }

  /** Stores one ingest request verbatim and returns its row id. */
  storeRequest(request: RequestToStore): number {
    const info = this.stmt.insertRequest.run({
      ...request,
      gzip: request.gzip ? 1 : 0,
      headers: JSON.stringify(request.headers),
    });
    return Number(info.lastInsertRowid);
  }

  /**
   * Stores an accepted batch (see `BatchStore`): resolves its id once every event is committed.
   */
  storeBatch(
    sessionId: string,
    batch: BatchBody,
    request: RequestToStore,
    now: number,
  ): Promise<number> {
    return this.batches.store(sessionId, batch, request, now);
  }

  /** Deletes every stored row (the inspector's reset). */
  reset(): void {
    this.db.transaction(() => {
      for (const table of ['events', 'timeline', 'batches', 'requests', 'sessions', 'users'])
        this.db.exec(`DELETE FROM ${table}`);
    })();
  }

  /** Closes the database file. */
  close(): void {
    if (this.db.open) this.db.close();
  }
}
