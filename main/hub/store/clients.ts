// Clients (applications and devices). Secrets are stored only as SHA-256 hashes.
import type { Client, ClientKind, GrantName } from '../../../shared/admin-contract.ts';
import { notFound } from '../domain/errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { epoch, iso, type Db } from './db.ts';

type ClientRow = {
  client_id: string; name: string; kind: string; public: number; grants: string; redirect_uris: string;
  scopes: string; access_ttl: number; refresh_ttl: number; first_party: number; disabled: number;
  secret_hash: string | null; builtin: number; created_at: number; updated_at: number; last_seen_at: number | null;
  post_logout_redirect_uris: string; backchannel_logout_uri: string | null;
  password_with_second_factor: number;
  pairing_id: string | null; pending_approval: number; pairing_name?: string | null;
};

/** What the hub knows of a client, secret hash included; never leaves the hub core. */
export type ClientRecord = Omit<Client, 'liveTokens' | 'pairing' | 'pendingApproval'> & { secretHash: string | null; builtin: boolean; pairingId: string | null; pendingApproval: boolean };

export type NewClient = {
  clientId: string; name: string; kind: ClientKind; public: boolean; grants: GrantName[]; redirectUris: string[];
  postLogoutRedirectUris?: string[]; backchannelLogoutUri?: string | null; scopes: string[]; accessTokenTtl: number; refreshTokenTtl: number; firstParty: boolean; secretHash: string | null; builtin?: boolean;
  passwordWithSecondFactor?: boolean;
  /** The pairing a device registered itself with (RFC 7591). */
  pairingId?: string | null; pendingApproval?: boolean;
};

export type ClientPatch = Partial<Pick<ClientRecord, 'name' | 'grants' | 'redirectUris' | 'postLogoutRedirectUris' | 'backchannelLogoutUri' | 'scopes' | 'accessTokenTtl' | 'refreshTokenTtl' | 'firstParty' | 'passwordWithSecondFactor' | 'disabled' | 'pendingApproval' | 'public'>>;

const splitScopes = (value: string) => (value ? value.split(' ') : []);
const CACHE_SIZE = 10_000;

function toRecord(row: ClientRow): ClientRecord {
  return {
    clientId: row.client_id,
    name: row.name,
    kind: row.kind as ClientKind,
    public: row.public === 1,
    grants: JSON.parse(row.grants) as GrantName[],
    redirectUris: JSON.parse(row.redirect_uris) as string[],
    postLogoutRedirectUris: JSON.parse(row.post_logout_redirect_uris) as string[],
    backchannelLogoutUri: row.backchannel_logout_uri,
    scopes: splitScopes(row.scopes),
    accessTokenTtl: row.access_ttl,
    refreshTokenTtl: row.refresh_ttl,
    firstParty: row.first_party === 1,
    passwordWithSecondFactor: row.password_with_second_factor === 1,
    disabled: row.disabled === 1,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    lastSeenAt: iso(row.last_seen_at),
    secretHash: row.secret_hash,
    builtin: row.builtin === 1,
    pairingId: row.pairing_id,
    pendingApproval: row.pending_approval === 1,
  };
}

export class ClientRepository {
  #db: Db;
  #byId;
  #liveTokens;
  #touch;
  #lastTouched = new Map<string, number>();
  #cache = new Map<string, ClientRecord | null>();
  #cacheVersion = -1;
  #dataVersion;
  constructor(db: Db) {
    this.#db = db;
    this.#dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.#byId = db.prepare('SELECT * FROM clients WHERE client_id = ?');
    this.#liveTokens = db.prepare('SELECT count(*) FROM tokens WHERE client_id = ? AND expires_at > ?').pluck();
    this.#touch = db.prepare('UPDATE clients SET last_seen_at = ? WHERE client_id = ?');
    this.#pairingName = db.prepare('SELECT name FROM pairings WHERE id = ?').pluck();
  }
  #pairingName;

  find(clientId: string): ClientRecord | undefined {
    const row = this.#byId.get(clientId) as ClientRow | undefined;
    return row && toRecord(row);
  }

