// The desktop app's master key for a data directory, kept in the OS keychain: the key is stored
// in the data directory only wrapped by Electron safeStorage (`master.key.keychain`), which the
// OS unwraps for this user alone, and handed to the hub child as a `supplied` KeySource. A copy of
// the data directory (database, backups, the wrapped file) thus opens nothing elsewhere.
// A data directory that already has a plain key file (made by `lanyard serve`) keeps it, so the
// desktop app and a headless hub can still share it; without a keychain the hub makes that file.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyringError, masterKeyFile, newMasterKey, type KeySource } from '../hub/security/keyring.ts';
import type { KeyProtection } from './keychain.ts';

/** The part of Electron's safeStorage this needs (a fake in tests). */
export interface KeyWrapper {
  encryptString(text: string): Buffer;
  decryptString(wrapped: Buffer): string;
}

export const WRAPPED_KEY_FILE = 'master.key.keychain';

function unwrap(wrapper: KeyWrapper, file: string, origin: string): string {
  try {
    return wrapper.decryptString(readFileSync(file)).trim();
  } catch (error) {
    throw new KeyringError(`${origin} could not unwrap the master key in ${file} (${error instanceof Error ? error.message : String(error)}). Sign in as the user who set up this hub, or move the data folder away to start anew.`);
  }
}

/**
 * Where the hub gets its master key from: undefined means its own key file (no keychain, or a
 * data directory that has one already); otherwise the key, unwrapped from (or first made and
 * wrapped into) the data directory's keychain file.
 */
export function desktopKeySource(protection: KeyProtection, wrapper: KeyWrapper, dataDir: string): KeySource | undefined {
  if (protection.kind === 'file') return undefined;
  if (existsSync(masterKeyFile(dataDir))) return undefined;
  const origin = `the OS keychain (${protection.backend})`;
  const file = join(dataDir, WRAPPED_KEY_FILE);
  if (existsSync(file)) return { kind: 'supplied', key: unwrap(wrapper, file, origin), origin };
  const key = newMasterKey();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, wrapper.encryptString(key), { mode: 0o600, flag: 'wx' });
  renameSync(temporary, file); // whole or absent, never half written
  return { kind: 'supplied', key, origin };
}
