// Bulk seeding of a hub's data directory through the hub's own code: clients and users through
// the store's repositories, grants and tokens through the oidc-provider adapter, exactly as the
// running hub writes them — so a schema change cannot leave the bench seeding rows the hub would
// not write. All of it is one transaction (Store.bulkLoad); the adapter's group commit of each
// chunk of tokens is a savepoint inside it. Bearer values are random 43-character strings like oidc-provider's (the adapter stores their hash);
// tokens spread over clients (skewed: a few busy ones) and users, issue and expiry times over
// each client's lifetimes.
import { randomBytes } from 'node:crypto';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { API_RESOURCE } from '../main/hub/domain/scopes.ts';
import { hashPassword } from '../main/hub/security/passwords.ts';
import { newClientId, newClientSecret, sha256 } from '../main/hub/security/secrets.ts';
import { Store } from '../main/hub/store/index.ts';
import { adapterFactory } from '../main/hub/store/oidc-adapter.ts';
import type { TokenModel } from '../main/hub/store/tokens.ts';
import { BENCH_SCOPE } from './lib/common.ts';

export type SeedPlan = { dataDir: string; tokens: number; expired: number; clients: number; users: number; onProgress?: (done: number, total: number, seconds: number) => void };
export type SeedResult = { seconds: number; tokens: number; expired: number; clients: number; users: number; grants: number; busiestClient: string; busiestClientTokens: number };

type SeededClient = { id: string; kind: 'service' | 'device' | 'first_party'; accessTtl: number; refreshTtl: number };
type SeededGrant = { id: string; clientId: string; accountId: string };

const DAY = 86_400;
const ACCESS_TTLS = [900, 3600, 3600, DAY, 7 * DAY];
const REFRESH_TTLS = [DAY, 14 * DAY, 30 * DAY];
/** The role hub-server.ts's setup creates; every seeded user holds it. */
const ROLE = 'bench';
/** Tokens handed to the adapter before waiting for their group commit (a savepoint each). */
const CHUNK = 10_000;
const PROGRESS_EVERY = 100_000;

const rand = (n: number) => Math.floor(Math.random() * n);
const pick = <T>(values: readonly T[]) => values[rand(values.length)]!;
const epochNow = () => Math.floor(Date.now() / 1000);

/** Random bearer values like oidc-provider's (43 base64url characters), cut from a large random buffer. */
function bearerValues(): () => string {
  let buffer = randomBytes(32 * 65_536);
  let offset = 0;
  return () => {
    if (offset + 32 > buffer.length) {
      buffer = randomBytes(32 * 65_536);
      offset = 0;
    }
    offset += 32;
    return buffer.subarray(offset - 32, offset).toString('base64url').slice(0, 43);
  };
}

/** 60 % devices, 30 % services, 10 % first-party apps, as the store's create() writes them. */
function seedClients(store: Store, count: number): SeededClient[] {
  const clients: SeededClient[] = [];
  for (let i = 0; i < count; i += 1) {
    const kind = i % 10 < 6 ? 'device' : i % 10 < 9 ? 'service' : 'first_party';
    const client: SeededClient = { id: newClientId(), kind, accessTtl: pick(ACCESS_TTLS), refreshTtl: pick(REFRESH_TTLS) };
    store.clients.create({
      clientId: client.id,
      name: `${kind === 'device' ? 'Thermostat' : kind === 'service' ? 'Service' : 'App'} ${String(i).padStart(5, '0')}`,
      kind,
      public: false,
      grants: kind === 'first_party' ? ['password', 'refresh_token'] : ['client_credentials'],
      redirectUris: [],
      scopes: [BENCH_SCOPE],
      accessTokenTtl: client.accessTtl,
      refreshTokenTtl: client.refreshTtl,
      firstParty: kind === 'first_party',
      secretHash: sha256(newClientSecret()),
    });
    clients.push(client);
  }
  return clients;
}

/** Users holding the bench role, all with one real scrypt hash (hashing each would take minutes). */
function seedUsers(store: Store, count: number, passwordHash: string): string[] {
  return Array.from({ length: count }, (_, i) => store.users.create({ username: `user${String(i).padStart(6, '0')}`, passwordHash, roles: [ROLE] }).id);
}

