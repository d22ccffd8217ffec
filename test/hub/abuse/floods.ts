// The floods of the abuse suite, each a function that sets up what it needs on a real
// `lanyard serve`, runs for a few seconds and returns its figures. The tests assert on the
// figures; figures.ts prints them for any checkout (how the "before" column was measured).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import {
  ROOT,
  call,
  cli,
  cliAsync,
  cliJson,
  closeAgents,
  dbBytes,
  flood,
  legitimateClient,
  modelRows,
  readDb,
  removeDir,
  serve,
  sleep,
  sources,
  tempDataDir,
  writeSettings,
  type FloodResult,
  type LegitResult,
  type ServeChild,
} from './harness.ts';

const PASSWORD = 'owner-password-1';
const REDIRECT = 'https://planner.example/callback';

export type Scenario = {
  dataDir: string;
  hub: ServeChild;
  service: { clientId: string; secret: string };
  app: { clientId: string; secret: string };
  web: { clientId: string };
  publicDevice: { clientId: string };
  stop(): Promise<void>;
};

/** Limits sized so an idle-socket flood and its recovery fit in seconds (a checkout without them ignores these). */
export const SOCKET_TEST_SETTINGS: Record<string, unknown> = { limits: { headersTimeoutSeconds: 2, maxConnections: 500, connectionsPerAddress: 100 } };

type Created = { client_id: string; client_secret: string };
type Seeded = { service: Created; app: Created; web: Created; publicDevice: Created };
const THIS_CHECKOUT = join(import.meta.dirname, '..', '..', '..');
const CLIENTS = {
  service: { kind: 'service', name: 'Thermostat', grants: ['client_credentials'], scopes: ['lights:read'] },
  app: { kind: 'first_party', name: 'Wall panel', grants: ['password', 'refresh_token'], scopes: ['lights:read', 'lanyard:admin'], firstParty: true },
  web: { kind: 'spa', public: true, name: 'Planner', grants: ['authorization_code'], redirectUris: [REDIRECT], scopes: ['lights:read'] },
  publicDevice: { kind: 'device', public: true, name: 'Kitchen display', grants: ['device_code'], scopes: ['lights:read'] },
} as const;

/** The same setup through the admin service of this checkout: seconds faster than five CLI processes. */
async function seedInProcess(dataDir: string): Promise<Seeded> {
  const { openAdmin } = await import('../../../main/hub/admin/open.ts');
  const { admin, close } = openAdmin(dataDir);
  try {
    await admin.run('users.create', { username: 'admin', password: PASSWORD, roles: ['admin'] }, 'test');
    const created: Record<string, Created> = {};
    for (const [key, input] of Object.entries(CLIENTS)) {
      const { client, clientSecret } = await admin.run('clients.create', input, 'test');
      created[key] = { client_id: client.clientId, client_secret: clientSecret ?? '' };
    }
    return created as Seeded;
  } finally {
    close();
  }
}

/** Through the `lanyard` command, which any checkout has (how "before" was measured). */
async function seedWithCli(dataDir: string): Promise<Seeded> {
  cli(dataDir, ['role', 'list']); // creates the database, so the commands below may run at once
  const add = (input: (typeof CLIENTS)[keyof typeof CLIENTS]) =>
    cliJson<Created>(dataDir, ['client', 'add', '--name', input.name, '--grants', input.grants.join(','), '--scopes', input.scopes.join(' '), '--kind', input.kind, ...('public' in input ? ['--public'] : []), ...('firstParty' in input ? ['--first-party'] : []), ...('redirectUris' in input ? input.redirectUris.flatMap((uri) => ['--redirect-uri', uri]) : [])]);
  const [, service, app, web, publicDevice] = await Promise.all([
    cliJson(dataDir, ['user', 'add', 'admin', '--role', 'admin', '--password-stdin'], PASSWORD),
    add(CLIENTS.service),
    add(CLIENTS.app),
    add(CLIENTS.web),
    add(CLIENTS.publicDevice),
  ]);
  return { service, app, web, publicDevice };
}

/** A hub with an admin, a service, a first-party app, a web app and a public device client. */
export async function scenario(options: { settings?: Record<string, unknown>; seed?: (dataDir: string) => void } = {}): Promise<Scenario> {
  const dataDir = tempDataDir();
  const { service, app, web, publicDevice } = ROOT === THIS_CHECKOUT ? await seedInProcess(dataDir) : await seedWithCli(dataDir);
  if (options.settings) writeSettings(dataDir, options.settings);
  options.seed?.(dataDir);
  const self: Scenario = {
    dataDir,
    hub: await serve(dataDir),
    service: { clientId: service.client_id, secret: service.client_secret },
    app: { clientId: app.client_id, secret: app.client_secret },
    web: { clientId: web.client_id },
    publicDevice: { clientId: publicDevice.client_id },
    async stop() {
      closeAgents();
      await self.hub.stop();
      removeDir(dataDir);
    },
  };
  return self;
}

