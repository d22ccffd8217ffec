// Second factors: a user's authenticator app (sealed secret, last accepted step), recovery codes
// (hashed) and passkeys (public keys). Whether a code or a step is accepted is decided by single
// UPDATE statements, so two requests racing with the same code cannot both succeed.
import type { SecondFactors } from '../../../shared/admin-contract.ts';
import { ADMIN_ROLE } from '../../../shared/admin-contract.ts';
import { epoch, iso, type Db } from './db.ts';

export type TotpRecord = { sealedSecret: string; lastStep: number | null; confirmed: boolean };

export type Passkey = {
  credentialId: string;
  userId: string;
  name: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  transports: string[];
  rpId: string;
  createdAt: string;
  lastUsedAt: string | null;
};

type PasskeyRow = { credential_id: string; user_id: string; name: string; public_key: Buffer; counter: number; transports: string; rp_id: string; created_at: number; last_used_at: number | null };

const toPasskey = (row: PasskeyRow): Passkey => ({
  credentialId: row.credential_id,
  userId: row.user_id,
  name: row.name,
  publicKey: new Uint8Array(row.public_key),
  counter: row.counter,
  transports: JSON.parse(row.transports) as string[],
  rpId: row.rp_id,
  createdAt: iso(row.created_at)!,
  lastUsedAt: iso(row.last_used_at),
});

/** The columns of a user's factor summary, for the user whose id is the SQL expression `userId`. */
export const SECOND_FACTORS_SQL = (userId: string) =>
  `(SELECT count(*) FROM totp_factors WHERE user_id = ${userId} AND confirmed_at IS NOT NULL) AS totp,
   (SELECT count(*) FROM passkeys WHERE user_id = ${userId}) AS passkeys`;

export class FactorRepository {
  #db: Db;
  #summary;
  constructor(db: Db) {
    this.#db = db;
    this.#summary = db.prepare(`SELECT ${SECOND_FACTORS_SQL('@userId')}`);
  }

  summary(userId: string): SecondFactors {
    const row = this.#summary.get({ userId }) as { totp: number; passkeys: number };
    return { totp: row.totp > 0, passkeys: row.passkeys };
  }

  /** Whether any admin has a second factor (the admin role's requirement starts then). */
  anyAdminEnrolled(exceptUserId = ''): boolean {
    return !!this.#db
      .prepare(
        `SELECT 1 FROM user_roles ur WHERE ur.role_name = ? AND ur.user_id <> ? AND (ur.expires_at IS NULL OR ur.expires_at > ?) AND (
           EXISTS (SELECT 1 FROM totp_factors t WHERE t.user_id = ur.user_id AND t.confirmed_at IS NOT NULL)
           OR EXISTS (SELECT 1 FROM passkeys p WHERE p.user_id = ur.user_id)) LIMIT 1`,
      )
      .get(ADMIN_ROLE, exceptUserId, epoch());
  }

  // ------------------------------------------------------------ authenticator app

  totp(userId: string): TotpRecord | undefined {
    const row = this.#db.prepare('SELECT secret, last_step, confirmed_at FROM totp_factors WHERE user_id = ?').get(userId) as { secret: string; last_step: number | null; confirmed_at: number | null } | undefined;
    return row && { sealedSecret: row.secret, lastStep: row.last_step, confirmed: row.confirmed_at !== null };
  }

  /** Starts setting up an app: replaces an unconfirmed one, never a confirmed one. */
  startTotp(userId: string, sealedSecret: string): boolean {
    const result = this.#db
      .prepare(
        `INSERT INTO totp_factors (user_id, secret, created_at) VALUES (?, ?, ?)
         ON CONFLICT(user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_step = NULL WHERE confirmed_at IS NULL`,
      )
      .run(userId, sealedSecret, epoch());
    return result.changes === 1;
  }

  confirmTotp(userId: string): void {
    this.#db.prepare('UPDATE totp_factors SET confirmed_at = ? WHERE user_id = ? AND confirmed_at IS NULL').run(epoch(), userId);
  }

