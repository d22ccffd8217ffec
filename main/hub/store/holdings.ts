// What a user holds, as they see it on their own account page: one line per application or
// device (per grant: two devices sharing a client id are two lines), with what it may do and
// when it last got a token. Every query is bound to the user, so nobody reaches another's.
import type { RevokedToken } from './tokens.ts';
import { TOKEN_MODELS, type TokenModel } from './tokens.ts';
import { epoch, iso, type Db } from './db.ts';

export type Holding = {
  /** The grant behind the tokens: what the user revokes. */
  grantId: string;
  clientId: string;
  clientName: string;
  kind: string | null;
  scopes: string[];
  tokens: number;
  /** When it last received a token (a refresh counts). */
  lastUsedAt: string;
  /** A personal access token's name; null for applications and devices. */
  personalName: string | null;
};

/** Live tokens of one user looked at for the page, newest first. */
const SCAN_LIMIT = 5000;

type Row = { grant_id: string; client_id: string; client_name: string | null; kind: string | null; scopes: string | null; tokens: number; last_issued: number; personal_name: string | null };

export class HoldingRepository {
  #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * The user's live grants with tokens, most recently used first (issue times are whole
   * seconds; a tie goes to the grant whose newest token was stored last). Grouped over the user's
   * newest SCAN_LIMIT live tokens, so the page costs the same for a user holding a million
   * (a script leaking tokens): ~1 s for 200k before the limit, on 2 cores.
   */
  list(userId: string): Holding[] {
    const rows = this.#db
      .prepare(
        `SELECT t.grant_id, t.client_id, c.name AS client_name, c.kind, group_concat(t.scope, ' ') AS scopes, count(*) AS tokens, max(t.issued_at) AS last_issued, max(t.seq) AS last_seq,
                (SELECT name FROM personal_tokens WHERE grant_id = t.grant_id) AS personal_name
           FROM (SELECT seq, grant_id, client_id, scope, issued_at FROM tokens
                  WHERE account_id = ? AND grant_id IS NOT NULL AND +expires_at > ? AND consumed_at IS NULL
                  ORDER BY issued_at DESC LIMIT ${SCAN_LIMIT}) t
           LEFT JOIN clients c ON c.client_id = t.client_id
          GROUP BY t.grant_id, t.client_id
          ORDER BY last_issued DESC, last_seq DESC
          LIMIT 500`,
      )
      .all(userId, epoch()) as Row[];
    return rows.map((row) => ({
      grantId: row.grant_id,
      clientId: row.client_id,
      clientName: row.client_name ?? row.client_id,
      kind: row.kind,
      scopes: [...new Set((row.scopes ?? '').split(' ').filter(Boolean))].sort(),
      tokens: row.tokens,
      lastUsedAt: iso(row.last_issued)!,
      personalName: row.personal_name,
    }));
  }

  /** Revokes one grant of this user: its tokens and the grant itself. Another user's grant is left alone. */
  revokeGrant(userId: string, grantId: string): RevokedToken[] {
    return this.#db.transaction(() => {
      const revoked = this.#delete('account_id = ? AND grant_id = ?', [userId, grantId]);
      if (revoked.length) this.#db.prepare(`DELETE FROM oidc_models WHERE model = 'Grant' AND id = ?`).run(grantId);
      return revoked;
    })();
  }

  /**
   * Signs the user out everywhere but here: every token, grant, session and pending code of
   * theirs, except the grant behind `keepGrantId` (the account page's own sign-in).
   */
  revokeAllBut(userId: string, keepGrantId: string): RevokedToken[] {
    return this.#db.transaction(() => {
      this.#db
        .prepare(`DELETE FROM oidc_models WHERE model IN ('Grant', 'Session', 'AuthorizationCode', 'DeviceCode') AND json_extract(payload, '$.accountId') = ? AND id <> ?`)
        .run(userId, keepGrantId);
      return this.#delete('account_id = ? AND (grant_id IS NULL OR grant_id <> ?)', [userId, keepGrantId]);
    })();
  }

  #delete(where: string, params: unknown[]): RevokedToken[] {
    const rows = this.#db.prepare(`DELETE FROM tokens WHERE ${where} RETURNING seq, model, client_id, account_id, grant_id`).all(...params) as { seq: number; model: TokenModel; client_id: string; account_id: string | null; grant_id: string | null }[];
    return rows.map((row) => ({ id: String(row.seq), type: TOKEN_MODELS[row.model], clientId: row.client_id, accountId: row.account_id, grantId: row.grant_id }));
  }
}
