// Backup files on disk: where they go (<data>/backups/), how they are named, listed and pruned,
// and their SHA-256. Names carry their time and kind, so listing needs no database:
//   lanyard-<kind>-<YYYY-MM-DDTHH-MM-SSZ>.db       an unencrypted SQLite database
//   lanyard-<kind>-<YYYY-MM-DDTHH-MM-SSZ>.db.enc   an encrypted container (container.ts)
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupInfo } from '../../../shared/admin-contract.ts';

export const BACKUPS_DIR = 'backups';
/** auto: written by the schedule (pruned by its retention); manual: `lanyard backup`, the console; upload: a file sent to the console. */
export type BackupKind = BackupInfo['kind'];

const NAME = /^lanyard-(auto|manual|upload)-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z(?:-(\d+))?\.db(\.enc)?$/;

export type BackupFile = { name: string; path: string; kind: BackupKind; createdAt: Date; size: number; encrypted: boolean };

export function backupsDir(dataDir: string): string {
  const dir = join(dataDir, BACKUPS_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** A new file name for a backup of `kind` taken at `at`; `taken` names are skipped (two in one second). */
export function backupName(kind: BackupKind, encrypted: boolean, at: Date, taken: ReadonlySet<string> = new Set()): string {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
  for (let n = 0; ; n += 1) {
    const name = `lanyard-${kind}-${stamp}${n ? `-${n}` : ''}.db${encrypted ? '.enc' : ''}`;
    if (!taken.has(name)) return name;
  }
}

function parseBackupName(name: string): { kind: BackupKind; createdAt: Date; encrypted: boolean } | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const [, kind, day, hh, mm, ss, , enc] = match;
  const createdAt = new Date(`${day}T${hh}:${mm}:${ss}Z`);
  return Number.isNaN(createdAt.getTime()) ? undefined : { kind: kind as BackupKind, createdAt, encrypted: !!enc };
}

/** The backups in `<data>/backups/`, newest first. Other files there are ignored. */
export async function listBackups(dataDir: string): Promise<BackupFile[]> {
  const dir = backupsDir(dataDir);
  const files: BackupFile[] = [];
  for (const name of await readdir(dir)) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (info?.isFile()) files.push({ name, path: join(dir, name), size: info.size, ...parsed });
  }
  return files.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.name.localeCompare(a.name));
}

/** The path of the backup called `name`, or undefined if there is none (names never leave the folder). */
export async function findBackup(dataDir: string, name: string): Promise<BackupFile | undefined> {
  if (!parseBackupName(name)) return undefined;
  return (await listBackups(dataDir)).find((file) => file.name === name);
}

/** Deletes all but the newest `keep` automatic backups; returns the names deleted. */
export async function pruneAutomatic(dataDir: string, keep: number): Promise<string[]> {
  const old = (await listBackups(dataDir)).filter((file) => file.kind === 'auto').slice(keep);
  for (const file of old) await rm(file.path, { force: true });
  return old.map((file) => file.name);
}

/** SHA-256 of a file, hex, read in the thread pool's chunks so the event loop stays free. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await forEachChunk(path, (chunk) => void hash.update(chunk));
  return hash.digest('hex');
}

const CHUNK_BYTES = 1024 * 1024;

/**
 * Hands `use` the bytes of `path` from `start` up to `end` (exclusive), a MiB at a time, all
 * read into one buffer: `use` must be done with a chunk when its promise settles. A read stream
 * allocates a new buffer per chunk, which V8 frees only at a later collection: hashing a 700 MB
 * database that way held up to ~50 MB of spent chunks in the backup's worker (bench/README.md).
 */
export async function forEachChunk(path: string, use: (chunk: Buffer) => void | Promise<void>, range: { start?: number; end?: number } = {}): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const end = range.end ?? Number.POSITIVE_INFINITY;
    for (let position = range.start ?? 0; position < end; ) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, end - position), position);
      if (bytesRead === 0) return;
      await use(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}
