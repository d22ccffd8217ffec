// The tokens operators see: access, client-credentials and refresh tokens. Rows are keyed by
// the SHA-256 of the bearer value; `seq` is the public handle shown in the console and CLI.
import type { Token, TokenType } from '../../../shared/admin-contract.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { epoch, iso, type Db } from './db.ts';

export const TOKEN_MODELS = { AccessToken: 'access_token', ClientCredentials: 'client_credentials', RefreshToken: 'refresh_token' } as const;
export type TokenModel = keyof typeof TOKEN_MODELS;
const MODEL_OF_TYPE = Object.fromEntries(Object.entries(TOKEN_MODELS).map(([model, type]) => [type, model])) as Record<TokenType, TokenModel>;

export const isTokenModel = (model: string): model is TokenModel => model in TOKEN_MODELS;

type TokenRow = {
  seq: number; model: TokenModel; client_id: string; client_name: string | null; account_id: string | null;
  username: string | null; scope: string; issued_at: number; expires_at: number; grant_id: string | null; name: string | null;
};

export type TokenFilter = { clientId?: string | undefined; userId?: string | undefined; type?: TokenType | undefined };
export type TokenQuery = TokenFilter & { sort: 'issued' | 'expires'; order: 'asc' | 'desc'; cursor?: string | undefined; limit: number };

/** What a revocation removed, for events and audit. */
export type RevokedToken = { id: string; type: TokenType; clientId: string; accountId: string | null; grantId: string | null };

const toToken = (row: TokenRow): Token => ({
  id: String(row.seq),
  type: TOKEN_MODELS[row.model],
  clientId: row.client_id,
  clientName: row.client_name,
  subject: row.account_id,
  username: row.username,
  scope: row.scope,
  issuedAt: iso(row.issued_at)!,
  expiresAt: iso(row.expires_at)!,
  grantId: row.grant_id,
  name: row.name,
});

const isCursor = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(Number.isInteger);