  /**
   * Records that a code for `step` was used. False when that step (or a later one) was used
   * already: the code is refused, so a code seen over someone's shoulder is worth nothing.
   */
  useTotpStep(userId: string, step: number): boolean {
    return this.#db.prepare('UPDATE totp_factors SET last_step = ? WHERE user_id = ? AND (last_step IS NULL OR last_step < ?)').run(step, userId, step).changes === 1;
  }

  /** The stored secrets that begin with `prefix` (an older storage form), one row per user. */
  totpSecretsStartingWith(prefix: string): { userId: string; sealedSecret: string }[] {
    return this.#db.prepare('SELECT user_id AS userId, secret AS sealedSecret FROM totp_factors WHERE substr(secret, 1, length(?)) = ?').all(prefix, prefix) as { userId: string; sealedSecret: string }[];
  }

  /** Stores a secret in a new form, if it is still `from`. */
  replaceTotpSecret(userId: string, from: string, to: string): boolean {
    return this.#db.prepare('UPDATE totp_factors SET secret = ? WHERE user_id = ? AND secret = ?').run(to, userId, from).changes === 1;
  }

  removeTotp(userId: string): boolean {
    return this.#db.prepare('DELETE FROM totp_factors WHERE user_id = ?').run(userId).changes > 0;
  }

  // ------------------------------------------------------------ recovery codes

  replaceRecoveryCodes(userId: string, hashes: readonly string[]): void {
    this.#db.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
    const insert = this.#db.prepare('INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)');
    const now = epoch();
    for (const hash of hashes) insert.run(userId, hash, now);
  }

  /** Marks a code used; false when it is unknown or was used before. */
  useRecoveryCode(userId: string, hash: string): boolean {
    return this.#db.prepare('UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL').run(epoch(), userId, hash).changes === 1;
  }

  recoveryCodesLeft(userId: string): number {
    return this.#db.prepare('SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL').pluck().get(userId) as number;
  }

  // ------------------------------------------------------------ passkeys

  passkeys(userId: string): Passkey[] {
    return (this.#db.prepare('SELECT * FROM passkeys WHERE user_id = ? ORDER BY created_at, rowid').all(userId) as PasskeyRow[]).map(toPasskey);
  }

  /** Whether anyone on this hub has a passkey (the login page offers passkey sign-in then). */
  anyPasskeys(): boolean {
    return !!this.#db.prepare('SELECT 1 FROM passkeys LIMIT 1').get();
  }

  passkey(credentialId: string): Passkey | undefined {
    const row = this.#db.prepare('SELECT * FROM passkeys WHERE credential_id = ?').get(credentialId) as PasskeyRow | undefined;
    return row && toPasskey(row);
  }

  addPasskey(input: { credentialId: string; userId: string; name: string; publicKey: Uint8Array; counter: number; transports: string[]; rpId: string }): void {
    this.#db
      .prepare('INSERT INTO passkeys (credential_id, user_id, name, public_key, counter, transports, rp_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(input.credentialId, input.userId, input.name, Buffer.from(input.publicKey), input.counter, JSON.stringify(input.transports), input.rpId, epoch());
  }

  /**
   * Records a use. The signature counter must move forward when the authenticator keeps one
   * (a cloned key would repeat it); authenticators that always report 0 keep no counter.
   */
  usePasskey(credentialId: string, newCounter: number): boolean {
    return this.#db
      .prepare('UPDATE passkeys SET counter = ?, last_used_at = ? WHERE credential_id = ? AND ((counter = 0 AND ? = 0) OR counter < ?)')
      .run(newCounter, epoch(), credentialId, newCounter, newCounter).changes === 1;
  }

  removePasskey(userId: string, credentialId: string): boolean {
    return this.#db.prepare('DELETE FROM passkeys WHERE user_id = ? AND credential_id = ?').run(userId, credentialId).changes > 0;
  }

  // ------------------------------------------------------------ all of them

  /** Removes every factor and recovery code of a user; returns what there was. */
  reset(userId: string): SecondFactors & { recoveryCodes: number } {
    const before = { ...this.summary(userId), recoveryCodes: this.recoveryCodesLeft(userId) };
    this.#db.prepare('DELETE FROM totp_factors WHERE user_id = ?').run(userId);
    this.#db.prepare('DELETE FROM passkeys WHERE user_id = ?').run(userId);
    this.#db.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
    return before;
  }
}
