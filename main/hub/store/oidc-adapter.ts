// oidc-provider's storage, in SQLite. One adapter instance per model name, as the provider
// asks. Tokens go to the `tokens` table (listed and revoked by operators, keyed by the hash of
// the bearer value); every other model to `oidc_models`. Clients come from the `clients` table.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { sha256 } from '../security/secrets.ts';
import { epoch, type Db } from './db.ts';
import { isTokenModel } from './tokens.ts';

type Row = { payload: string; expires_at: number | null; consumed_at: number | null };

const expiresAt = (expiresIn: number | undefined): number | null => (expiresIn ? epoch() + expiresIn : null);

/**
 * Device codes stay this long past their expiry (the provider checks `exp` itself), so a device
 * that polls late gets RFC 8628's `expired_token` and a person typing an old code hears that it
 * expired, instead of "not found".
 */
export const DEVICE_CODE_GRACE = 15 * 60;

function revive(row: Row | undefined, extra?: Partial<AdapterPayload>): AdapterPayload | undefined {
  if (!row) return undefined;
  if (row.expires_at !== null && row.expires_at <= epoch()) return undefined;
  const payload = JSON.parse(row.payload) as AdapterPayload;
  if (extra) Object.assign(payload, extra);
  if (row.consumed_at !== null) payload.consumed = row.consumed_at;
  return payload;
}

/** AccessToken, ClientCredentials, RefreshToken. */
class TokenAdapter implements Adapter {
  #upsert; #find; #consume; #destroy; #revoke;
  constructor(db: Db, model: string) {
    this.#upsert = db.prepare(
      `INSERT INTO tokens (id_hash, model, client_id, account_id, grant_id, scope, issued_at, expires_at, payload)
       VALUES (@idHash, @model, @clientId, @accountId, @grantId, @scope, @issuedAt, @expiresAt, @payload)
       ON CONFLICT(id_hash) DO UPDATE SET payload = excluded.payload, expires_at = excluded.expires_at, scope = excluded.scope`,
    );
    this.#find = db.prepare('SELECT payload, expires_at, consumed_at FROM tokens WHERE id_hash = ? AND model = ?');
    this.#consume = db.prepare('UPDATE tokens SET consumed_at = ? WHERE id_hash = ? AND model = ?');
    this.#destroy = db.prepare('DELETE FROM tokens WHERE id_hash = ? AND model = ?');
    this.#revoke = db.prepare('DELETE FROM tokens WHERE grant_id = ? AND model = ?');
    this.model = model;
  }
  readonly model: string;

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    // The bearer value itself is not stored: find() gets it from the caller again.
    const { jti: _jti, ...rest } = payload;
    this.#upsert.run({
      idHash: sha256(id),
      model: this.model,
      clientId: payload.clientId ?? '',
      accountId: payload.accountId ?? null,
      grantId: payload.grantId ?? null,
      scope: payload.scope ?? '',
      issuedAt: payload.iat ?? epoch(),
      expiresAt: expiresAt(expiresIn) ?? epoch() + 3600,
      payload: JSON.stringify(rest),
    });
  }
  async find(id: string): Promise<AdapterPayload | undefined> {
    return revive(this.#find.get(sha256(id), this.model) as Row | undefined, { jti: id });
  }
  async findByUid(): Promise<undefined> { return undefined; }
  async findByUserCode(): Promise<undefined> { return undefined; }
  async consume(id: string): Promise<void> { this.#consume.run(epoch(), sha256(id), this.model); }
  async destroy(id: string): Promise<void> { this.#destroy.run(sha256(id), this.model); }
  async revokeByGrantId(grantId: string): Promise<void> { this.#revoke.run(grantId, this.model); }
}

/** Sessions, grants, interactions, codes, device codes, replay detection, … */
class ModelAdapter implements Adapter {
  #upsert; #find; #findByUid; #findByUserCode; #consume; #destroy; #revoke;
  readonly model: string;
  constructor(db: Db, model: string) {
    this.model = model;
    this.#upsert = db.prepare(
      `INSERT INTO oidc_models (model, id, payload, grant_id, user_code, uid, expires_at)
       VALUES (@model, @id, @payload, @grantId, @userCode, @uid, @expiresAt)
       ON CONFLICT(model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
         user_code = excluded.user_code, uid = excluded.uid, expires_at = excluded.expires_at`,
    );
    this.#find = db.prepare('SELECT payload, expires_at, consumed_at FROM oidc_models WHERE model = ? AND id = ?');
    this.#findByUid = db.prepare('SELECT payload, expires_at, consumed_at FROM oidc_models WHERE model = ? AND uid = ?');
    this.#findByUserCode = db.prepare('SELECT payload, expires_at, consumed_at FROM oidc_models WHERE model = ? AND user_code = ?');
    this.#consume = db.prepare('UPDATE oidc_models SET consumed_at = ? WHERE model = ? AND id = ?');
    this.#destroy = db.prepare('DELETE FROM oidc_models WHERE model = ? AND id = ?');
    this.#revoke = db.prepare('DELETE FROM oidc_models WHERE model = ? AND grant_id = ?');
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    this.#upsert.run({
      model: this.model,
      id,
      payload: JSON.stringify(payload),
      grantId: payload.grantId ?? null,
      userCode: payload.userCode ?? null,
      uid: payload.uid ?? null,
      expiresAt: this.model === 'DeviceCode' && expiresIn ? expiresAt(expiresIn)! + DEVICE_CODE_GRACE : expiresAt(expiresIn),
    });
  }
  async find(id: string) { return revive(this.#find.get(this.model, id) as Row | undefined); }
  async findByUid(uid: string) { return revive(this.#findByUid.get(this.model, uid) as Row | undefined); }
  async findByUserCode(userCode: string) { return revive(this.#findByUserCode.get(this.model, userCode) as Row | undefined); }
  async consume(id: string): Promise<void> { this.#consume.run(epoch(), this.model, id); }
  async destroy(id: string): Promise<void> { this.#destroy.run(this.model, id); }
  async revokeByGrantId(grantId: string): Promise<void> { this.#revoke.run(this.model, grantId); }
}

/** Clients are read from the operator-managed table; the provider never writes them. */
class ClientAdapter implements Adapter {
  #metadata: (clientId: string) => AdapterPayload | undefined;
  constructor(metadata: (clientId: string) => AdapterPayload | undefined) {
    this.#metadata = metadata;
  }
  async find(id: string) { return this.#metadata(id); }
  async upsert(): Promise<void> { throw new Error('Clients are managed by operators, not by the provider.'); }
  async findByUid(): Promise<undefined> { return undefined; }
  async findByUserCode(): Promise<undefined> { return undefined; }
  async consume(): Promise<void> {}
  async destroy(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}

export function adapterFactory(db: Db, clientMetadata: (clientId: string) => AdapterPayload | undefined) {
  const adapters = new Map<string, Adapter>();
  return (model: string): Adapter => {
    let adapter = adapters.get(model);
    if (!adapter) {
      adapter = model === 'Client' ? new ClientAdapter(clientMetadata) : isTokenModel(model) ? new TokenAdapter(db, model) : new ModelAdapter(db, model);
      adapters.set(model, adapter);
    }
    return adapter;
  };
}
