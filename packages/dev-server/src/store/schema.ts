import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { migrateToEvents } from './migrate.js';

/**
 * Bumped when the tables change shape. Version 2 added the `events` table; a version 1 file is
 * migrated on open, anything else is refused rather than misread.
 */
export const SCHEMA_VERSION = 2;

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
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  batch_id INTEGER NOT NULL REFERENCES batches (id),
  timestamp INTEGER NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_replay ON events (session_id, timestamp, id);
`;

/** Owner-only access: recordings hold whatever the recorded pages showed. */
const PRIVATE_FILE = 0o600;
const PRIVATE_DIR = 0o700;

/** Creates the folder and an empty database file readable by the owner only. */
function preparePrivateFile(file: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  // Our own data folder is tightened even when it already existed; a folder the user named
  // (e.g. --db /tmp/x.sqlite) is left alone.
  if (basename(dir) === '.milana') chmodSync(dir, PRIVATE_DIR);
  // SQLite gives the -wal and -shm files the mode of the database file, so create that first.
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE));
  chmodSync(file, PRIVATE_FILE);
}

function tightenCompanions(file: string): void {
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) chmodSync(file + suffix, PRIVATE_FILE);
  }
}

/**
 * Opens (creating if needed) the SQLite database. Files use WAL with `synchronous = NORMAL`: a
 * committed write is in the WAL file before the answer is sent, so killing the process (even
 * with SIGKILL) loses nothing acknowledged; only an operating-system crash or power loss can
 * lose the last writes, which FULL would have kept at about half the throughput.
 */
export function openDatabase(file: string | undefined): Database.Database {
  if (file !== undefined) preparePrivateFile(file);
  const db = new Database(file ?? ':memory:');
  if (file !== undefined) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    tightenCompanions(file);
  }
  db.pragma('foreign_keys = ON');
  const before = db.prepare("SELECT name FROM sqlite_master WHERE name = 'meta'").get();
  const stored = before
    ? (db.prepare('SELECT value FROM meta WHERE key = ?').get('schema_version') as
        { value: string } | undefined)
    : undefined;
  db.exec(TABLES);
  if (stored && Number(stored.value) === 1) {
    migrateToEvents(db);
    db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(
      String(SCHEMA_VERSION),
      'schema_version',
    );
  }
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
