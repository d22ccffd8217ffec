// Restoring a backup, in two halves so a running hub can take a restore too:
//   stageRestore  checks the file and prepares the database to swap in (<data>/restore-pending/),
//                 changing nothing the hub uses; a bad file is refused here.
//   applyRestore  swaps it in, keeping the current database as a dated .before-restore copy.
//                 It runs when no hub has the database open: right away for `lanyard restore`,
//                 at the next start for a hub that restarts itself to take the restore.
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { checkpointClosedDatabase, hasSqliteHeader } from '../store/backup.ts';
import { DB_FILE } from '../store/db.ts';
import { isContainer } from './container.ts';
import type { KeyCustody } from './key-custody.ts';
import { RestoreRefused } from './work.ts';
import { inWorker } from './worker.ts';

export { RestoreRefused };

const STAGING_DIR = 'restore-pending';
/** Written last when staging: its presence means the staged database is complete and checked. */
const MARKER = 'restore.json';

const Staged = z.object({
  source: z.string(),
  sha256: z.string(),
  encrypted: z.boolean(),
  schemaVersion: z.int(),
  /** kept: this machine's key opens them; carried: the backup brought the key; new: nothing opens them, new keys are made. */
  keys: z.enum(['kept', 'carried', 'new']),
  /** Users whose authenticator app the restored hub cannot check (keys 'new'); absent in markers written before it was counted. */
  unreadableAuthenticators: z.int().nonnegative().default(0),
  carried: z.array(z.string()),
  stagedAt: z.string(),
});
export type StagedRestore = z.infer<typeof Staged>;
export type AppliedRestore = StagedRestore & { beforeRestore: string | null };

/** Refuses anything that is not a backup before it gets near the hub's data. */
async function fileKind(file: string): Promise<'sqlite' | 'container'> {
  if (!existsSync(file)) throw new RestoreRefused(`${file} does not exist.`);
  if (await isContainer(file)) return 'container';
  if (hasSqliteHeader(file)) return 'sqlite';
  throw new RestoreRefused(`${file} is not a Lanyard backup: it is neither a SQLite database nor an encrypted Lanyard backup.`);
}

/** Whether the backup file needs a passphrase. */
export async function isEncryptedBackup(file: string): Promise<boolean> {
  return (await fileKind(file)) === 'container';
}

/**
 * Checks `file` and stages it for `applyRestore`. Throws RestoreRefused, with nothing in the data
 * folder changed, when the file is damaged, truncated, not Lanyard's, newer than this build, or
 * encrypted and the passphrase is missing or wrong.
 */
export async function stageRestore(input: { dataDir: string; file: string; passphrase?: string | undefined; custody: KeyCustody }): Promise<StagedRestore> {
  const kind = await fileKind(input.file);
  if (kind === 'container' && input.passphrase === undefined) throw new RestoreRefused(`${input.file} is encrypted: give its passphrase.`);
  const created = !existsSync(input.dataDir);
  mkdirSync(input.dataDir, { recursive: true, mode: 0o700 });
  const staging = join(input.dataDir, STAGING_DIR);
  const scratch = `${staging}.${randomBytes(4).toString('hex')}`;
  mkdirSync(scratch, { mode: 0o700 });
  try {
    const unpacked = await inWorker('unpackCandidate', { file: input.file, passphrase: input.passphrase, dir: scratch });
    const carried = new Map(unpacked.carried.map((name) => [name, join(scratch, name)]));
    const { keys, unreadableAuthenticators } = await input.custody.settle(join(scratch, DB_FILE), input.dataDir, carried);
    const staged: StagedRestore = {
      source: input.file,
      sha256: unpacked.sha256,
      encrypted: unpacked.encrypted,
      schemaVersion: unpacked.schemaVersion,
      keys,
      unreadableAuthenticators,
      carried: unpacked.carried,
      stagedAt: new Date().toISOString(),
    };
    writeFileSync(join(scratch, MARKER), JSON.stringify(staged, null, 2), { mode: 0o600 });
    rmSync(staging, { recursive: true, force: true }); // an older staged restore is replaced
    renameSync(scratch, staging);
    return staged;
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    if (created) rmSync(input.dataDir, { recursive: true, force: true }); // a refused restore leaves no trace
    throw error;
  }
}

/** The restore staged in `dataDir`, if one is waiting. */
function stagedRestore(dataDir: string): StagedRestore | undefined {
  try {
    return Staged.parse(JSON.parse(readFileSync(join(dataDir, STAGING_DIR, MARKER), 'utf8')));
  } catch {
    return undefined;
  }
}

/**
 * Swaps a staged restore in; call it only while no connection has the database open. Returns
 * undefined when nothing is staged. Safe to run again after a crash part-way: the dated copy
 * and the marker make each step idempotent.
 */
export async function applyRestore(dataDir: string, custody: KeyCustody): Promise<AppliedRestore | undefined> {
  const staging = join(dataDir, STAGING_DIR);
  const staged = stagedRestore(dataDir);
  if (!staged) {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true }); // an unfinished stage
    return undefined;
  }
  const beforeRestore = keepCurrent(dataDir, staged.stagedAt);
  if (staged.keys === 'carried') await custody.install(dataDir, new Map(staged.carried.map((name) => [name, join(staging, name)])), stampOf(staged.stagedAt));
  const incoming = join(staging, DB_FILE);
  if (existsSync(incoming)) renameSync(incoming, join(dataDir, DB_FILE)); // atomic: the old file or the new one, never neither
  rmSync(staging, { recursive: true, force: true });
  return { ...staged, beforeRestore };
}

/** A staging time as it appears in the names of what a restore keeps: 2026-11-29T11-38-54Z. */
const stampOf = (stagedAt: string): string => stagedAt.replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');

/**
 * Keeps the current database as `lanyard.db.<stamp>.before-restore` (a hard link where the file
 * system has them, so nothing is copied). Its WAL is folded in first; if the database cannot
 * even be opened, its -wal and -shm are kept beside it under the same name, and must not stay
 * next to the restored file, whose pages they would overwrite.
 */
function keepCurrent(dataDir: string, stagedAt: string): string | null {
  const current = join(dataDir, DB_FILE);
  if (!existsSync(current)) return null;
  const kept = `${current}.${stampOf(stagedAt)}.before-restore`;
  checkpointClosedDatabase(current);
  if (!existsSync(kept)) {
    try {
      linkSync(current, kept);
    } catch {
      copyFileSync(current, kept);
    }
  }
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(current + suffix)) renameSync(current + suffix, kept + suffix);
  }
  return kept;
}
