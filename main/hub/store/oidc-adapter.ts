// oidc-provider's storage, in SQLite. One adapter instance per model name, as the provider
// asks. Tokens go to the `tokens` table (listed and revoked by operators, keyed by the hash of
// the bearer value); every other model to `oidc_models`. Clients come from the `clients` table,
// and devices registering themselves (RFC 7591) land there too, through a RegistrationSource;
// initial access tokens are the pairings' (the `pairings` table keeps only their hashes).
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { PLAIN_CODEC, type ModelCodec } from '../security/model-codec.ts';
import { sha256 } from '../security/secrets.ts';
import { epoch, type Db } from './db.ts';
import { isTokenModel } from './tokens.ts';

type Row = { payload: string; expires_at: number | null; consumed_at: number | null };
type TokenRow = Row & { model: string };

/**
 * Group commit. The provider's writes (a token per grant, a consumed code, …) are queued and
 * run together in one transaction once the event loop has handled the I/O at hand; each
 * write's promise settles after that commit, so no answer goes out before its row is
 * written. One commit per batch instead of one per request: in WAL mode each commit appends
 * every page it touched (table and five indexes) and triggers checkpoints with fsync, which
 * made a commit per token the hub's largest cost. A read whose record has a queued write
 * (same model and id; or any queued write of its model for lookups by uid or user code and
 * after a revokeByGrantId) flushes the queue first, so the provider always reads its own
 * writes; other reads leave the batch to grow.
 */
type Pending = { work: () => void; resolve: () => void; reject: (error: unknown) => void };