export type Figures = {
  flood: FloodResult;
  rowsBefore: Record<string, number>;
  rowsAfter: Record<string, number>;
  /** Database (+WAL) growth, KB. */
  dbKb: number;
  /** Log growth, KB. */
  logKb: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  legit: LegitResult;
  extra: Record<string, unknown>;
};

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** Runs `work` (a flood) with a legitimate client alongside and measures around it. */
async function measured(s: Scenario, work: () => Promise<FloodResult>, extra: () => Promise<Record<string, unknown>> = async () => ({})): Promise<Figures> {
  const rowsBefore = modelRows(s.dataDir);
  const db = dbBytes(s.dataDir);
  const log = s.hub.logBytes();
  const rssBeforeMb = Math.round(s.hub.rssMb());
  const legit = legitimateClient(s.hub.url, s.service);
  const result = await work();
  const legitResult = await legit.stop();
  await sleep(300); // let group commits land
  return {
    flood: result,
    rowsBefore,
    rowsAfter: modelRows(s.dataDir),
    dbKb: Math.round((dbBytes(s.dataDir) - db) / 1024),
    logKb: Math.round((s.hub.logBytes() - log) / 1024),
    rssBeforeMb,
    rssAfterMb: Math.round(s.hub.rssMb()),
    legit: legitResult,
    extra: await extra(),
  };
}

export type FloodOptions = { durationMs?: number; addresses?: number; concurrency?: number };
const defaults = (options: FloodOptions) => ({ durationMs: options.durationMs ?? 3000, addresses: options.addresses ?? 8, concurrency: options.concurrency ?? 4 });

/** GET /logout and GET /device from many addresses: each used to store a 14-day session. */
export async function sessionFlood(s: Scenario, path: '/logout' | '/device', block: number, options: FloodOptions = {}): Promise<Figures> {
  const o = defaults(options);
  return measured(s, () => flood(s.hub.url, { from: sources(block, o.addresses), concurrency: o.concurrency, durationMs: o.durationMs, maxRequests: 100_000, make: () => ({ path }) }));
}

function pkceChallenge(): string {
  return createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
}

/** GET /authorize for a real public client: each request stores an interaction. */
export async function authorizeFlood(s: Scenario, block: number, options: FloodOptions = {}): Promise<Figures> {
  const o = defaults(options);
  const query = (n: number) => new URLSearchParams({ client_id: s.web.clientId, response_type: 'code', redirect_uri: REDIRECT, scope: 'lights:read', state: String(n), code_challenge: pkceChallenge(), code_challenge_method: 'S256' });
  return measured(s, () => flood(s.hub.url, { from: sources(block, o.addresses), concurrency: o.concurrency, durationMs: o.durationMs, maxRequests: 100_000, make: (n) => ({ path: `/authorize?${query(n)}` }) }));
}

/** A password-grant token with the console scope: what an operator's console holds. */
async function adminToken(s: Scenario): Promise<string> {
  const body = new URLSearchParams({ grant_type: 'password', client_id: s.app.clientId, client_secret: s.app.secret, username: 'admin', password: PASSWORD, scope: 'lanyard:admin' });
  const answer = await call(s.hub.url, '127.0.0.1', { method: 'POST', path: '/token', headers: FORM, body: body.toString() });
  if (answer.status !== 200) throw new Error(`admin token: ${answer.status} ${answer.body}`);
  return (JSON.parse(answer.body) as { access_token: string }).access_token;
}

/**
 * POST /device/auth with a public device client's id (not a secret), while an operator's
 * console polls the pending-devices list as the Devices screen does.
 */