  /**
   * The token path's read, cached. SQLite's data_version moves when another connection (the
   * CLI) commits, and this repository's own writes clear the cache, so an operator's change
   * still takes effect on the next request. Callers must not mutate the record.
   */
  findCached(clientId: string): ClientRecord | undefined {
    const version = this.#dataVersion.get() as number;
    if (version !== this.#cacheVersion) {
      this.#cache.clear();
      this.#cacheVersion = version;
    }
    let record = this.#cache.get(clientId);
    if (record === undefined) {
      record = this.find(clientId) ?? null;
      if (this.#cache.size >= CACHE_SIZE) this.#cache.clear();
      this.#cache.set(clientId, record);
    }
    return record ?? undefined;
  }

  require(clientId: string): ClientRecord {
    const client = this.find(clientId);
    if (!client) throw notFound(`There is no application with client id "${clientId}".`, 'clientId');
    return client;
  }

  toClient(record: ClientRecord): Client {
    const { secretHash: _secret, builtin: _builtin, pairingId, ...client } = record;
    const pairing = pairingId ? { id: pairingId, name: (this.#pairingName.get(pairingId) as string | undefined) ?? pairingId } : null;
    return { ...client, pairing, liveTokens: this.#liveTokens.get(record.clientId, epoch()) as number };
  }

  list(input: { query?: string | undefined; kind?: ClientKind | undefined; cursor?: string | undefined; limit: number }): { items: Client[]; nextCursor: string | null } {
    const after = decodeCursor(input.cursor, (v): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string'));
    const pattern = `%${(input.query ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = this.#db
      .prepare(
        // A kind asks for what operators registered (the Devices screen): the hub's own clients
        // (console, account page, personal access tokens) are listed only without one.
        `SELECT * FROM clients
          WHERE (name LIKE :pattern ESCAPE '\\' OR client_id LIKE :pattern ESCAPE '\\')
            AND (:kind IS NULL OR (kind = :kind AND builtin = 0))
            AND (:afterName IS NULL OR (name COLLATE NOCASE, client_id) > (:afterName, :afterId))
          ORDER BY name COLLATE NOCASE, client_id LIMIT :limit`,
      )
      .all({ pattern, kind: input.kind ?? null, afterName: after?.[0] ?? null, afterId: after?.[1] ?? null, limit: input.limit + 1 }) as ClientRow[];
    const more = rows.length > input.limit;
    const items = rows.slice(0, input.limit).map((row) => this.toClient(toRecord(row)));
    const last = items.at(-1);
    return { items, nextCursor: more && last ? encodeCursor([last.name, last.clientId]) : null };
  }

  create(input: NewClient): ClientRecord {
    this.#cache.clear();
    const now = epoch();
    this.#db
      .prepare(
        `INSERT INTO clients (client_id, name, kind, public, grants, redirect_uris, post_logout_redirect_uris, backchannel_logout_uri, scopes, access_ttl, refresh_ttl, first_party, disabled, secret_hash, builtin, created_at, updated_at, password_with_second_factor, pairing_id, pending_approval)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.clientId, input.name, input.kind, input.public ? 1 : 0, JSON.stringify(input.grants), JSON.stringify(input.redirectUris),
        JSON.stringify(input.postLogoutRedirectUris ?? []), input.backchannelLogoutUri ?? null, input.scopes.join(' '), input.accessTokenTtl, input.refreshTokenTtl, input.firstParty ? 1 : 0, input.secretHash,
        input.builtin ? 1 : 0, now, now, input.passwordWithSecondFactor ? 1 : 0, input.pairingId ?? null, input.pendingApproval ? 1 : 0,
      );
    return this.find(input.clientId)!;
  }

  update(clientId: string, patch: ClientPatch): ClientRecord {
    this.#cache.clear();
    const columns: Record<string, unknown> = {};
    if (patch.name !== undefined) columns.name = patch.name;
    if (patch.grants !== undefined) columns.grants = JSON.stringify(patch.grants);
    if (patch.redirectUris !== undefined) columns.redirect_uris = JSON.stringify(patch.redirectUris);
    if (patch.postLogoutRedirectUris !== undefined) columns.post_logout_redirect_uris = JSON.stringify(patch.postLogoutRedirectUris);
    if (patch.backchannelLogoutUri !== undefined) columns.backchannel_logout_uri = patch.backchannelLogoutUri;
    if (patch.scopes !== undefined) columns.scopes = patch.scopes.join(' ');
    if (patch.accessTokenTtl !== undefined) columns.access_ttl = patch.accessTokenTtl;
    if (patch.refreshTokenTtl !== undefined) columns.refresh_ttl = patch.refreshTokenTtl;
    if (patch.firstParty !== undefined) columns.first_party = patch.firstParty ? 1 : 0;
    if (patch.passwordWithSecondFactor !== undefined) columns.password_with_second_factor = patch.passwordWithSecondFactor ? 1 : 0;
    if (patch.disabled !== undefined) columns.disabled = patch.disabled ? 1 : 0;
    if (patch.pendingApproval !== undefined) columns.pending_approval = patch.pendingApproval ? 1 : 0;
    if (patch.public !== undefined) columns.public = patch.public ? 1 : 0;
    columns.updated_at = epoch();
    const assignments = Object.keys(columns).map((column) => `${column} = @${column}`).join(', ');
    const result = this.#db.prepare(`UPDATE clients SET ${assignments} WHERE client_id = @client_id`).run({ ...columns, client_id: clientId });
    if (result.changes === 0) throw notFound(`There is no application with client id "${clientId}".`, 'clientId');
    return this.find(clientId)!;
  }

  setSecretHash(clientId: string, secretHash: string): void {
    this.#cache.clear();
    this.#db.prepare('UPDATE clients SET secret_hash = ?, updated_at = ? WHERE client_id = ?').run(secretHash, epoch(), clientId);
  }

  /**
   * Deletes the client and its registration access tokens (RFC 7592), which would otherwise stay
   * until they expire; the caller's transaction holds both, so neither outlives the other.
   */
  delete(clientId: string): void {
    this.#cache.clear();
    this.#db.prepare(`DELETE FROM oidc_models WHERE model = 'RegistrationAccessToken' AND json_extract(payload, '$.clientId') = ?`).run(clientId);
    this.#db.prepare('DELETE FROM clients WHERE client_id = ?').run(clientId);
  }

  count(): number {
    return this.#db.prepare('SELECT count(*) FROM clients WHERE builtin = 0').pluck().get() as number;
  }

  /** Records that a client was seen; written at most once a minute per client to keep the token path light. */
  touch(clientId: string): void {
    const now = epoch();
    if ((this.#lastTouched.get(clientId) ?? 0) > now - 60) return;
    this.#lastTouched.set(clientId, now);
    this.#touch.run(now, clientId);
  }
}
