// The database side of backups and restores: a consistent copy of the live file through SQLite's
// online backup API, and the checks a file must pass before it may become the hub's database.
import Database from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import { MIGRATIONS } from './migrations.ts';

/** PRAGMA application_id of a Lanyard database: "LNYD", set by its own migration ("marks the file as Lanyard's") in migrations.ts. */
const APPLICATION_ID = 0x4c4e5944;
/** The first 16 bytes of every SQLite 3 database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** Tables every Lanyard schema has had since migration 1: how a file from before that migration is recognised. */
const CORE_TABLES = ['settings', 'scopes', 'roles', 'users', 'clients', 'tokens', 'oidc_models'];

export type CopyProgress = { totalPages: number; remainingPages: number; pageSize: number };
export type CopyResult = { pages: number; pageSize: number };

/**
 * Copies the database file `source` into the new file `destination` while the hub serves,
 * through SQLite's online backup API — never a file copy, which could catch a half-written page
 * or miss what is still in the WAL. Blocks its thread for the copy's final commit: the hub runs
 * it in a worker (backup-worker.ts).
 *
 * A read-only connection of its own holds one read transaction for the whole copy. That fixes
 * the snapshot: every transaction committed before it started — every token the hub has
 * acknowledged, since the adapter answers only after its commit — is in the copy, and nothing
 * later. It also keeps SQLite from restarting the copy each time another connection writes,
 * which it does otherwise (measured: 999 restarts in 2,000 steps with one write per step). WAL
 * lets the hub go on writing meanwhile. The copy goes `pagesPerStep` pages at a time, for the
 * progress reports.
 */
export async function copyDatabase(
  source: string,
  destination: string,
  options: { pagesPerStep: number; onProgress?: ((progress: CopyProgress) => void) | undefined },
): Promise<CopyResult> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // Each page is read once: SQLite's default 16 MB cache would only hold pages never read again.
    db.pragma('cache_size = -1024');
    db.exec('BEGIN');
    db.prepare('SELECT count(*) FROM sqlite_schema').get(); // the read that fixes the snapshot
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const { totalPages } = await db.backup(destination, {
      progress: (progress) => {
        options.onProgress?.({ ...progress, pageSize });
        return options.pagesPerStep;
      },
    });
    db.exec('COMMIT');
    makeSelfContained(destination);
    return { pages: totalPages, pageSize };
  } finally {
    db.close();
  }
}

/**
 * The copy keeps the source's WAL flag; a rollback journal makes the backup one file that opens
 * anywhere (a read-only medium, another program) without -wal/-shm files.
 */
function makeSelfContained(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/** Whether a file starts like a SQLite database (it may still be truncated or damaged). */
export function hasSqliteHeader(file: string): boolean {
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

export type CandidateCheck = { ok: true; schemaVersion: number } | { ok: false; reason: string };

/**
 * Whether `file` may become the hub's database: SQLite's integrity check passes, it is a Lanyard
 * database, and its schema is not newer than this build knows. Reads only.
 */
export function checkCandidate(file: string): CandidateCheck {
  if (!hasSqliteHeader(file)) return { ok: false, reason: 'it is not a SQLite database' };
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const problems = db.pragma('integrity_check(5)', { simple: false }) as { integrity_check: string }[];
    if (problems.length !== 1 || problems[0]!.integrity_check !== 'ok') {
      return { ok: false, reason: `it is damaged (SQLite's integrity check: ${problems.map((p) => p.integrity_check).join('; ')})` };
    }
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    if (!isLanyard(db, schemaVersion)) return { ok: false, reason: 'it is a SQLite database, but not a Lanyard one' };
    if (schemaVersion > MIGRATIONS.length) {
      return { ok: false, reason: `it was written by a newer Lanyard (schema ${schemaVersion}; this build knows up to ${MIGRATIONS.length}): upgrade Lanyard first` };
    }
    return { ok: true, schemaVersion };
  } catch (error) {
    return { ok: false, reason: `it is damaged or truncated (${(error as Error).message})` };
  } finally {
    db?.close();
  }
}

function isLanyard(db: Database.Database, schemaVersion: number): boolean {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId === APPLICATION_ID) return true;
  if (applicationId !== 0 || schemaVersion < 1) return false;
  const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
  return CORE_TABLES.every((table) => tables.has(table));
}

/**
 * Folds a closed database's WAL into its main file, so the main file alone is the whole
 * database. False when the file cannot be opened (then its -wal must travel with it).
 */
export function checkpointClosedDatabase(file: string): boolean {
  try {
    const db = new Database(file, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      return result?.busy === 0;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/**
 * One settings row of a database file, as the settings repository reads it (JSON); undefined when
 * absent. Not opened read-only: a read-only connection to a WAL database leaves -wal and -shm
 * files behind, the last read-write one removes them when it closes.
 */
export function readFileSetting<T>(file: string, key: string): T | undefined {
  const db = new Database(file, { fileMustExist: true });
  try {
    const value = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
    return value === undefined ? undefined : (JSON.parse(value) as T);
  } finally {
    db.close();
  }
}

/** Writes one settings row of a database file (JSON), as the settings repository does. */
export function writeFileSetting(file: string, key: string, value: unknown): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  } finally {
    db.close();
  }
}

/**
 * Deletes the named settings rows of a database file (keys nothing can open any more) and every
 * grant they stood behind: tokens, sessions, grants, codes and interactions, so everyone signs
 * in again and no token from before works. Applications, users and roles stay.
 */
export function discardKeysAndGrants(file: string, keys: readonly string[]): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    const remove = db.prepare('DELETE FROM settings WHERE key = ?');
    db.transaction(() => {
      keys.forEach((key) => remove.run(key));
      db.prepare('DELETE FROM tokens').run();
      db.prepare('DELETE FROM oidc_models').run();
    })();
  } finally {
    db.close();
  }
}

/** One stored authenticator-app secret of a database file, sealed as factor-secrets.ts wrote it. */
export type FileTotpSecret = { userId: string; sealedSecret: string; confirmed: boolean };

/** The authenticator-app secrets of a database file; none in a file from before second factors (migration 7). */
export function readFileTotpSecrets(file: string): FileTotpSecret[] {
  const db = new Database(file, { fileMustExist: true });
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'totp_factors'").get() !== undefined;
    if (!hasTable) return [];
    const rows = db.prepare('SELECT user_id AS userId, secret AS sealedSecret, confirmed_at IS NOT NULL AS confirmed FROM totp_factors').all() as { userId: string; sealedSecret: string; confirmed: number }[];
    return rows.map((row) => ({ ...row, confirmed: row.confirmed === 1 }));
  } finally {
    db.close();
  }
}

/** Stores authenticator-app secrets of a database file in a new form, in one transaction. */
export function replaceFileTotpSecrets(file: string, replacements: readonly { userId: string; sealedSecret: string }[]): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    const replace = db.prepare('UPDATE totp_factors SET secret = ? WHERE user_id = ?');
    db.transaction(() => replacements.forEach((row) => replace.run(row.sealedSecret, row.userId)))();
  } finally {
    db.close();
  }
}
