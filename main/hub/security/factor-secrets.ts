// TOTP secrets must be read back in plaintext to check codes, so unlike passwords and recovery
// codes they cannot be hashed. They pass through these two functions on their way into and out of
// the database, and nowhere else.
//
// Today they are stored as they are, behind a "plain:" marker. Once the hub's master key
// (security/keyring.ts, kept outside the database) is available, sealing them is a one-line
// change here: seal(master.derive('factors'), secret, userId) — and openFactorSecret already
// tells old "plain:" rows from sealed ones, so existing enrolments keep working.
const PLAIN = 'plain:';

export const sealFactorSecret = (secret: string, _userId: string): string => `${PLAIN}${secret}`;

export function openFactorSecret(stored: string, _userId: string): string | undefined {
  return stored.startsWith(PLAIN) ? stored.slice(PLAIN.length) : undefined;
}
