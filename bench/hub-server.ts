// The hub under test, in its own process: createHub on a data directory, exactly as
// `lanyard serve` runs it, plus a few bench-only operations over IPC (setup, minting
// authorization codes, in-process admin timings, purge timing).
//   node bench/hub-server.ts <dataDir> [consoleDir]
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHub } from '../main/hub/index.ts';
import { EventBus } from '../main/hub/events.ts';
import { loadKeys } from '../main/hub/oauth/keys.ts';
import { loadMasterKey } from '../main/hub/security/keyring.ts';
import { createModelCodec } from '../main/hub/security/model-codec.ts';
import { registerPasswordGrant } from '../main/hub/oauth/grants/password.ts';
import { createProvider } from '../main/hub/oauth/provider.ts';
import { DEFAULT_SETTINGS } from '../main/hub/options.ts';
import { Store } from '../main/hub/store/index.ts';
import { DB_FILE } from '../main/hub/store/db.ts';
import { serve } from './lib/ipc.ts';
import { profilerOps } from './lib/profiler.ts';
import { mintAuthorizationCodes, serveMint } from './lib/mint.ts';
import { ACCESS_TTL, BENCH_SCOPE, PASSWORD, REDIRECT_URI, REFRESH_TTL, USERNAME, type Credentials } from './lib/common.ts';

const dataDir = process.argv[2] ?? '';
if (!dataDir) throw new Error('usage: hub-server.ts <dataDir> [consoleDir]');
// A console build to serve at /console/ (bench/console.ts); without it, whatever createHub finds.
const consoleDir = process.argv[3] || undefined;

const hub = await createHub({ dataDir, host: '127.0.0.1', port: 0, ...(consoleDir ? { consoleDir } : {}) });
const { url, issuer } = await hub.listen();

let minter: { provider: ReturnType<typeof createProvider>; store: Store } | undefined;
let credentials: Credentials | undefined;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
};

async function mintCodes(count: number): Promise<string[]> {
  const clientId = credentials!.clientId;
  if (!minter) {
    const store = new Store(dataDir);
    store.db.pragma('wal_autocheckpoint = 0'); // the hub's checkpoint worker folds this connection's writes too
    const masterKey = loadMasterKey(dataDir);
    const provider = createProvider({ issuer, urls: [], store, events: new EventBus(store), keys: loadKeys(store, masterKey), codec: createModelCodec(masterKey), onServerError: () => {} });
    // The client's metadata names the password grant: the provider must know it.
    registerPasswordGrant(provider, { store, authenticate: async () => ({ ok: false, reason: 'invalid' }), settings: () => DEFAULT_SETTINGS });
    minter = { store, provider };
  }
  const { provider, store } = minter;
    return mintAuthorizationCodes(provider, { clientId, accountId: store.users.findByUsername(USERNAME)!.id, count });
}

const mintUrl = await serveMint(mintCodes);

serve(
  {
    ...profilerOps(),

    /**
     * Automatic backups off: the first one runs 60 s after start in a worker thread, and under
     * valgrind (bench/profile.ts --callgrind) it would land in the counted requests.
     */
    async noAutomaticBackups() {
      await hub.admin.run('settings.update', { backupIntervalHours: 0 }, 'bench');
      return true;
    },

    /** Creates the bench client, role and user through the admin service; returns credentials. */
    async setup(): Promise<Credentials> {
      const created = await hub.admin.run(
        'clients.create',
        {
          kind: 'web',
          name: 'Bench client',
          grants: ['authorization_code', 'refresh_token', 'password', 'client_credentials'],
          redirectUris: [REDIRECT_URI],
          scopes: [BENCH_SCOPE],
          accessTokenTtl: ACCESS_TTL,
          refreshTokenTtl: REFRESH_TTL,
          firstParty: true,
        },
        'bench',
      );
      await hub.admin.run('roles.create', { name: 'bench', scopes: [BENCH_SCOPE] }, 'bench');
      await hub.admin.run('users.create', { username: USERNAME, password: PASSWORD, roles: ['bench'] }, 'bench');
      credentials = { clientId: created.client.clientId, clientSecret: created.clientSecret!, username: USERNAME, password: PASSWORD };
      return credentials;
    },

    /** An account with the admin role, to sign in to the console on the hub's login page. */
    async addAdmin({ username, password }: { username: string; password: string }) {
      await hub.admin.run('users.create', { username, password, roles: ['admin'] }, 'bench');
      return true;
    },

    /** After a restart on a data directory set up before. */
    use(given: Credentials) {
      credentials = given;
      return true;
    },

    /**
     * Mints `count` authorization codes the way the authorization endpoint does at the end of
     * a login + consent: a saved Grant and AuthorizationCode models, through a second provider
     * instance on the same database (the hub does not expose its own). PKCE S256.
     */
    mintCodes: ({ count }: { count: number }) => mintCodes(count),


    /** Admin `tokens.list` timings, in process: first page, and a deep page by following cursors. */
    async adminTimings({ clientId, depth, calls }: { clientId: string; depth: number; calls: number }) {
      const time = async (input: unknown) => {
        const t0 = performance.now();
        const page = await hub.admin.run('tokens.list', input, 'bench');
        return { ms: performance.now() - t0, page };
      };
      const first: number[] = [];
      let firstCount = 0;
      for (let i = 0; i < calls; i += 1) {
        const { ms, page } = await time({ limit: 50 });
        first.push(ms);
        firstCount = page.items.length;
      }
      // Follow cursors with the client filter down to page `depth` (or the last one).
      let cursor: string | undefined;
      let reached = 1;
      const walk: number[] = [];
      for (; reached < depth; reached += 1) {
        const { ms, page } = await time({ clientId, limit: 50, cursor });
        walk.push(ms);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      const deep: number[] = [];
      let deepCount = 0;
      for (let i = 0; i < calls; i += 1) {
        const { ms, page } = await time({ clientId, limit: 50, cursor });
        deep.push(ms);
        deepCount = page.items.length;
      }
      const countT0 = performance.now();
      const live = (await hub.admin.run('tokens.count', {}, 'bench')).count;
      const countMs = performance.now() - countT0;
      return { firstPage: { ...summary(first), items: firstCount }, deepPage: { ...summary(deep), items: deepCount, page: reached + 1, walk: summary(walk.length ? walk : [0]) }, count: { live, ms: countMs } };
    },

    async purge() {
      const t0 = performance.now();
      const removed = await hub.purgeExpired();
      return { removed, ms: performance.now() - t0 };
    },

    dbSize() {
      const size = (file: string) => { try { return statSync(join(dataDir, file)).size; } catch { return 0; } };
      return { db: size(DB_FILE), wal: size(`${DB_FILE}-wal`), shm: size(`${DB_FILE}-shm`) };
    },

    memory: () => process.memoryUsage(),

    async close() {
      minter?.store.close();
      await hub.close();
      setImmediate(() => process.exit(0));
      return true;
    },
  },
  { url, issuer, mintUrl },
);
