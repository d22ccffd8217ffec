// Bulk seeding of a hub database: clients, users and tokens written straight into the hub's
// real schema with better-sqlite3, in one transaction with prepared statements. Rows look
// like the ones the hub writes: the adapter's payload JSON, id_hash = SHA-256 (base64url) of a
// random 43-character bearer value, tokens spread over clients (skewed: a few busy ones) and
// users, issue and expiry times spread over each client's lifetime.
import Database from 'better-sqlite3';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hashPassword } from '../main/hub/security/passwords.ts';
import { BENCH_SCOPE } from './lib/common.ts';

export type SeedPlan = { dbFile: string; tokens: number; expired: number; clients: number; users: number; onProgress?: (done: number, total: number, seconds: number) => void };
export type SeedResult = { seconds: number; tokens: number; expired: number; clients: number; users: number; grants: number; busiestClient: string; busiestClientTokens: number };

const ACCESS_TTLS = [900, 3600, 3600, 86_400, 7 * 86_400];
const REFRESH_TTLS = [86_400, 14 * 86_400, 30 * 86_400];

/** A bearer value like oidc-provider's (43 base64url characters) and its stored hash. */
function tokenHash(pool: { buffer: Buffer; offset: number }): string {
  if (pool.offset + 32 > pool.buffer.length) {
    pool.buffer = randomBytes(32 * 65_536);
    pool.offset = 0;
  }
  const value = pool.buffer.subarray(pool.offset, pool.offset + 32).toString('base64url').slice(0, 43);
  pool.offset += 32;
  return createHash('sha256').update(value).digest('base64url');
}

