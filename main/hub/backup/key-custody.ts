// What backups and restores need to know about the hub's signing, cookie and CSRF keys: which
// key material an encrypted backup carries, and whether the keys in a restored database can be
// opened on this machine. Everything else in backup/ asks only this interface.
//
// SEAM (issue 10, keys at rest): today the keys sit in the database in plaintext, so they open
// anywhere and there is nothing extra to carry — `plaintextKeys` below says exactly that. When the
// keys are encrypted with a master key kept outside the database (a 0600 key file in the data
// folder headless, the OS keychain in the desktop app), the hardening work provides the real
// custody: `carry` returns the master key, `canOpen` tries to open the stored keys with the
// carried or local master key, `install` writes a carried master key into place.
import { deleteSettings } from '../store/backup.ts';

export interface KeyCustody {
  /** Entries an encrypted backup carries so a restore on another machine can open the keys (names: container.ts's EntryName). */
  carry(dataDir: string): Promise<{ name: string; data: Buffer }[]>;
  /**
   * Can the keys stored in the database file `dbFile` be opened — with the `carried` entries of
   * an encrypted backup when there are any, else with the key available in `dataDir`?
   */
  canOpen(dbFile: string, dataDir: string, carried: ReadonlyMap<string, string>): Promise<boolean>;
  /** Removes stored keys nothing can open, so the hub makes new ones when it starts. */
  discard(dbFile: string): void;
  /** Puts carried key material in place for `dataDir`; called at the swap, when no hub runs. */
  install(dataDir: string, carried: ReadonlyMap<string, string>): Promise<void>;
}

/** The settings rows holding the hub's own keys (oauth/keys.ts). */
const KEY_SETTINGS = ['keys.signing', 'keys.cookies', 'keys.csrf'] as const;

/** SEAM: the keys as they are stored before issue 10 — plaintext in the database. */
const plaintextKeys: KeyCustody = {
  carry: async () => [],
  canOpen: async () => true,
  discard: (dbFile) => deleteSettings(dbFile, KEY_SETTINGS),
  install: async () => {},
};

/** The custody the hub and the CLI use. SEAM: issue 10 replaces it with the master-key custody. */
export const keyCustody: KeyCustody = plaintextKeys;