export async function deviceCodeFlood(s: Scenario, block: number, options: FloodOptions = {}): Promise<Figures> {
  const o = defaults(options);
  const token = await adminToken(s);
  const pendingTimes: number[] = [];
  let pendingCount = 0;
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const started = performance.now();
      const answer = await call(s.hub.url, '127.0.0.1', { method: 'POST', path: '/console/api/devices.pending', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' }, 30_000);
      pendingTimes.push(performance.now() - started);
      if (answer.status === 200) pendingCount = ((JSON.parse(answer.body) as { value?: unknown[] }).value ?? []).length;
      await sleep(250);
    }
  })();
  const figures = await measured(
    s,
    () => flood(s.hub.url, { from: sources(block, o.addresses), concurrency: o.concurrency, durationMs: o.durationMs, maxRequests: 100_000, make: () => ({ method: 'POST', path: '/device/auth', headers: FORM, body: `client_id=${s.publicDevice.clientId}&scope=lights:read` }) }),
    async () => {
      watching = false;
      await watcher;
      pendingTimes.sort((a, b) => a - b);
      return { pendingListed: pendingCount, pendingMaxMs: Math.round(pendingTimes.at(-1) ?? 0), pendingCalls: pendingTimes.length };
    },
  );
  return figures;
}

/** Adds `scopes` scopes and `clients` clients each holding a few of them, straight into SQLite. */
export function seedScale(dataDir: string, scopes: number, clients: number): void {
  const db = new Database(join(dataDir, 'lanyard.db'));
  try {
    db.transaction(() => {
      const scope = db.prepare('INSERT OR IGNORE INTO scopes (name, description) VALUES (?, ?)');
      for (let i = 0; i < scopes; i += 1) scope.run(`scale:${i}`, `Scale scope ${i}`);
      const client = db.prepare(
        `INSERT INTO clients (client_id, name, kind, public, grants, redirect_uris, scopes, access_ttl, refresh_ttl, first_party, disabled, secret_hash, builtin, created_at, updated_at)
         VALUES (?, ?, 'service', 0, '["client_credentials"]', '[]', ?, 3600, 1209600, 0, 0, ?, 0, 0, 0)`,
      );
      for (let i = 0; i < clients; i += 1) client.run(`scale-client-${i}`, `Scale client ${i}`, `scale:${i % scopes} scale:${(i * 7) % scopes} lights:read`, createHash('sha256').update(`secret-${i}`).digest('base64url'));
    })();
  } finally {
    db.close();
  }
}

/**
 * Discovery with many scopes × clients, fetched by many addresses, while read-only CLI
 * commands run against the same data directory.
 */
export async function discoveryFlood(s: Scenario, block: number, options: FloodOptions = {}): Promise<Figures> {
  const o = defaults(options);
  const cliRuns: { code: number | null; ms: number; stderr: string }[] = [];
  return measured(
    s,
    async () => {
      const cliLoop = (async () => {
        const deadline = performance.now() + o.durationMs;
        while (performance.now() < deadline && cliRuns.length < 5) cliRuns.push(await cliAsync(s.dataDir, ['role', 'list']));
      })();
      const result = await flood(s.hub.url, { from: sources(block, o.addresses), concurrency: o.concurrency, durationMs: o.durationMs, maxRequests: 100_000, make: () => ({ path: '/.well-known/openid-configuration' }) });
      await cliLoop;
      return result;
    },
    async () => ({ cliRuns: cliRuns.length, cliFailures: cliRuns.filter((run) => run.code !== 0).length, cliMaxMs: Math.round(Math.max(0, ...cliRuns.map((run) => run.ms))) }),
  );
}

/** One address posts `usernames` different usernames at once to the password grant. */
export async function passwordSpray(s: Scenario, from: string, usernames: number): Promise<{ checked: number; refused: number; other: number; statuses: Record<string, number>; ms: number }> {
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: usernames }, (_, i) =>
      call(s.hub.url, from, { method: 'POST', path: '/token', headers: FORM, body: new URLSearchParams({ grant_type: 'password', client_id: s.app.clientId, client_secret: s.app.secret, username: `guess-${i}`, password: 'wrong-password-1' }).toString() }, 60_000),
    ),
  );
  const statuses: Record<string, number> = {};
  let checked = 0;
  let refused = 0;
  for (const answer of answers) {
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    if (/Wrong username or password/i.test(answer.body)) checked += 1;
    else if (answer.status === 429 || /try again/i.test(answer.body)) refused += 1;
  }
  return { checked, refused, other: usernames - checked - refused, statuses, ms: Math.round(performance.now() - started) };
}

/** A guessing device fails `guesses` times as admin; can the owner still sign in from elsewhere? */
export async function ownerLockout(s: Scenario, attacker: string, owner: string, guesses: number): Promise<{ ownerStatus: number; ownerBody: string; attackerLast: string }> {
  const grant = (password: string) => new URLSearchParams({ grant_type: 'password', client_id: s.app.clientId, client_secret: s.app.secret, username: 'admin', password, scope: 'lanyard:admin' }).toString();
  let attackerLast = '';
  for (let i = 0; i < guesses; i += 1) attackerLast = (await call(s.hub.url, attacker, { method: 'POST', path: '/token', headers: FORM, body: grant(`wrong-${i}-password`) }, 30_000)).body;
  const owner_ = await call(s.hub.url, owner, { method: 'POST', path: '/token', headers: FORM, body: grant(PASSWORD) }, 30_000);
  return { ownerStatus: owner_.status, ownerBody: owner_.body.slice(0, 200), attackerLast: attackerLast.slice(0, 200) };
}