export async function seed(plan: SeedPlan): Promise<SeedResult> {
  const started = performance.now();
  const passwordHash = await hashPassword('seeded-user-password'); // one real hash, shared
  const db = new Database(plan.dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('cache_size = -1000000'); // this connection only: keep the indexes in memory while loading
  const now = Math.floor(Date.now() / 1000);
  const rand = (n: number) => Math.floor(Math.random() * n);
  const pick = <T>(values: readonly T[]) => values[rand(values.length)]!;

  const insertClient = db.prepare(
    `INSERT INTO clients (client_id, name, kind, public, grants, redirect_uris, scopes, access_ttl, refresh_ttl, first_party, disabled, secret_hash, builtin, created_at, updated_at, last_seen_at)
     VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?, ?, ?)`,
  );
  const insertUser = db.prepare('INSERT INTO users (id, username, password_hash, disabled, created_at, updated_at, last_login_at) VALUES (?, ?, ?, 0, ?, ?, ?)');
  const insertUserRole = db.prepare("INSERT INTO user_roles (user_id, role_name) VALUES (?, 'bench')");
  const insertToken = db.prepare(
    `INSERT INTO tokens (id_hash, model, client_id, account_id, grant_id, scope, issued_at, expires_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertGrant = db.prepare("INSERT INTO oidc_models (model, id, payload, grant_id, expires_at) VALUES ('Grant', ?, ?, NULL, ?)");

  type SeededClient = { id: string; kind: 'service' | 'device' | 'first_party'; accessTtl: number; refreshTtl: number };
  const clients: SeededClient[] = [];
  const userIds: string[] = [];
  const grants: { id: string; clientId: string; accountId: string }[] = [];
  const perClient = new Map<string, number>();
  const total = plan.tokens + plan.expired;
  let done = 0;

  db.transaction(() => {
    for (let i = 0; i < plan.clients; i += 1) {
      const kind = i % 10 < 6 ? 'device' : i % 10 < 9 ? 'service' : 'first_party';
      const client: SeededClient = { id: randomBytes(12).toString('base64url'), kind, accessTtl: pick(ACCESS_TTLS), refreshTtl: pick(REFRESH_TTLS) };
      clients.push(client);
      const grantsJson = JSON.stringify(kind === 'first_party' ? ['password', 'refresh_token'] : ['client_credentials']);
      const created = now - rand(365 * 86_400);
      insertClient.run(client.id, `${kind === 'device' ? 'Thermostat' : kind === 'service' ? 'Service' : 'App'} ${String(i).padStart(5, '0')}`, kind, grantsJson, '[]', BENCH_SCOPE,
        client.accessTtl, client.refreshTtl, kind === 'first_party' ? 1 : 0, createHash('sha256').update(randomBytes(32)).digest('base64url'), created, created, now - rand(86_400));
    }
    for (let i = 0; i < plan.users; i += 1) {
      const id = randomUUID();
      userIds.push(id);
      const created = now - rand(365 * 86_400);
      insertUser.run(id, `user${String(i).padStart(6, '0')}`, passwordHash, created, created, now - rand(7 * 86_400));
      insertUserRole.run(id);
    }
    const firstParty = clients.filter((client) => client.kind === 'first_party');
    for (let i = 0; i < Math.max(1, Math.floor(plan.tokens / 10)); i += 1) {
      const grant = { id: randomBytes(32).toString('base64url').slice(0, 43), clientId: pick(firstParty.length ? firstParty : clients).id, accountId: pick(userIds) };
      grants.push(grant);
      insertGrant.run(grant.id, JSON.stringify({ iat: now - rand(30 * 86_400), exp: now + 300 * 86_400, accountId: grant.accountId, clientId: grant.clientId, kind: 'Grant', jti: grant.id, resources: { 'urn:lanyard:api': BENCH_SCOPE } }), now + 300 * 86_400);
    }

    const random = { buffer: randomBytes(32 * 65_536), offset: 0 };
    for (let i = 0; i < total; i += 1) {
      const expired = i >= plan.tokens;
      // Half client-credentials tokens of device/service clients (skewed towards a few busy
      // ones: u³), half user tokens (access 60 %, refresh 40 %) through grants.
      let model: 'ClientCredentials' | 'AccessToken' | 'RefreshToken';
      let clientId: string;
      let accountId: string | null = null;
      let grantId: string | null = null;
      let ttl: number;
      if (Math.random() < 0.5) {
        model = 'ClientCredentials';
        const client = clients[Math.floor(clients.length * Math.random() ** 3)]!;
        clientId = client.id;
        ttl = client.accessTtl;
      } else {
        const grant = grants[Math.floor(grants.length * Math.random() ** 2)]!;
        model = Math.random() < 0.6 ? 'AccessToken' : 'RefreshToken';
        clientId = grant.clientId;
        accountId = grant.accountId;
        grantId = grant.id;
        ttl = model === 'AccessToken' ? 3600 : 14 * 86_400;
      }
      const age = expired ? ttl + 1 + rand(7 * 86_400) : rand(Math.max(1, ttl - 300));
      const iat = now - age;
      const exp = iat + ttl;
      const payload =
        model === 'ClientCredentials'
          ? { iat, exp, scope: BENCH_SCOPE, kind: model, clientId, aud: 'urn:lanyard:api' }
          : model === 'AccessToken'
            ? { iat, exp, accountId, grantId, gty: 'password', scope: BENCH_SCOPE, kind: model, clientId, aud: 'urn:lanyard:api' }
            : { iat, exp, accountId, grantId, gty: 'password', scope: BENCH_SCOPE, resource: 'urn:lanyard:api', kind: model, clientId, iiat: iat };
      insertToken.run(tokenHash(random), model, clientId, accountId, grantId, BENCH_SCOPE, iat, exp, JSON.stringify(payload));
      if (!expired) perClient.set(clientId, (perClient.get(clientId) ?? 0) + 1);
      done += 1;
      if (done % 100_000 === 0) plan.onProgress?.(done, total, (performance.now() - started) / 1000);
    }
  })();
  db.close();
  let busiestClient = '';
  let busiestClientTokens = 0;
  for (const [clientId, count] of perClient) if (count > busiestClientTokens) [busiestClient, busiestClientTokens] = [clientId, count];
  return { seconds: (performance.now() - started) / 1000, tokens: plan.tokens, expired: plan.expired, clients: plan.clients, users: plan.users, grants: grants.length, busiestClient, busiestClientTokens };
}