export class TokenRepository {
  #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * `paging`: the expiry test is written `+t.expires_at` so SQLite cannot pick the expiry index
   * to filter and then sort a million rows; the page walks the sort key's own index instead.
   */
  #where(filter: TokenFilter, paging = false): { sql: string; params: Record<string, unknown> } {
    const clauses = [paging ? '+t.expires_at > :now' : 't.expires_at > :now', 't.consumed_at IS NULL'];
    const params: Record<string, unknown> = { now: epoch() };
    if (filter.clientId) { clauses.push('t.client_id = :clientId'); params.clientId = filter.clientId; }
    if (filter.userId) { clauses.push('t.account_id = :userId'); params.userId = filter.userId; }
    if (filter.type) { clauses.push('t.model = :model'); params.model = MODEL_OF_TYPE[filter.type]; }
    return { sql: clauses.join(' AND '), params };
  }

  /** Keyset paging: cost grows with the page size, not with how deep the page is. */
  list(query: TokenQuery): { items: Token[]; nextCursor: string | null } {
    const key = query.sort === 'expires' ? 't.expires_at' : 't.issued_at';
    const direction = query.order === 'asc' ? 'ASC' : 'DESC';
    const { sql, params } = this.#where(query, true);
    const after = decodeCursor(query.cursor, isCursor);
    let cursorSql = '';
    if (after) {
      cursorSql = ` AND (${key}, t.seq) ${query.order === 'asc' ? '>' : '<'} (:afterKey, :afterSeq)`;
      params.afterKey = after[0];
      params.afterSeq = after[1];
    }
    const rows = this.#db
      .prepare(
        // Names through correlated subqueries, not LEFT JOINs: with statistics gathered while
        // the tables were small (the hub's usual state), the planner scanned clients and users
        // for every token of a join: minutes for the first page at a million tokens.
        `SELECT t.seq, t.model, t.client_id, (SELECT name FROM clients WHERE client_id = t.client_id) AS client_name, t.account_id,
                (SELECT username FROM users WHERE id = t.account_id) AS username, t.scope, t.issued_at, t.expires_at, t.grant_id,
                (SELECT name FROM personal_tokens WHERE grant_id = t.grant_id) AS name
           FROM tokens t
          WHERE ${sql}${cursorSql}
          ORDER BY ${key} ${direction}, t.seq ${direction}
          LIMIT :limit`,
      )
      .all({ ...params, limit: query.limit + 1 }) as TokenRow[];
    const more = rows.length > query.limit;
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(toToken),
      nextCursor: more && last ? encodeCursor([query.sort === 'expires' ? last.expires_at : last.issued_at, last.seq]) : null,
    };
  }

  count(filter: TokenFilter): number {
    const { sql, params } = this.#where(filter);
    return this.#db.prepare(`SELECT count(*) FROM tokens t WHERE ${sql}`).pluck().get(params) as number;
  }

  #deleteWhere(sql: string, params: unknown[]): RevokedToken[] {
    const rows = this.#db
      .prepare(`DELETE FROM tokens WHERE ${sql} RETURNING seq, model, client_id, account_id, grant_id`)
      .all(...params) as { seq: number; model: TokenModel; client_id: string; account_id: string | null; grant_id: string | null }[];
    return rows.map((row) => ({ id: String(row.seq), type: TOKEN_MODELS[row.model], clientId: row.client_id, accountId: row.account_id, grantId: row.grant_id }));
  }

  revoke(ids: string[]): RevokedToken[] {
    const seqs = ids.map(Number).filter(Number.isSafeInteger);
    if (seqs.length === 0) return [];
    return this.#deleteWhere(`seq IN (SELECT value FROM json_each(?))`, [JSON.stringify(seqs)]);
  }

  /** Revokes every token of a client, and the grants behind them so nothing can be refreshed. */
  revokeByClient(clientId: string): RevokedToken[] {
    return this.#db.transaction(() => {
      this.#db.prepare(`DELETE FROM oidc_models WHERE model IN ('Grant', 'AuthorizationCode', 'DeviceCode') AND json_extract(payload, '$.clientId') = ?`).run(clientId);
      return this.#deleteWhere('client_id = ?', [clientId]);
    })();
  }

  /** Revokes every token a user holds, their grants, and signs them out everywhere. */
  revokeByUser(userId: string): RevokedToken[] {
    return this.#db.transaction(() => {
      this.#db.prepare(`DELETE FROM oidc_models WHERE model IN ('Grant', 'Session', 'AuthorizationCode', 'DeviceCode') AND json_extract(payload, '$.accountId') = ?`).run(userId);
      return this.#deleteWhere('account_id = ?', [userId]);
    })();
  }

  /**
   * Grants live as long as their tokens: a grant expiring before `horizon` that still has a
   * live token expiring later is kept until that token's expiry (row and payload, which the
   * provider checks). Refresh rotation mints tokens that outlive the grant's first lifetime;
   * the purger calls this before deleting expired grants. Walks only grants expiring soon.
   */
  extendGrants(horizon: number): number {
    return this.#db
      .prepare(
        `UPDATE oidc_models SET expires_at = t.last, payload = json_set(payload, '$.exp', t.last)
           FROM (SELECT g.id AS grant_id,
                        (SELECT max(expires_at) FROM tokens WHERE grant_id = g.id AND consumed_at IS NULL) AS last
                   FROM oidc_models g
                  WHERE g.model = 'Grant' AND g.expires_at < ?) AS t
          WHERE oidc_models.model = 'Grant' AND oidc_models.id = t.grant_id AND t.last > oidc_models.expires_at`,
      )
      .run(horizon).changes;
  }

  /** Deletes one batch of expired rows; the purger calls it until it returns less than the batch. */
  purgeExpiredBatch(batchSize = 2000): number {
    const now = epoch();
    const tokens = this.#db.prepare('DELETE FROM tokens WHERE seq IN (SELECT seq FROM tokens WHERE expires_at <= ? LIMIT ?)').run(now, batchSize).changes;
    const others = this.#db
      .prepare('DELETE FROM oidc_models WHERE (model, id) IN (SELECT model, id FROM oidc_models WHERE expires_at <= ? LIMIT ?)')
      .run(now, batchSize).changes;
    return tokens + others;
  }
}
