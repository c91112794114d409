import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Bumped when the tables change shape; an older file is refused rather than misread. */
export const SCHEMA_VERSION = 1;

const TABLES = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  product_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  email TEXT,
  name TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  first_seen_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  PRIMARY KEY (product_id, user_id)
);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL,
  user_id TEXT,
  environment TEXT NOT NULL,
  version TEXT NOT NULL,
  app_session_id TEXT,
  init_metadata TEXT NOT NULL DEFAULT '{}',
  metadata TEXT NOT NULL DEFAULT '{}',
  integrations TEXT NOT NULL DEFAULT '{}',
  sampled INTEGER NOT NULL,
  caller_type TEXT,
  client_version TEXT,
  client_git_hash TEXT,
  time_zone TEXT,
  locale TEXT,
  referrer TEXT,
  started_at INTEGER NOT NULL,
  last_activity_at INTEGER NOT NULL,
  first_event_at INTEGER,
  last_event_at INTEGER,
  event_count INTEGER NOT NULL DEFAULT 0,
  batch_count INTEGER NOT NULL DEFAULT 0,
  resume_count INTEGER NOT NULL DEFAULT 0,
  closed_at INTEGER,
  close_reason TEXT
);
CREATE INDEX IF NOT EXISTS sessions_started ON sessions (started_at);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (product_id, user_id);
CREATE TABLE IF NOT EXISTS requests (
  id INTEGER PRIMARY KEY,
  session_id TEXT,
  endpoint TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  gzip INTEGER NOT NULL,
  status INTEGER NOT NULL,
  error_code TEXT,
  headers TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_session ON requests (session_id, id);
CREATE TABLE IF NOT EXISTS batches (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL,
  request_id INTEGER NOT NULL REFERENCES requests (id),
  kind TEXT NOT NULL,
  batch_started_at INTEGER NOT NULL,
  event_count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS batches_session ON batches (session_id, id);
CREATE TABLE IF NOT EXISTS timeline (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL,
  batch_id INTEGER NOT NULL REFERENCES batches (id),
  timestamp INTEGER NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  data TEXT
);
CREATE INDEX IF NOT EXISTS timeline_session ON timeline (session_id, timestamp, id);
`;

/**
 * Opens (creating if needed) the SQLite database. Files use WAL with full sync, so an answer
 * the server has sent is never lost when the process is killed right after.
 */
export function openDatabase(file: string | undefined): Database.Database {
  if (file !== undefined) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file ?? ':memory:');
  if (file !== undefined) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  db.exec(TABLES);
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get('schema_version') as
    { value: string } | undefined;
  if (!row) {
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(
      'schema_version',
      String(SCHEMA_VERSION),
    );
  } else if (Number(row.value) !== SCHEMA_VERSION) {
    db.close();
    throw new Error(
      `database ${file} has schema version ${row.value}; this server reads version ${SCHEMA_VERSION}. Delete it or pick another --db file`,
    );
  }
  return db;
}
