// Backups as the hub offers them: the automatic schedule, the dashboard's status, and what the
// console's Settings → Backups does (list, back up now, download, upload, delete, restore).
// One backup or restore runs at a time.
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { appendFile, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupInfo, BackupStatus } from '../../../shared/admin-contract.ts';
import type { EventInput } from '../events.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { isContainer } from './container.ts';
import { BackupError, createBackup, type BackupResult } from './create.ts';
import { backupName, backupsDir, findBackup, listBackups, pruneAutomatic, type BackupFile, type BackupKind } from './files.ts';
import type { KeyCustody } from './key-custody.ts';
import { RestoreRefused, stageRestore, type StagedRestore } from './restore.ts';
import { hasSqliteHeader } from '../store/backup.ts';

const HOUR = 3600_000;
/** Pages per step of the copy (it runs in a worker thread, so this only paces its progress). */
const HUB_PAGES_PER_STEP = 1024;
/** An upload larger than this is refused (a hub's database is far smaller). */
const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
/** Bytes of a download chunk (`backups.read`). */
const READ_CHUNK_BYTES = 1024 * 1024;

type BackupScheduleSettings = { intervalHours: number; keep: number };

export type BackupServiceOptions = {
  dataDir: string;
  custody: KeyCustody;
  settings: () => BackupScheduleSettings;
  emit: (event: EventInput) => void;
  log?: { warn(object: object, message: string): void; info(object: object, message: string): void } | undefined;
  /** Restarts the hub on the restored data; without it the hub cannot take a restore itself. */
  restart?: (() => void) | undefined;
  /** When the schedule first looks whether a backup is due, and how often after that. */
  firstCheckMs?: number | undefined;
  checkEveryMs?: number | undefined;
  now?: () => Date;
};

type Upload = { id: string; path: string; received: number };

const toBackupInfo = (file: BackupFile): BackupInfo => ({ name: file.name, kind: file.kind, createdAt: file.createdAt.toISOString(), size: file.size, encrypted: file.encrypted });

export class BackupService {
  #options: BackupServiceOptions;
  #now: () => Date;
  #queue: Promise<unknown> = Promise.resolve();
  /** An automatic backup is being written: later checks must not queue another behind it. */
  #autoRunning = false;
  #last: BackupFile | undefined;
  #lastError: { at: Date; message: string } | undefined;
  #timers: ReturnType<typeof setTimeout>[] = [];
  #upload: Upload | undefined;
  #restoring = false;

