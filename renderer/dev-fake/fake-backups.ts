// The backups.* operations of the FakeAdmin: files held in memory, restores that "restart" by
// recording the call. Same contract checks as the hub (parseInput runs before these).
import { RESTORE_CONFIRMATION, type AdminError, type BackupInfo, type BackupStatus, type EventType, type HubEvent, type OperationName, type OperationOutput, type OperationParsedInput } from '../../shared/admin-contract.ts';

type Handler<K extends OperationName> = (input: OperationParsedInput<K>) => OperationOutput<K> | AdminError;
export type FakeBackupHandlers = { [K in Extract<OperationName, `backups.${string}`>]: Handler<K> };

const toBase64 = (bytes: Uint8Array) => {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
};
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const SQLITE = new TextEncoder().encode('SQLite format 3\0');

export class FakeBackups {
  files: (BackupInfo & { bytes: Uint8Array })[] = [];
  intervalHours = 24;
  keep = 7;
  lastError: BackupStatus['lastError'] = null;
  /** Names restores were started from (the fake's "restart"). */
  restored: string[] = [];
  private upload: { id: string; chunks: Uint8Array[]; received: number } | null = null;
  private seq = 0;
  private now: () => Date;
  private emit: (type: EventType, fields: Partial<Omit<HubEvent, 'id' | 'type'>>) => void;

  constructor(now: () => Date, emit: (type: EventType, fields: Partial<Omit<HubEvent, 'id' | 'type'>>) => void) {
    this.now = now;
    this.emit = emit;
  }

  /** Adds a backup file as the hub would have written it. */
  add(kind: BackupInfo['kind'], at: Date, options: { encrypted?: boolean; bytes?: Uint8Array } = {}): BackupInfo {
    const bytes = options.bytes ?? SQLITE;
    const name = `lanyard-${kind}-${at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-')}${this.seq++ ? `-${this.seq}` : ''}.db${options.encrypted ? '.enc' : ''}`;
    const file = { name, kind, createdAt: at.toISOString(), size: bytes.length, encrypted: !!options.encrypted, bytes };
    this.files.unshift(file);
    return this.info(file);
  }

  status(): BackupStatus {
    const last = this.files[0];
    return { intervalHours: this.intervalHours, keep: this.keep, last: last ? this.info(last) : null, lastError: this.lastError, warning: this.lastError ? `The last automatic backup failed: ${this.lastError.message}` : null };
  }

  private info({ bytes: _bytes, ...info }: BackupInfo & { bytes: Uint8Array }): BackupInfo {
    return info;
  }

  private find(name: string) {
    return this.files.find((f) => f.name === name);
  }

  handlers(): FakeBackupHandlers {
    const notFound = (name: string): AdminError => ({ code: 'not_found', message: `There is no backup named "${name}".`, fields: { name: 'no such backup' } });
    return {
      'backups.list': () => ({ folder: '/var/lib/lanyard/backups', items: this.files.map((f) => this.info(f)), status: this.status() }),
      'backups.create': ({ passphrase }) => {
        const backup = this.add('manual', this.now(), { encrypted: passphrase !== undefined });
        this.emit('backup.created', { actor: 'admin:fake', summary: `Backup ${backup.name} written` });
        return { backup, sha256: '0'.repeat(64), carriesKeys: false };
      },
      'backups.read': ({ name, offset }) => {
        const file = this.find(name);
        if (!file) return notFound(name);
        const chunk = file.bytes.subarray(offset, offset + 1024 * 1024);
        return { data: toBase64(chunk), size: file.size, done: offset + chunk.length >= file.size };
      },
      'backups.upload': ({ uploadId, offset, data, done }) => {
        if (uploadId === undefined) this.upload = { id: `upload-${++this.seq}`, chunks: [], received: 0 };
        else if (this.upload?.id !== uploadId) return { code: 'conflict', message: 'That upload is no longer in progress; start it again.' };
        const upload = this.upload!;
        if (offset !== upload.received) return { code: 'conflict', message: `The upload expected the bytes from offset ${upload.received}; start it again.` };
        const chunk = fromBase64(data);
        upload.chunks.push(chunk);
        upload.received += chunk.length;
        if (!done) return { uploadId: upload.id, received: upload.received, backup: null };
        this.upload = null;
        const bytes = new Uint8Array(upload.received);
        upload.chunks.reduce((at, part) => (bytes.set(part, at), at + part.length), 0);
        const isSqlite = SQLITE.every((b, i) => bytes[i] === b);
        const isContainer = new TextDecoder().decode(bytes.subarray(0, 8)) === 'LYBACKUP';
        if (!isSqlite && !isContainer) return { code: 'invalid_input', message: 'That file is not a Lanyard backup.', fields: { data: 'not a backup' } };
        return { uploadId: upload.id, received: bytes.length, backup: this.add('upload', this.now(), { encrypted: isContainer, bytes }) };
      },
      'backups.delete': ({ name }) => {
        if (!this.find(name)) return notFound(name);
        this.files = this.files.filter((f) => f.name !== name);
        return { deleted: true as const };
      },
      'backups.restore': ({ name, passphrase, confirm }) => {
        const file = this.find(name);
        if (!file) return notFound(name);
        if (confirm.trim().toLowerCase() !== RESTORE_CONFIRMATION) return { code: 'invalid_input', message: 'Type "restore" to confirm.', fields: { confirm: 'type "restore"' } };
        if (file.encrypted && passphrase !== 'correct horse battery') return { code: 'invalid_input', message: `${name} cannot be restored: the passphrase is wrong.`, fields: { passphrase: 'the passphrase is wrong' } };
        this.restored.push(name);
        return { keys: file.encrypted ? 'carried' : 'kept', unreadableAuthenticators: 0, schemaVersion: 4, restarting: true as const };
      },
    };
  }
}
