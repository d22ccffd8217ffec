// Personal access tokens' names and owners. The token itself is an oidc-provider AccessToken in
// the tokens table, with a Grant of its own; a row here names that grant. A token revoked or
// expired there is gone here too: every read joins the live token, and the purge drops orphans.
import type { PersonalToken } from '../../../shared/admin-contract.ts';
import { neverExpires } from '../domain/personal-tokens.ts';
import { epoch, iso, type Db } from './db.ts';

type Row = { grant_id: string; user_id: string; name: string; created_by: string; created_at: number; last_used_at: number | null; seq: number; scope: string; issued_at: number; expires_at: number };

/** A personal token with its holder, for the checks that span users. */
export type HeldPersonalToken = PersonalToken & { userId: string; grantId: string };

const LIVE_JOIN = `FROM personal_tokens p JOIN tokens t ON t.grant_id = p.grant_id AND t.model = 'AccessToken' AND t.expires_at > @now AND t.consumed_at IS NULL`;
const COLUMNS = 'p.grant_id, p.user_id, p.name, p.created_by, p.created_at, p.last_used_at, t.seq, t.scope, t.issued_at, t.expires_at';

const toToken = (row: Row): HeldPersonalToken => ({
  id: String(row.seq),
  name: row.name,
  scope: row.scope,
  createdAt: iso(row.created_at)!,
  expiresAt: neverExpires(row.issued_at, row.expires_at) ? null : iso(row.expires_at),
  lastUsedAt: iso(row.last_used_at),
  createdBy: row.created_by,
  userId: row.user_id,
  grantId: row.grant_id,
});

/** How often a token's last use is written, at most: the token path stays free of writes. */
const TOUCH_INTERVAL = 60;

export class PersonalTokenRepository {
  #db: Db;
  #touch;
  #lastTouched = new Map<string, number>();
  constructor(db: Db) {
    this.#db = db;
    this.#touch = db.prepare('UPDATE personal_tokens SET last_used_at = ? WHERE grant_id = ?');
  }

  create(input: { grantId: string; userId: string; name: string; createdBy: string }): void {
    this.#db.prepare('INSERT INTO personal_tokens (grant_id, user_id, name, created_by, created_at) VALUES (?, ?, ?, ?, ?)').run(input.grantId, input.userId, input.name, input.createdBy, epoch());
  }

  /** A user's live personal tokens, newest first. */
  listForUser(userId: string): HeldPersonalToken[] {
    return (this.#db.prepare(`SELECT ${COLUMNS} ${LIVE_JOIN} WHERE p.user_id = @userId ORDER BY p.created_at DESC, t.seq DESC`).all({ now: epoch(), userId }) as Row[]).map(toToken);
  }

  /** Every live personal token (the hub has a handful per user): for role and scope changes. */
  listAll(): HeldPersonalToken[] {
    return (this.#db.prepare(`SELECT ${COLUMNS} ${LIVE_JOIN}`).all({ now: epoch() }) as Row[]).map(toToken);
  }

  /** The live personal token whose live-token handle is `id`. */
  find(id: string): HeldPersonalToken | undefined {
    const seq = Number(id);
    if (!Number.isSafeInteger(seq)) return undefined;
    const row = this.#db.prepare(`SELECT ${COLUMNS} ${LIVE_JOIN} WHERE t.seq = @seq`).get({ now: epoch(), seq }) as Row | undefined;
    return row && toToken(row);
  }

  byGrant(grantId: string): HeldPersonalToken | undefined {
    const row = this.#db.prepare(`SELECT ${COLUMNS} ${LIVE_JOIN} WHERE p.grant_id = @grantId`).get({ now: epoch(), grantId }) as Row | undefined;
    return row && toToken(row);
  }

  /** Records that the token of `grantId` was used, at most once a minute per token. */
  touch(grantId: string): void {
    const now = epoch();
    if ((this.#lastTouched.get(grantId) ?? 0) > now - TOUCH_INTERVAL) return;
    if (this.#lastTouched.size > 10_000) this.#lastTouched.clear();
    this.#lastTouched.set(grantId, now);
    this.#touch.run(now, grantId);
  }

  /** Drops names whose token is gone (revoked, or expired and purged); returns how many. */
  purgeOrphans(batchSize = 250): number {
    return this.#db
      .prepare(`DELETE FROM personal_tokens WHERE grant_id IN (SELECT p.grant_id FROM personal_tokens p WHERE NOT EXISTS (SELECT 1 FROM tokens t WHERE t.grant_id = p.grant_id) LIMIT ?)`)
      .run(batchSize).changes;
  }
}
