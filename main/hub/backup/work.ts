// The heavy half of backups and restores — copying, encrypting, decrypting, checking and hashing
// files — as plain functions of files and plain data, so they can run in a worker thread
// (worker.ts) and never hold the hub's thread. The key custody and the final renames stay with
// the callers (create.ts, restore.ts).
import { chmodSync, mkdirSync, renameSync } from 'node:fs';
import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { checkCandidate, copyDatabase, type CopyProgress } from '../store/backup.ts';
import { DB_FILE, openDatabase } from '../store/db.ts';
import { VERSION } from '../version.ts';
import { ContainerError, isContainer, seal, unseal } from './container.ts';
import { sha256File } from './files.ts';

/** The database's entry in an encrypted backup. */
const DATABASE_ENTRY = 'lanyard.db';

/** A refusal to restore, with a sentence for the operator; crosses the worker boundary as such. */
export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}

export type WriteBackupInput = {
  source: string;
  /** The file to write (a partial name; the caller renames it). */
  out: string;
  /** For the plaintext copy of an encrypted backup: a folder as private as the database. */
  scratchDir: string;
  passphrase?: string | undefined;
  /** Key material the encrypted backup carries (key-custody.ts). */
  carried: { name: string; data: Uint8Array }[];
  pagesPerStep: number;
};

/** Copies the live database into `out` — encrypted when there is a passphrase — and hashes the result. */
export async function writeBackup(input: WriteBackupInput, onProgress?: (progress: CopyProgress) => void): Promise<{ sha256: string }> {
  if (input.passphrase === undefined) {
    await copyDatabase(input.source, input.out, { pagesPerStep: input.pagesPerStep, onProgress });
    if (process.platform !== 'win32') chmodSync(input.out, 0o600); // it holds password hashes and the hub's keys
    return { sha256: await sha256File(input.out) };
  }
  mkdirSync(input.scratchDir, { mode: 0o700 });
  try {
    const database = join(input.scratchDir, DATABASE_ENTRY);
    await copyDatabase(input.source, database, { pagesPerStep: input.pagesPerStep, onProgress });
    const extra = input.carried.map((entry) => ({ name: entry.name, data: Buffer.from(entry.data) }));
    await seal(input.out, [{ name: DATABASE_ENTRY, file: database }, ...extra], input.passphrase, { lanyardVersion: VERSION });
  } finally {
    await rm(input.scratchDir, { recursive: true, force: true });
  }
  return { sha256: await sha256File(input.out) };
}

export type UnpackedCandidate = { encrypted: boolean; schemaVersion: number; sha256: string; carried: string[] };

/**
 * Puts the backup `file` into `dir` as `lanyard.db` (decrypted when it is a container, with the
 * entries it carries beside it), checks it, and brings its schema up to this build's. Throws
 * RestoreRefused for anything that must not become the hub's database.
 */
export async function unpackCandidate(input: { file: string; passphrase?: string | undefined; dir: string }): Promise<UnpackedCandidate> {
  const encrypted = await isContainer(input.file);
  const carried = encrypted ? await unsealInto(input.file, input.passphrase!, input.dir) : await copyInto(input.file, input.dir);
  const check = checkCandidate(join(input.dir, DB_FILE));
  if (!check.ok) throw new RestoreRefused(`${input.file} cannot be restored: ${check.reason}.`);
  openDatabase(input.dir).close(); // migrates, as the hub would at its start
  return { encrypted, schemaVersion: check.schemaVersion, sha256: await sha256File(input.file), carried };
}

async function copyInto(file: string, dir: string): Promise<string[]> {
  await copyFile(file, join(dir, DB_FILE));
  return [];
}

/** Decrypts into `dir`; returns the names of the carried entries other than the database. */
async function unsealInto(file: string, passphrase: string, dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await unseal(file, passphrase, dir);
  } catch (error) {
    if (error instanceof ContainerError) throw new RestoreRefused(`${file} cannot be restored: ${error.message}.`);
    throw error;
  }
  if (!names.includes(DATABASE_ENTRY)) throw new RestoreRefused(`${file} cannot be restored: it holds no database.`);
  if (DATABASE_ENTRY !== DB_FILE) renameSync(join(dir, DATABASE_ENTRY), join(dir, DB_FILE));
  return names.filter((name) => name !== DATABASE_ENTRY);
}
