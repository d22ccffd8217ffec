// What backups and restores do with the master key (security/keyring.ts), which seals the hub's
// signing, cookie and CSRF keys in the database and keys the seals of its sessions:
//  - an encrypted backup carries the master key inside the encrypted container, so it restores
//    anywhere with its keys and sessions; an unencrypted backup never holds it (its keys stay
//    sealed, so the file grants nothing);
//  - a restore keeps the backup's keys when this machine's master key opens them (same machine),
//    or when the backup carried the key; otherwise nothing can open them, and the restored hub
//    starts with fresh keys and without the backup's grants: everyone signs in again.
// Authenticator-app secrets are sealed under a key derived from the master key too
// (security/factor-secrets.ts): they follow the signing keys when those are re-sealed, and when
// nothing opens the keys nothing opens them either. Their rows stay, so two-step sign-in is not
// silently switched off: those users sign in with a recovery code or passkey and set the app up
// again, and the restore says how many they are.
// Everything else in backup/ asks only the KeyCustody interface.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { canOpen, loadMasterKey, MASTER_KEY_FILE, masterKeyFile, openKeySet, sealKeySet, SEALED_KEYS_SETTING, tryLoadMasterKey, type KeySource, type MasterKey, type SealedRecord } from '../security/keyring.ts';
import { factorSecrets, isSealedTotpSecret } from '../security/factor-secrets.ts';
import { discardKeysAndGrants, readFileSetting, readFileTotpSecrets, replaceFileTotpSecrets, writeFileSetting } from '../store/backup.ts';
import { DB_FILE } from '../store/db.ts';
import { RestoreRefused } from './work.ts';

/** The carried master key's entry in an encrypted backup (container.ts's EntryName): named like the key file. */
const MASTER_KEY_ENTRY = MASTER_KEY_FILE;

/** What a restore does with the backup's keys (restore.ts records it, the CLI and console say it). */
type KeysOutcome = 'kept' | 'carried' | 'new';

/** What settling the keys decided, and how many users' authenticator apps the restored hub can no longer check. */
export type Settled = { keys: KeysOutcome; unreadableAuthenticators: number };

export interface KeyCustody {
  /** Entries an encrypted backup carries so a restore on another machine can open the keys; none when the master key is not available here. */
  carry(dataDir: string): Promise<{ name: string; data: Buffer }[]>;
  /**
   * Decides, at staging, what becomes of the keys in the database file `dbFile` about to be
   * restored into `dataDir`, with the `carried` entries (name → file) of an encrypted backup,
   * and prepares the file for it. Changes nothing of the running hub's.
   */
  settle(dbFile: string, dataDir: string, carried: ReadonlyMap<string, string>): Promise<Settled>;
  /** Puts a carried master key in place for `dataDir` (outcome 'carried'); called at the swap, when no hub runs. */
  install(dataDir: string, carried: ReadonlyMap<string, string>, stamp: string): Promise<void>;
}

/** The settings rows holding the hub's keys: sealed, and where they lived in plaintext before sealing (oauth/keys.ts). */
const KEY_SETTINGS = [SEALED_KEYS_SETTING, 'keys.signing', 'keys.cookies', 'keys.csrf'] as const;

/** The carried master key; its entry is named like the key file, so the key file's own checks read it. */
const readCarriedKey = (carried: ReadonlyMap<string, string>): MasterKey | undefined => {
  const file = carried.get(MASTER_KEY_ENTRY);
  return file ? loadMasterKey(dirname(file)) : undefined;
};

/** Re-seals the file's authenticator-app secrets, sealed under `from`'s key, under `to`'s. */
function resealTotpSecrets(dbFile: string, from: MasterKey, to: MasterKey): void {
  const opening = factorSecrets(from);
  const sealing = factorSecrets(to);
  const replacements = readFileTotpSecrets(dbFile).flatMap(({ userId, sealedSecret }) => {
    const secret = opening.open(sealedSecret, userId);
    return secret === undefined ? [] : [{ userId, sealedSecret: sealing.seal(secret, userId) }];
  });
  replaceFileTotpSecrets(dbFile, replacements);
}

/** Users whose confirmed authenticator app is sealed under a key the restored hub will not have. */
const countSealedAuthenticators = (dbFile: string): number =>
  readFileTotpSecrets(dbFile).filter((row) => row.confirmed && isSealedTotpSecret(row.sealedSecret)).length;

const settled = (keys: KeysOutcome, unreadableAuthenticators = 0): Settled => ({ keys, unreadableAuthenticators });

/**
 * The custody for a hub whose master key comes from `source` (default: `<data>/master.key`).
 * A supplied key (the desktop app's keychain) cannot be replaced from here, so a carried key
 * re-seals the backup's key set under it instead: signing keys and tokens come back, but
 * sessions, whose ids are sealed under the carried key, end.
 */
export function masterKeyCustody(source: KeySource = { kind: 'file' }): KeyCustody {
  return {
    async carry(dataDir) {
      const master = tryLoadMasterKey(dataDir, source);
      return master ? [{ name: MASTER_KEY_ENTRY, data: Buffer.from(`${master.export()}\n`) }] : [];
    },

    async settle(dbFile, dataDir, carried) {
      const settings = { get: <T>(key: string) => readFileSetting<T>(dbFile, key) };
      const local = tryLoadMasterKey(dataDir, source);
      const current = join(dataDir, DB_FILE);
      if (!local && existsSync(current) && readFileSetting(current, SEALED_KEYS_SETTING) !== undefined) {
        // A folder a hub has served, whose key is not here: the desktop app's (in its keychain) or a lost one. Guessing would drop its keys.
        throw new RestoreRefused(`${dataDir} has a hub's database but no master key here (${masterKeyFile(dataDir)}); a desktop app's key is in its keychain. Restore from the desktop app's console (Settings → Backups), or move the folder aside and restore into an empty one.`);
      }
      // 'none': keys not sealed yet (never started, or from before sealing): the hub makes or migrates them.
      if (!local && !settings.get(SEALED_KEYS_SETTING)) return settled('kept');
      if (local && canOpen(settings, local) !== 'no') return settled('kept');
      const brought = readCarriedKey(carried);
      if (brought && canOpen(settings, brought) === 'yes') {
        if (local && source.kind === 'supplied') {
          const record = settings.get<SealedRecord>(SEALED_KEYS_SETTING)!;
          writeFileSetting(dbFile, SEALED_KEYS_SETTING, sealKeySet(local, openKeySet(brought, record)));
          resealTotpSecrets(dbFile, brought, local);
          rmSync(carried.get(MASTER_KEY_ENTRY)!); // not needed any more: no stray copy waits for the restart
        }
        return settled('carried');
      }
      discardKeysAndGrants(dbFile, KEY_SETTINGS);
      return settled('new', countSealedAuthenticators(dbFile));
    },

    async install(dataDir, carried, stamp) {
      if (source.kind === 'supplied') return; // re-sealed under the supplied key at staging
      const brought = readCarriedKey(carried);
      if (!brought) return;
      const file = masterKeyFile(dataDir);
      const current = tryLoadMasterKey(dataDir);
      if (current?.id === brought.id) return;
      // The replaced key opens the replaced database (kept as its .before-restore copy): keep it beside.
      if (current) renameSync(file, `${file}.${stamp}.before-restore`);
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, `${brought.export()}\n`, { mode: 0o600 });
      renameSync(temporary, file); // whole or absent, never half written
    },
  };
}