  constructor(options: BackupServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  get dataDir(): string {
    return this.#options.dataDir;
  }

  /** Reads what is on disk, removes leftovers of interrupted work, and starts the schedule. */
  async start(): Promise<void> {
    try {
      this.#removeLeftovers();
      await this.refresh();
    } catch (error) {
      // A broken backups folder must not keep the hub from serving; the schedule's next
      // attempt fails too, and the dashboard says so.
      this.#options.log?.warn({ err: error }, 'the backups folder cannot be read');
    }
    const first = setTimeout(() => this.#tick(), this.#options.firstCheckMs ?? 60_000);
    const every = setInterval(() => this.#tick(), this.#options.checkEveryMs ?? 5 * 60_000);
    first.unref();
    every.unref();
    this.#timers.push(first, every);
  }

  /** Stops the schedule and waits for a backup in progress. */
  async stop(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers = [];
    await this.#queue.catch(() => undefined);
    if (this.#upload) rmSync(this.#upload.path, { force: true });
    this.#upload = undefined;
  }

  async refresh(): Promise<BackupFile[]> {
    const files = await listBackups(this.dataDir);
    this.#last = files[0];
    return files;
  }

  status(): BackupStatus {
    const { intervalHours, keep } = this.#options.settings();
    const lastError = this.#lastError && (!this.#last || this.#lastError.at > this.#last.createdAt) ? this.#lastError : undefined;
    return {
      intervalHours,
      keep,
      last: this.#last ? toBackupInfo(this.#last) : null,
      lastError: lastError ? { at: lastError.at.toISOString(), message: lastError.message } : null,
      warning: this.#warning(intervalHours, lastError),
    };
  }

  #warning(intervalHours: number, lastError: { at: Date; message: string } | undefined): string | null {
    if (lastError) return `The last automatic backup failed: ${lastError.message}`;
    if (intervalHours === 0 || !this.#last) return null;
    const age = this.#now().getTime() - this.#last.createdAt.getTime();
    if (age <= 2 * intervalHours * HOUR) return null;
    return `The last backup is ${Math.floor(age / HOUR / 24)} day(s) ${Math.floor(age / HOUR) % 24} hour(s) old, though backups are due every ${intervalHours} hour(s); check the hub's log.`;
  }

  /** One backup into <data>/backups/, after any other backup or restore in progress. */
  create(input: { kind: Exclude<BackupKind, 'upload'>; passphrase?: string | undefined; actor: string }): Promise<BackupResult & { backup: BackupInfo }> {
    return this.#serially(async () => {
      try {
        const dir = backupsDir(this.dataDir);
        const name = backupName(input.kind, input.passphrase !== undefined, this.#now(), new Set(readdirSync(dir)));
        const result = await createBackup({ dataDir: this.dataDir, out: join(dir, name), passphrase: input.passphrase, custody: this.#options.custody, pagesPerStep: HUB_PAGES_PER_STEP });
        const pruned = input.kind === 'auto' ? await pruneAutomatic(this.dataDir, this.#options.settings().keep) : [];
        await this.refresh();
        const backup = (await findBackup(this.dataDir, name))!;
        this.#options.emit({ type: 'backup.created', actor: input.actor, summary: `Backup ${name} written (${formatBytes(result.size)}${result.encrypted ? ', encrypted' : ''})${pruned.length ? `; ${pruned.length} older automatic backup(s) removed` : ''}`, detail: { name, size: result.size, sha256: result.sha256, encrypted: result.encrypted, pruned } });
        return { ...result, backup: toBackupInfo(backup) };
      } catch (error) {
        if (input.kind === 'auto') this.#lastError = { at: this.#now(), message: (error as Error).message };
        this.#options.emit({ type: 'backup.failed', actor: input.actor, summary: `Backup failed: ${(error as Error).message}`, detail: { kind: input.kind } });
        if (error instanceof BackupError) throw invalid(error.message);
        throw error;
      }
    });
  }

  /** The schedule's look: a backup is due when the last one is an interval old (or there is none). */
  #tick(): void {
    const { intervalHours } = this.#options.settings();
    if (intervalHours === 0 || this.#restoring || this.#autoRunning) return; // one automatic backup at a time, however slow
    const now = this.#now().getTime();
    const interval = intervalHours * HOUR;
    if (this.#last && now - this.#last.createdAt.getTime() < interval) return;
    // After a failure, try again in an hour (or the interval, if shorter), not every check.
    if (this.#lastError && now - this.#lastError.at.getTime() < Math.min(interval, HOUR)) return;
    this.#autoRunning = true;
    this.create({ kind: 'auto', actor: 'lanyard' })
      .finally(() => (this.#autoRunning = false))
      .then(
        (result) => {
          this.#lastError = undefined;
          this.#options.log?.info({ file: result.file, size: result.size, sha256: result.sha256 }, 'automatic backup written');
        },
        (error: unknown) => this.#options.log?.warn({ err: error }, 'automatic backup failed'),
      );
  }

  async list(): Promise<BackupInfo[]> {
    return (await this.refresh()).map(toBackupInfo);
  }

  async read(name: string, offset: number): Promise<{ data: Buffer; size: number }> {
    const file = await this.#require(name);
    const handle = await open(file.path, 'r');
    try {
      const length = Math.max(0, Math.min(READ_CHUNK_BYTES, file.size - offset));
      const data = Buffer.alloc(length);
      await handle.read(data, 0, length, offset);
      return { data, size: file.size };
    } finally {
      await handle.close();
    }
  }

  async delete(name: string, actor: string): Promise<void> {
    const file = await this.#require(name);
    await rm(file.path, { force: true });
    await this.refresh();
    this.#options.emit({ type: 'backup.deleted', actor, summary: `Backup ${name} deleted`, detail: { name } });
  }

  /**
   * Receives a file for restoring, in order, one chunk per call. A new upload (no id) replaces an
   * unfinished one, so at most one partial file exists; the finished file must be a backup.
   */
  async upload(input: { uploadId?: string | undefined; offset: number; data: Buffer; done: boolean }, actor: string): Promise<{ uploadId: string; received: number; backup: BackupInfo | null }> {
    const upload = await this.#uploadFor(input.uploadId);
    if (input.offset !== upload.received) throw conflict(`The upload expected the bytes from offset ${upload.received}; start it again.`, 'offset');
    if (upload.received + input.data.length > MAX_UPLOAD_BYTES) {
      await this.#dropUpload();
      throw invalid(`The file is larger than ${formatBytes(MAX_UPLOAD_BYTES)}; that is not a Lanyard backup.`, 'data');
    }
    await appendFile(upload.path, input.data, { mode: 0o600 });
    upload.received += input.data.length;
    if (!input.done) return { uploadId: upload.id, received: upload.received, backup: null };
    return { uploadId: upload.id, received: upload.received, backup: await this.#finishUpload(upload, actor) };
  }

  async #uploadFor(uploadId: string | undefined): Promise<Upload> {
    if (uploadId === undefined) {
      await this.#dropUpload();
      const id = randomBytes(12).toString('hex');
      this.#upload = { id, path: join(backupsDir(this.dataDir), `.upload-${id}.partial`), received: 0 };
      return this.#upload;
    }
    if (this.#upload?.id !== uploadId) throw conflict('That upload is no longer in progress (another one started, or the hub restarted); start it again.', 'uploadId');
    return this.#upload;
  }

  async #finishUpload(upload: Upload, actor: string): Promise<BackupInfo> {
    this.#upload = undefined;
    const encrypted = await isContainer(upload.path);
    if (!encrypted && !hasSqliteHeader(upload.path)) {
      await rm(upload.path, { force: true });
      throw invalid('That file is not a Lanyard backup: it is neither a SQLite database nor an encrypted Lanyard backup.', 'data');
    }
    const dir = backupsDir(this.dataDir);
    const name = backupName('upload', encrypted, this.#now(), new Set(readdirSync(dir)));
    await rename(upload.path, join(dir, name));
    await this.refresh();
    this.#options.emit({ type: 'backup.created', actor, summary: `Backup ${name} uploaded (${formatBytes(upload.received)})`, detail: { name, size: upload.received, uploaded: true } });
    return toBackupInfo((await findBackup(this.dataDir, name))!);
  }

  async #dropUpload(): Promise<void> {
    if (this.#upload) await rm(this.#upload.path, { force: true });
    this.#upload = undefined;
  }

  /**
   * Checks and stages the backup `name`, then has the hub restart onto it. Refused with nothing
   * changed when the file is bad or the hub cannot restart itself.
   */
  restore(input: { name: string; passphrase?: string | undefined; actor: string }): Promise<StagedRestore> {
    const restart = this.#options.restart;
    if (!restart) {
      return Promise.reject(conflict('This hub cannot restart itself to take a restore. Stop it, then run "lanyard restore FILE --data DIR".', 'name'));
    }
    return this.#serially(async () => {
      const file = await this.#require(input.name);
      let staged: StagedRestore;
      try {
        staged = await stageRestore({ dataDir: this.dataDir, file: file.path, passphrase: input.passphrase, custody: this.#options.custody });
      } catch (error) {
        if (error instanceof RestoreRefused) throw invalid(error.message.replace(file.path, input.name), file.encrypted && /passphrase/.test(error.message) ? 'passphrase' : 'name');
        throw error;
      }
      this.#restoring = true;
      this.#options.emit({ type: 'backup.restored', actor: input.actor, summary: `Restore of ${input.name} staged; the hub restarts on it now`, detail: { name: input.name, keys: staged.keys } });
      // After this answer has gone out: the restart closes the server and this connection.
      setTimeout(restart, 200).unref();
      return staged;
    });
  }

  async #require(name: string): Promise<BackupFile> {
    const file = await findBackup(this.dataDir, name);
    if (!file) throw notFound(`There is no backup named "${name}" in ${backupsDir(this.dataDir)}.`, 'name');
    return file;
  }

  #serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Scratch folders and partial files of backups or uploads a crash interrupted. */
  #removeLeftovers(): void {
    const dir = backupsDir(this.dataDir);
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.scratch-') || (name.startsWith('.upload-') && name.endsWith('.partial')) || /\.partial-[0-9a-f]+$/.test(name)) rmSync(join(dir, name), { recursive: true, force: true });
    }
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
