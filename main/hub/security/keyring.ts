// The master key: 32 random bytes kept outside the database. It seals the hub's own keys
// (signing, cookie, CSRF) in the database and keys the hashes and seals of short-lived codes,
// so a copy of the database (or a backup of it) opens nothing on its own.
//
// Where the master key comes from is pluggable (`KeySource`, serializable so a parent process
// can hand it to the hub's child):
//  - `file`: `<dataDir>/master.key`, mode 0600, made on the hub's first start (headless).
//    Backups must leave it out, or carry it only encrypted with a passphrase.
//  - `supplied`: the key itself, base64url, given by a process that keeps it elsewhere (the
//    desktop app unwraps it with Electron safeStorage, i.e. the OS keychain).
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { deriveKey, open, seal } from './sealing.ts';

export const MASTER_KEY_FILE = 'master.key';
/** The settings row holding the sealed key set. */
export const SEALED_KEYS_SETTING = 'keys.sealed';

const KEY_TEXT = /^[A-Za-z0-9_-]{43}$/; // 32 bytes, base64url without padding

export const KeySource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file') }).strict(),
  z.object({ kind: z.literal('supplied'), key: z.string().regex(KEY_TEXT, 'a master key is 32 bytes, base64url'), origin: z.string().max(100).optional() }).strict(),
]);
export type KeySource = z.infer<typeof KeySource>;

export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyringError';
  }
}

export class MasterKey {
  readonly #bytes: Buffer;
  /** A short public fingerprint, stored beside what it sealed so a mismatch can be named. */
  readonly id: string;
  /** Where it came from, for messages: a file path or the supplier's name. */
  readonly origin: string;
  constructor(bytes: Buffer, origin: string) {
    if (bytes.length !== 32) throw new KeyringError(`The master key from ${origin} is not 32 bytes long.`);
    this.#bytes = bytes;
    this.origin = origin;
    this.id = createHmac('sha256', bytes).update('lanyard/key-id').digest('base64url').slice(0, 12);
  }
  /** A key for one purpose ("keys", "models", "user-codes"): never the master key itself. */
  derive(purpose: string): Buffer {
    return deriveKey(this.#bytes, purpose);
  }
  /** The key as text, for a supplier that stores it wrapped (the desktop app's keychain). */
  export(): string {
    return this.#bytes.toString('base64url');
  }
}

/** A fresh master key, as base64url text: what a supplier wraps and stores. */
export const newMasterKey = (): string => randomBytes(32).toString('base64url');

export const masterKeyFile = (dataDir: string): string => join(dataDir, MASTER_KEY_FILE);

function readKeyFile(file: string): MasterKey {
  const text = readFileSync(file, 'utf8').trim();
  if (!KEY_TEXT.test(text)) throw new KeyringError(`${file} does not hold a Lanyard master key (32 bytes, base64url). Restore it from where you keep it, or move it away to start with new keys.`);
  if (process.platform !== 'win32') chmodSync(file, 0o600);
  return new MasterKey(Buffer.from(text, 'base64url'), file);
}

function createKeyFile(dataDir: string, file: string): MasterKey {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${newMasterKey()}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temporary, file); // whole or absent, never half written
  return readKeyFile(file);
}

/**
 * The master key for a data directory. With `create`, a missing key file is made (only the
 * hub does that, on a data directory whose keys are not sealed yet).
 */
export function loadMasterKey(dataDir: string, source: KeySource = { kind: 'file' }, options: { create?: boolean } = {}): MasterKey {
  if (source.kind === 'supplied') return new MasterKey(Buffer.from(source.key, 'base64url'), source.origin ?? 'the desktop app');
  const file = masterKeyFile(dataDir);
  if (existsSync(file)) return readKeyFile(file);
  if (!options.create) throw new KeyringError(`There is no master key at ${file}. If this data directory belongs to the desktop app, its key is in the OS keychain: use the desktop app.`);
  return createKeyFile(dataDir, file);
}

/** The master key when it can be had without creating one; undefined otherwise. */
export function tryLoadMasterKey(dataDir: string, source: KeySource = { kind: 'file' }): MasterKey | undefined {
  try {
    return loadMasterKey(dataDir, source);
  } catch {
    return undefined;
  }
}

/** The sealed key set as stored in settings. */
export type SealedRecord = { v: 1; masterKeyId: string; sealed: string };
type SettingsReader = { get<T>(key: string): T | undefined };

const KEYS_CONTEXT = 'lanyard key set';

export function sealKeySet(master: MasterKey, keySet: unknown): SealedRecord {
  return { v: 1, masterKeyId: master.id, sealed: seal(master.derive('keys'), JSON.stringify(keySet), KEYS_CONTEXT) };
}

/** Opens a sealed key set; throws a KeyringError saying which key would open it. */
export function openKeySet<T>(master: MasterKey, record: SealedRecord): T {
  const text = open(master.derive('keys'), record.sealed, KEYS_CONTEXT);
  if (text === undefined) {
    throw new KeyringError(
      record.masterKeyId !== master.id
        ? `This database's keys were sealed with master key ${record.masterKeyId}, but ${master.origin} holds key ${master.id}. Put the matching master key back (a backup's key file), or make new keys with "lanyard keys reset --yes" (everyone signs in again).`
        : `This database's sealed keys are damaged. Make new keys with "lanyard keys reset --yes" (everyone signs in again).`,
    );
  }
  return JSON.parse(text) as T;
}

/**
 * Can this database's keys be opened with this master key? 'none' when the database has no
 * sealed keys yet (never started, or keys still in the old plaintext form).
 */
export function canOpen(settings: SettingsReader, master: MasterKey): 'yes' | 'no' | 'none' {
  const record = settings.get<SealedRecord>(SEALED_KEYS_SETTING);
  if (!record) return 'none';
  return open(master.derive('keys'), record.sealed, KEYS_CONTEXT) === undefined ? 'no' : 'yes';
}