/** GET /device/auth: it used to answer 500 and log a stack trace each time. */
export async function deviceAuthGetFlood(s: Scenario, block: number, options: FloodOptions = {}): Promise<Figures> {
  const o = defaults(options);
  return measured(s, () => flood(s.hub.url, { from: sources(block, o.addresses), concurrency: o.concurrency, durationMs: o.durationMs, maxRequests: 100_000, make: () => ({ path: '/device/auth' }) }));
}

/** The same oversized JSON body at /token, chunked and with Content-Length. */
export async function oversizedBodies(s: Scenario): Promise<Record<string, number>> {
  const big = JSON.stringify({ grant_type: 'client_credentials', client_id: s.service.clientId, client_secret: s.service.secret, padding: 'x'.repeat(80 * 1024) });
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: s.service.clientId, client_secret: s.service.secret, padding: 'x'.repeat(80 * 1024) }).toString();
  const result: Record<string, number> = {};
  for (const path of ['/token', '/v2/oauth2/token']) {
    for (const chunked of [false, true]) {
      result[`json ${path} ${chunked ? 'chunked' : 'sized'}`] = (await call(s.hub.url, '127.0.0.1', { method: 'POST', path, headers: { 'Content-Type': 'application/json' }, body: big, chunked })).status;
      result[`form ${path} ${chunked ? 'chunked' : 'sized'}`] = (await call(s.hub.url, '127.0.0.1', { method: 'POST', path, headers: FORM, body: form, chunked })).status;
    }
  }
  return result;
}

/** Refused token requests from many addresses: each address under its own throttle used to add its own rows. */
export async function auditFlood(s: Scenario, block: number, options: FloodOptions & { addresses?: number } = {}): Promise<Figures> {
  const o = { durationMs: options.durationMs ?? 3000, addresses: options.addresses ?? 200, concurrency: options.concurrency ?? 1 };
  return measured(s, () =>
    flood(s.hub.url, {
      from: sources(block, o.addresses),
      concurrency: o.concurrency,
      durationMs: o.durationMs,
      maxRequests: o.addresses * 40,
      make: () => ({ method: 'POST', path: '/token', headers: FORM, body: `grant_type=client_credentials&client_id=${s.service.clientId}&client_secret=wrong` }),
    }),
  );
}

/**
 * Opens `count` silent sockets from 16 addresses and holds them while a legitimate client
 * tries; then waits (bounded) for the hub to close them and tries again.
 */
export async function idleSockets(s: Scenario, block: number, count: number, holdMs: number): Promise<{ opened: number; heldAtStart: number; legitDuring: LegitResult; legitAfter: LegitResult; closedByHub: number; openAfterWait: number }> {
  const port = Number(new URL(s.hub.url).port);
  const from = sources(block, 16);
  const sockets: Socket[] = [];
  let closedByHub = 0;
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      new Promise<void>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port, localAddress: from[i % from.length] });
        socket.on('connect', () => resolve());
        socket.on('error', () => resolve());
        socket.on('close', () => {
          closedByHub += 1;
          resolve();
        });
        sockets.push(socket);
      }),
    ),
  );
  const openAtHub = () => establishedAtServer(port) ?? sockets.length - closedByHub;
  const heldAtStart = openAtHub(); // the measure below sees the flood: the hub held these at first
  const during = legitimateClient(s.hub.url, s.service, { pauseMs: 50, maxAttempts: 40 });
  await sleep(holdMs);
  const legitDuring = await during.stop();
  closeAgents(); // the legitimate client's keep-alive sockets are not the flood's
  for (let waited = 0; waited < 40_000 && openAtHub() > 0; waited += 250) await sleep(250);
  const openAfterWait = openAtHub();
  const closedByTheHub = closedByHub; // before ours are destroyed below
  for (const socket of sockets) socket.destroy();
  const after = legitimateClient(s.hub.url, s.service, { pauseMs: 20, maxAttempts: 20 });
  await sleep(1000);
  return { opened: count, heldAtStart, legitDuring, legitAfter: await after.stop(), closedByHub: closedByTheHub, openAfterWait };
}