class WriteQueue {
  #pending: Pending[] = [];
  #keys = new Set<string>(); // model + id of every queued write
  #models = new Set<string>(); // models with a queued write
  #wide = new Set<string>(); // models with a queued write by grant id
  #scheduled = false;
  #onWrite: () => void;
  // Made once: better-sqlite3's transaction() builds its wrapper functions on every call.
  #commit: (batch: Pending[], failures: Map<number, unknown>) => void;
  #flushNow = () => this.flush();
  constructor(db: Db, onWrite: () => void) {
    this.#onWrite = onWrite;
    this.#commit = db.transaction((batch: Pending[], failures: Map<number, unknown>) => {
      batch.forEach((item, index) => {
        try {
          item.work();
        } catch (error) {
          failures.set(index, error); // that statement alone is rolled back
        }
      });
    });
  }

  /** Queues a write to one record (`id`) or, without an id, to every record of a grant. */
  write(model: string, id: string | undefined, work: () => void): Promise<void> {
    this.#onWrite();
    this.#models.add(model);
    if (id === undefined) this.#wide.add(model);
    else this.#keys.add(`${model}\0${id}`);
    return new Promise((resolve, reject) => {
      this.#pending.push({ work, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#flushNow);
      }
    });
  }

  /** Before a read of `model` (one record when `id` is given): flushes if a queued write may touch it. */
  before(model: string, id?: string): void {
    if (!this.#models.has(model)) return;
    if (id === undefined || this.#wide.has(model) || this.#keys.has(`${model}\0${id}`)) this.flush();
  }

  /** Runs every queued write now, in order, in one transaction. */
  flush(): void {
    this.#scheduled = false;
    if (this.#pending.length === 0) return;
    this.#onWrite();
    const batch = this.#pending;
    this.#pending = [];
    this.#keys.clear();
    this.#models.clear();
    this.#wide.clear();
    const failures = new Map<number, unknown>();
    try {
      this.#commit(batch, failures);
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => (failures.has(index) ? item.reject(failures.get(index)) : item.resolve()));
  }
}

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

/**
 * One hash and one query per presented token, which finds it only while its application is
 * enabled and exists. Without a type hint the provider looks a token up as an AccessToken, a
 * ClientCredentials and a RefreshToken at once (introspection, revocation): three finds,
 * called one after another in the same synchronous run, for a row that can be only one of them
 * (`id_hash` is unique across models). The first find reads the row whatever its model; the
 * others take it from here. It is forgotten at the next microtask and whenever a write is
 * queued or flushed, so no answer comes from a row older than that run.
 */
class TokenLookup {
  #byHash;
  #id: string | undefined;
  #idHash = '';
  #row: TokenRow | undefined;
  #looked = false; // #row holds the answer for #id, found or not
  #forgetting = false;
  constructor(db: Db) {
    // Only while its application is enabled: disabling or deleting one revokes its tokens, but a
    // token whose batch commits as another process disables the client would outlive that.
    // A scalar subquery, not a JOIN: callgrind counts the JOIN at +100 k instructions per
    // introspection (+15 %), the subquery at nothing measurable.
    this.#byHash = db.prepare(
      `SELECT model, payload, expires_at, consumed_at FROM tokens t
        WHERE id_hash = ? AND (SELECT disabled FROM clients WHERE client_id = t.client_id) = 0`,
    );
  }

  /** SHA-256 of the bearer value; a find then a consume of one token hash it once. */
  hash(id: string): string {
    if (id !== this.#id) {
      this.forget();
      this.#id = id;
      this.#idHash = sha256(id);
    }
    return this.#idHash;
  }

  find(id: string): TokenRow | undefined {
    if (id === this.#id && this.#looked) return this.#row;
    const idHash = this.hash(id);
    this.#row = this.#byHash.get(idHash) as TokenRow | undefined;
    this.#looked = true;
    if (!this.#forgetting) {
      this.#forgetting = true;
      queueMicrotask(() => this.forget());
    }
    return this.#row;
  }

  forget(): void {
    this.#forgetting = false;
    this.#looked = false;
    this.#row = undefined;
  }
}

/** AccessToken, ClientCredentials, RefreshToken. */
class TokenAdapter implements Adapter {
  #upsert; #consume; #destroy; #revoke; #queue; #lookup;
  constructor(db: Db, model: string, queue: WriteQueue, lookup: TokenLookup) {
    this.#queue = queue;
    this.#lookup = lookup;
    this.#upsert = db.prepare(
      `INSERT INTO tokens (id_hash, model, client_id, account_id, grant_id, scope, issued_at, expires_at, payload)
       VALUES (@idHash, @model, @clientId, @accountId, @grantId, @scope, @issuedAt, @expiresAt, @payload)
       ON CONFLICT(id_hash) DO UPDATE SET payload = excluded.payload, expires_at = excluded.expires_at, scope = excluded.scope`,
    );
    this.#consume = db.prepare('UPDATE tokens SET consumed_at = ? WHERE id_hash = ? AND model = ?');
    this.#destroy = db.prepare('DELETE FROM tokens WHERE id_hash = ? AND model = ?');
    this.#revoke = db.prepare('DELETE FROM tokens WHERE grant_id = ? AND model = ?');
    this.model = model;
  }
  readonly model: string;

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    // The bearer value itself is not stored: find() gets it from the caller again.
    const { jti: _jti, ...rest } = payload;
    const row = {
      idHash: this.#lookup.hash(id),
      model: this.model,
      clientId: payload.clientId ?? '',
      accountId: payload.accountId ?? null,
      grantId: payload.grantId ?? null,
      scope: payload.scope ?? '',
      issuedAt: payload.iat ?? epoch(),
      expiresAt: expiresAt(expiresIn) ?? epoch() + 3600,
      payload: JSON.stringify(rest),
    };
    return this.#queue.write(this.model, id, () => this.#upsert.run(row));
  }
  async find(id: string): Promise<AdapterPayload | undefined> {
    this.#queue.before(this.model, id);
    const row = this.#lookup.find(id);
    return row?.model === this.model ? revive(row, { jti: id }) : undefined;
  }
  async findByUid(): Promise<undefined> { return undefined; }
  async findByUserCode(): Promise<undefined> { return undefined; }
  async consume(id: string): Promise<void> {
    const [at, idHash] = [epoch(), this.#lookup.hash(id)];
    return this.#queue.write(this.model, id, () => this.#consume.run(at, idHash, this.model));
  }
  async destroy(id: string): Promise<void> {
    const idHash = this.#lookup.hash(id);
    return this.#queue.write(this.model, id, () => this.#destroy.run(idHash, this.model));
  }
  async revokeByGrantId(grantId: string): Promise<void> { return this.#queue.write(this.model, undefined, () => this.#revoke.run(grantId, this.model)); }
}

/** Sessions, grants, interactions, codes, device codes, replay detection, … Secret ids and fields go through the codec. */
class ModelAdapter implements Adapter {
  #upsert; #find; #findByUid; #findByUserCode; #consume; #destroy; #revoke; #queue; #codec;
  readonly model: string;
  constructor(db: Db, model: string, queue: WriteQueue, codec: ModelCodec) {
    this.model = model;
    this.#queue = queue;
    this.#codec = codec;
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

  #load(row: Row | undefined, known: { id?: string }): AdapterPayload | undefined {
    const payload = revive(row);
    return payload && this.#codec.load(this.model, payload, known);
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const row = {
      model: this.model,
      id: this.#codec.rowId(this.model, id),
      payload: JSON.stringify(this.#codec.store(this.model, payload)),
      grantId: payload.grantId ?? null,
      userCode: payload.userCode ? this.#codec.userCodeKey(payload.userCode) : null,
      uid: payload.uid ?? null,
      expiresAt: this.model === 'DeviceCode' && expiresIn ? expiresAt(expiresIn)! + DEVICE_CODE_GRACE : expiresAt(expiresIn),
    };
    return this.#queue.write(this.model, id, () => this.#upsert.run(row));
  }
  async find(id: string) {
    this.#queue.before(this.model, id);
    return this.#load(this.#find.get(this.model, this.#codec.rowId(this.model, id)) as Row | undefined, { id });
  }
  async findByUid(uid: string) {
    this.#queue.before(this.model);
    return this.#load(this.#findByUid.get(this.model, uid) as Row | undefined, {});
  }
  async findByUserCode(userCode: string) {
    this.#queue.before(this.model);
    return this.#load(this.#findByUserCode.get(this.model, this.#codec.userCodeKey(userCode)) as Row | undefined, {});
  }
  async consume(id: string): Promise<void> {
    const [at, rowId] = [epoch(), this.#codec.rowId(this.model, id)];
    return this.#queue.write(this.model, id, () => this.#consume.run(at, this.model, rowId));
  }
  async destroy(id: string): Promise<void> {
    const rowId = this.#codec.rowId(this.model, id);
    return this.#queue.write(this.model, id, () => this.#destroy.run(this.model, rowId));
  }
  async revokeByGrantId(grantId: string): Promise<void> { return this.#queue.write(this.model, undefined, () => this.#revoke.run(this.model, grantId)); }
}

/**
 * Where dynamic registration (RFC 7591/7592) reads and writes, decided outside the store: the
 * clients a device registers or changes, and the pairings' initial access tokens.
 */
export type RegistrationSource = {
  /** A registered client's metadata as the provider wrote it (create or RFC 7592 update). */
  saveClient(clientId: string, payload: AdapterPayload): void;
  /** RFC 7592 delete: only clients a pairing admitted. */
  deleteClient(clientId: string): void;
  /** The initial access token's payload while its pairing may admit devices; undefined otherwise. */
  initialAccessToken(id: string): AdapterPayload | undefined;
};

/**
 * Clients are read from the operator-managed table. The provider writes one only through
 * dynamic registration (a RegistrationSource); without one, it may not write at all.
 */
class ClientAdapter implements Adapter {
  #metadata: (clientId: string) => AdapterPayload | undefined;
  #registration: RegistrationSource | undefined;
  constructor(metadata: (clientId: string) => AdapterPayload | undefined, registration: RegistrationSource | undefined) {
    this.#metadata = metadata;
    this.#registration = registration;
  }
  async find(id: string) { return this.#metadata(id); }
  async upsert(id: string, payload: AdapterPayload): Promise<void> {
    if (!this.#registration) throw new Error('Clients are managed by operators, not by the provider.');
    this.#registration.saveClient(id, payload);
  }
  async findByUid(): Promise<undefined> { return undefined; }
  async findByUserCode(): Promise<undefined> { return undefined; }
  async consume(): Promise<void> {}
  async destroy(id: string): Promise<void> { this.#registration?.deleteClient(id); }
  async revokeByGrantId(): Promise<void> {}
}

/** Initial access tokens are read from the pairings; the provider never writes or spends them itself. */
class InitialAccessTokenAdapter implements Adapter {
  #registration: RegistrationSource | undefined;
  constructor(registration: RegistrationSource | undefined) {
    this.#registration = registration;
  }
  async find(id: string) { return this.#registration?.initialAccessToken(id); }
  async upsert(): Promise<void> { throw new Error('Initial access tokens are made by pairings, not by the provider.'); }
  async findByUid(): Promise<undefined> { return undefined; }
  async findByUserCode(): Promise<undefined> { return undefined; }
  async consume(): Promise<void> {}
  async destroy(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}

/**
 * `codec`: how secret ids and fields are kept (security/model-codec.ts). The hub always passes
 * the master key's codec; the plain one is for tests of the write queue alone. `registration`:
 * where dynamic registration writes clients and finds initial access tokens (none: it cannot).
 */
export function adapterFactory(db: Db, clientMetadata: (clientId: string) => AdapterPayload | undefined, codec: ModelCodec = PLAIN_CODEC, registration?: RegistrationSource) {
  const adapters = new Map<string, Adapter>();
  const lookup = new TokenLookup(db);
  const queue = new WriteQueue(db, () => lookup.forget());
  const make = (model: string): Adapter => {
    if (model === 'Client') return new ClientAdapter(clientMetadata, registration);
    if (model === 'InitialAccessToken') return new InitialAccessTokenAdapter(registration);
    return isTokenModel(model) ? new TokenAdapter(db, model, queue, lookup) : new ModelAdapter(db, model, queue, codec);
  };
  return (model: string): Adapter => {
    let adapter = adapters.get(model);
    if (!adapter) {
      adapter = make(model);
      adapters.set(model, adapter);
    }
    return adapter;
  };
}
