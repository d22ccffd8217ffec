// Writes one backup: a consistent copy of the live database, encrypted with the carried key
// material when a passphrase is given, else a plain SQLite file readable only by its owner. The
// copying, encrypting and hashing run in a worker thread; the file appears under its final name
// only once complete.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CopyProgress } from '../store/backup.ts';
import { DB_FILE } from '../store/db.ts';
import { backupsDir } from './files.ts';
import type { KeyCustody } from './key-custody.ts';
import { inWorker } from './worker.ts';

export type BackupResult = { file: string; size: number; sha256: string; encrypted: boolean; carriesKeys: boolean; createdAt: string };

export type BackupRequest = {
  dataDir: string;
  /** The file to write; it must not exist. */
  out: string;
  /** Encrypts the backup (and lets it carry the key that opens the hub's keys). */
  passphrase?: string | undefined;
  custody: KeyCustody;
  /** Pages copied between progress reports. */
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
  const encrypted = request.passphrase !== undefined;
  const carried = encrypted ? await request.custody.carry(request.dataDir) : [];
  const partial = `${request.out}.partial-${randomBytes(4).toString('hex')}`;
  try {
    const { sha256 } = await inWorker(
      'writeBackup',
      {
        source,
        out: partial,
        // The plaintext copy of an encrypted backup stays in the data folder, never next to the
        // output, which may be a USB stick or a shared folder.
        scratchDir: join(backupsDir(request.dataDir), `.scratch-${randomBytes(6).toString('hex')}`),
        passphrase: request.passphrase,
        carried: carried.map((entry) => ({ name: entry.name, data: entry.data })),
        pagesPerStep: request.pagesPerStep,
      },
      request.onProgress,
    );
    await rename(partial, request.out);
    return { file: request.out, size: (await stat(request.out)).size, sha256, encrypted, carriesKeys: carried.length > 0, createdAt };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