/** One grant per ten tokens, of first-party apps to users, as the provider saves a Grant. */
async function seedGrants(grantAdapter: Adapter, count: number, clients: SeededClient[], userIds: string[]): Promise<SeededGrant[]> {
  const firstParty = clients.filter((client) => client.kind === 'first_party');
  const now = epochNow();
  const ttl = 300 * DAY;
  const grants: SeededGrant[] = [];
  const writes: Promise<void>[] = [];
  for (let i = 0; i < count; i += 1) {
    const grant = { id: randomBytes(32).toString('base64url').slice(0, 43), clientId: pick(firstParty.length ? firstParty : clients).id, accountId: pick(userIds) };
    grants.push(grant);
    writes.push(grantAdapter.upsert(grant.id, { iat: now - rand(30 * DAY), exp: now + ttl, accountId: grant.accountId, clientId: grant.clientId, kind: 'Grant', jti: grant.id, resources: { [API_RESOURCE]: BENCH_SCOPE } }, ttl));
  }
  await Promise.all(writes);
  return grants;
}

/**
 * One token as the provider would save it: half client-credentials tokens of device and service
 * clients (skewed towards a few busy ones: u³), half user tokens (access 60 %, refresh 40 %)
 * through grants (u²). Live tokens have at least five minutes left; expired ones ended up to a
 * week ago.
 */
function tokenShape(clients: SeededClient[], grants: SeededGrant[], expired: boolean, now: number): { model: TokenModel; payload: AdapterPayload; expiresIn: number } {
  const age = (ttl: number) => (expired ? ttl + 1 + rand(7 * DAY) : rand(Math.max(1, ttl - 300)));
  if (Math.random() < 0.5) {
    const client = clients[Math.floor(clients.length * Math.random() ** 3)]!;
    const iat = now - age(client.accessTtl);
    const exp = iat + client.accessTtl;
    return { model: 'ClientCredentials', expiresIn: exp - now, payload: { iat, exp, scope: BENCH_SCOPE, kind: 'ClientCredentials', clientId: client.id, aud: API_RESOURCE } };
  }
  const grant = grants[Math.floor(grants.length * Math.random() ** 2)]!;
  const model = Math.random() < 0.6 ? 'AccessToken' : 'RefreshToken';
  const ttl = model === 'AccessToken' ? 3600 : 14 * DAY;
  const iat = now - age(ttl);
  const exp = iat + ttl;
  const user = { iat, exp, accountId: grant.accountId, grantId: grant.id, gty: 'password', scope: BENCH_SCOPE, kind: model, clientId: grant.clientId };
  return { model, expiresIn: exp - now, payload: model === 'AccessToken' ? { ...user, aud: API_RESOURCE } : { ...user, resource: API_RESOURCE, iiat: iat } };
}

/** Live tokens first, then expired ones; returns live tokens per client. */
async function seedTokens(adapter: (model: string) => Adapter, plan: SeedPlan, clients: SeededClient[], grants: SeededGrant[], started: number): Promise<Map<string, number>> {
  const perClient = new Map<string, number>();
  const total = plan.tokens + plan.expired;
  const bearer = bearerValues();
  for (let done = 0; done < total; ) {
    const now = epochNow();
    const writes: Promise<void>[] = [];
    for (const end = Math.min(total, done + CHUNK); done < end; done += 1) {
      const expired = done >= plan.tokens;
      const { model, payload, expiresIn } = tokenShape(clients, grants, expired, now);
      writes.push(adapter(model).upsert(bearer(), payload, expiresIn));
      if (!expired) perClient.set(payload.clientId!, (perClient.get(payload.clientId!) ?? 0) + 1);
    }
    await Promise.all(writes);
    if (done % PROGRESS_EVERY === 0 || done === total) plan.onProgress?.(done, total, (performance.now() - started) / 1000);
  }
  return perClient;
}

export async function seed(plan: SeedPlan): Promise<SeedResult> {
  const started = performance.now();
  const passwordHash = await hashPassword('seeded-user-password');
  const store = new Store(plan.dataDir);
  // This connection only: keep the indexes in memory while loading a million rows.
  store.db.pragma('cache_size = -1000000');
  try {
    const { grants, perClient } = await store.bulkLoad(async () => {
      const clients = seedClients(store, plan.clients);
      const userIds = seedUsers(store, plan.users, passwordHash);
      const adapter = adapterFactory(store.db, () => undefined);
      const grants = await seedGrants(adapter('Grant'), Math.max(1, Math.floor(plan.tokens / 10)), clients, userIds);
      return { grants, perClient: await seedTokens(adapter, plan, clients, grants, started) };
    });
    const [busiestClient, busiestClientTokens] = [...perClient].reduce((best, entry) => (entry[1] > best[1] ? entry : best), ['', 0]);
    return { seconds: (performance.now() - started) / 1000, tokens: plan.tokens, expired: plan.expired, clients: plan.clients, users: plan.users, grants: grants.length, busiestClient, busiestClientTokens };
  } finally {
    store.close();
  }
}
