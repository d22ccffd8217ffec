// TOTP secrets must be read back in plaintext to check codes, so unlike passwords and recovery
// codes they cannot be hashed. They are sealed (AES-256-GCM, security/sealing.ts) under a key
// derived from the master key — the one that seals the hub's signing keys, kept outside the
// database — and bound to their user, so a copy of the database reveals no secret and a sealed
// secret moved to another user's row opens nothing. They pass through here on their way into and
// out of the database, and nowhere else.
//
// Rows written before sealing hold the secret behind a "plain:" marker: they are still read, and
// sealPlainTotpSecrets (run at every hub start) seals them in place.
import { open, seal } from './sealing.ts';
import type { MasterKey } from './keyring.ts';

const LEGACY_PLAIN = 'plain:';
/** The key-derivation purpose: a key for TOTP secrets and nothing else. */
const PURPOSE = 'totp-secrets';

export type FactorSecrets = {
  seal(secret: string, userId: string): string;
  /** The secret; undefined when it was sealed under another master key or for another user, or is damaged. */
  open(stored: string, userId: string): string | undefined;
};

/** Whether a stored secret is sealed (not an older row behind the plain marker, which any key reads). */
export const isSealedTotpSecret = (stored: string): boolean => !stored.startsWith(LEGACY_PLAIN);

export function factorSecrets(master: MasterKey): FactorSecrets {
  const key = master.derive(PURPOSE);
  const context = (userId: string) => `totp:${userId}`;
  return {
    seal: (secret, userId) => seal(key, secret, context(userId)),
    open: (stored, userId) => (stored.startsWith(LEGACY_PLAIN) ? stored.slice(LEGACY_PLAIN.length) : open(key, stored, context(userId))),
  };
}

type TotpSecretStore = {
  factors: {
    totpSecretsStartingWith(prefix: string): { userId: string; sealedSecret: string }[];
    replaceTotpSecret(userId: string, from: string, to: string): boolean;
  };
  /** One transaction whose overwritten rows leave no trace in the file (store/index.ts). */
  scrubbing(work: () => void): void;
};

/** Seals the secrets still stored behind the "plain:" marker, leaving no plaintext copy behind; returns how many. */
export function sealPlainTotpSecrets(store: TotpSecretStore, secrets: FactorSecrets): number {
  const plain = store.factors.totpSecretsStartingWith(LEGACY_PLAIN);
  if (plain.length === 0) return 0;
  let sealed = 0;
  store.scrubbing(() => {
    for (const row of plain) {
      const secret = secrets.open(row.sealedSecret, row.userId);
      if (secret !== undefined && store.factors.replaceTotpSecret(row.userId, row.sealedSecret, secrets.seal(secret, row.userId))) sealed += 1;
    }
  });
  return sealed;
}