/**
 * How many TCP connections the server listening on 127.0.0.1:`port` holds established, as the
 * kernel lists them (/proc/net/tcp; undefined elsewhere). The client's own count is no measure:
 * when thousands connect at once and the accept queue is full, the kernel ignores a handshake's
 * last ACK, so the client believes it is connected while the server holds nothing (a SYN_RECV
 * entry the kernel drops after its SYN-ACK retries, ~1 min); such sockets never close by themselves.
 */
function establishedAtServer(port: number): number | undefined {
  let table: string;
  try {
    table = readFileSync('/proc/net/tcp', 'utf8');
  } catch {
    return undefined;
  }
  const local = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const ESTABLISHED = '01';
  return table
    .split('\n')
    .slice(1)
    .filter((line) => {
      const [, localAddress, , state] = line.trim().split(/\s+/);
      return localAddress?.endsWith(local) && state === ESTABLISHED;
    }).length;
}

/** Sends a body shorter than its Content-Length and measures how long the hub keeps the socket. */
export function shortBody(s: Scenario, path = '/token', limitMs = 120_000): Promise<number> {
  const port = Number(new URL(s.hub.url).port);
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant_type`);
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(limitMs);
    }, limitMs);
    socket.on('data', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Math.round(performance.now() - started));
    });
    socket.on('error', () => {});
  });
}

/** Password-grant logins: how long each one's Grant row is kept. */
export async function loginGrants(s: Scenario, logins: number): Promise<{ grants: number; longestGrantDays: number; longestTokenDays: number }> {
  const body = new URLSearchParams({ grant_type: 'password', client_id: s.app.clientId, client_secret: s.app.secret, username: 'admin', password: PASSWORD, scope: 'lanyard:admin' }).toString();
  for (let i = 0; i < logins; i += 1) await call(s.hub.url, '127.0.0.1', { method: 'POST', path: '/token', headers: FORM, body });
  await sleep(300);
  const now = Math.floor(Date.now() / 1000);
  return readDb(s.dataDir, (db) => ({
    grants: db.prepare("SELECT count(*) FROM oidc_models WHERE model = 'Grant'").pluck().get() as number,
    longestGrantDays: Math.round((((db.prepare("SELECT max(expires_at) FROM oidc_models WHERE model = 'Grant'").pluck().get() as number) - now) / 86_400) * 10) / 10,
    longestTokenDays: Math.round((((db.prepare('SELECT max(expires_at) FROM tokens').pluck().get() as number) - now) / 86_400) * 10) / 10,
  }));
}

/**
 * Bounded token load; kill -9 the hub mid-load; restart; introspect every token the hub
 * answered 200 for. Also how many of the dashboard's counted tokens survived.
 */
export async function killNine(s: Scenario, durationMs: number): Promise<{ acknowledged: number; active: number; counted: number; ackedMsBeforeKill: number[]; hub: ServeChild }> {
  const basic = Buffer.from(`${s.service.clientId}:${s.service.secret}`).toString('base64');
  const acknowledged: string[] = [];
  const ackedAt: number[] = [];
  const deadline = performance.now() + durationMs;
  let killed = false;
  let killedAt = 0;
  const worker = async () => {
    while (!killed && acknowledged.length < 20_000) {
      const answer = await call(s.hub.url, '127.0.0.1', { method: 'POST', path: '/token', headers: { ...FORM, Authorization: `Basic ${basic}` }, body: 'grant_type=client_credentials' }, 5000);
      if (answer.status === 200) {
        acknowledged.push((JSON.parse(answer.body) as { access_token: string }).access_token);
        ackedAt.push(performance.now());
      }
      if (performance.now() > deadline && !killed) {
        killed = true;
        killedAt = performance.now();
        await s.hub.kill9();
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  closeAgents();
  const hub = await serve(s.dataDir);
  let active = 0;
  for (let i = 0; i < acknowledged.length; i += 32) {
    const answers = await Promise.all(
      acknowledged.slice(i, i + 32).map((token) => call(hub.url, '127.0.0.1', { method: 'POST', path: '/introspect', headers: { ...FORM, Authorization: `Basic ${basic}` }, body: `token=${token}` })),
    );
    active += answers.filter((answer) => answer.status === 200 && (JSON.parse(answer.body) as { active: boolean }).active).length;
  }
  const counted = readDb(s.dataDir, (db) => (db.prepare('SELECT coalesce(sum(issued), 0) FROM metrics_minutes').pluck().get() as number));
  return { acknowledged: acknowledged.length, active, counted, ackedMsBeforeKill: ackedAt.map((at) => killedAt - at), hub };
}
