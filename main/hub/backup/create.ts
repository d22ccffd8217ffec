// Writes one backup: a consistent copy of the live database (store/backup.ts), encrypted with the
// carried key material when a passphrase is given, else a plain SQLite file readable only by its
// owner. The file appears under its final name only once complete.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { copyDatabase, type CopyProgress } from '../store/backup.ts';
import { DB_FILE } from '../store/db.ts';
import { VERSION } from '../version.ts';
import { seal } from './container.ts';
import { backupsDir, sha256File } from './files.ts';
import type { KeyCustody } from './key-custody.ts';

/** The database's entry in an encrypted backup. */
export const DATABASE_ENTRY = 'lanyard.db';

export type BackupResult = { file: string; size: number; sha256: string; encrypted: boolean; carriesKeys: boolean; createdAt: string };

export type BackupRequest = {
  dataDir: string;
  /** The file to write; it must not exist. */
  out: string;
  /** Encrypts the backup (and lets it carry the key that opens the hub's keys). */
  passphrase?: string | undefined;
  custody: KeyCustody;
  /** Pages copied per step: small in the hub (short pauses), large in the CLI (fast). */
  pagesPerStep: number;
  onProgress?: ((progress: CopyProgress) => void) | undefined;
};

export class BackupError extends Error {
  override name = 'BackupError';
}

export async function createBackup(request: BackupRequest): Promise<BackupResult> {
  const source = join(request.dataDir, DB_FILE);
  if (!existsSync(source)) throw new BackupError(`There is no Lanyard database in ${request.dataDir}; check --data.`);
  if (existsSync(request.out)) throw new BackupError(`${request.out} already exists; choose another file name or delete it first.`);
  if (!existsSync(dirname(request.out))) throw new BackupError(`The folder ${dirname(request.out)} does not exist.`);
  const createdAt = new Date().toISOString();
  const partial = `${request.out}.partial-${randomBytes(4).toString('hex')}`;
  try {
    const carriesKeys = request.passphrase !== undefined ? await writeEncrypted(request, source, partial) : await writePlain(request, source, partial);
    await rename(partial, request.out);
    const [size, sha256] = await Promise.all([stat(request.out).then((info) => info.size), sha256File(request.out)]);
    return { file: request.out, size, sha256, encrypted: request.passphrase !== undefined, carriesKeys, createdAt };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

async function copy(request: BackupRequest, source: string, destination: string): Promise<void> {
  await copyDatabase(source, destination, { pagesPerStep: request.pagesPerStep, onProgress: request.onProgress });
}

async function writePlain(request: BackupRequest, source: string, partial: string): Promise<boolean> {
  await copy(request, source, partial);
  if (process.platform !== 'win32') chmodSync(partial, 0o600); // it holds password hashes and the hub's keys
  return false;
}

/**
 * The plaintext copy goes to the data folder's backups/ (as private as the database itself),
 * never next to the output, which may be a USB stick or a shared folder.
 */
async function writeEncrypted(request: BackupRequest, source: string, partial: string): Promise<boolean> {
  const scratch = join(backupsDir(request.dataDir), `.scratch-${randomBytes(6).toString('hex')}`);
  mkdirSync(scratch, { mode: 0o700 });
  try {
    const database = join(scratch, DATABASE_ENTRY);
    await copy(request, source, database);
    const carried = await request.custody.carry(request.dataDir);
    await seal(partial, [{ name: DATABASE_ENTRY, file: database }, ...carried], request.passphrase!, { lanyardVersion: VERSION });
    return carried.length > 0;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
