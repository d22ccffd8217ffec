// Opens the hub's one SQLite file and brings its schema up to date.
import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations.ts';

export type Db = Database.Database;

export const DB_FILE = 'lanyard.db';

export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, DB_FILE);
  const db = new Database(file);
  restrictToOwner(file);
  // WAL lets the CLI write while the server reads; NORMAL sync is durable across
  // application crashes and only risks the last commits on power loss (WAL mode).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -32000');
  db.pragma('temp_store = MEMORY');
  migrate(db);
  restrictToOwner(file); // again, now that the WAL files exist
  return db;
}

/**
 * The database holds the hub's signing and cookie keys and live sessions: only its owner may
 * read it, whatever the folder's mode (an existing --data folder may be world-readable).
 */
function restrictToOwner(file: string): void {
  if (process.platform === 'win32') return; // NTFS ACLs of the user profile do this there
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(path, 0o600);
    } catch {
      // -wal/-shm exist only while the database is open in WAL mode
    }
  }
}

function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db): void {
  const current = schemaVersion(db);
  if (current > MIGRATIONS.length) {
    throw new Error(`This data directory was written by a newer Lanyard (schema ${current}, this build knows ${MIGRATIONS.length}). Upgrade Lanyard or use another --data directory.`);
  }
  for (let version = current; version < MIGRATIONS.length; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}

/** Wall-clock seconds, the unit oidc-provider and the schema use. */
export const epoch = (): number => Math.floor(Date.now() / 1000);

/** A stored time (epoch seconds) as the contract's ISO-8601 string. */
export const iso = (seconds: number | null | undefined): string | null =>
  seconds === null || seconds === undefined ? null : new Date(seconds * 1000).toISOString();
