// Configuration as code on real hubs: export → import into an empty hub → export gives the same
// file, and the imported secrets and passwords work there; imports are idempotent, planned,
// all-or-nothing, keep secrets, delete only with prune, follow the admin service's rules, and
// name the offending field of an invalid file.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, parseConfig, toYaml } from '../../../main/hub/config/document.ts';
import { exportConfig } from '../../../main/hub/config/export.ts';
import { importConfig, type ImportResult } from '../../../main/hub/config/import.ts';
import { EventBus } from '../../../main/hub/events.ts';
import { Store } from '../../../main/hub/store/index.ts';
import { insecure, removeDataDir, startHub, type TestHub } from '../../support/hub.ts';

vi.setConfig({ testTimeout: 120_000 });

const hubs: TestHub[] = [];
let source: TestHub;
let exported: string;
let withUsers: string;
let thermostat: { clientId: string; secret: string };
let panel: { clientId: string; secret: string };
/** The guest's account ends then (a whole second, as the hub stores it). */
const VISITOR_UNTIL = new Date(Math.floor(Date.now() / 1000 + 3 * 86_400) * 1000).toISOString();

async function hub(): Promise<TestHub> {
  const t = await startHub({ backupSchedule: { firstCheckMs: 3600_000 } });
  hubs.push(t);
  return t;
}

/** Runs an import as the CLI does: its own connection, the hub's rules. */
function importInto(t: TestHub, yaml: string, options: { dryRun?: boolean; prune?: boolean } = {}): ImportResult {
  const store = storeOf(t);
  return importConfig({ store, events: new EventBus(store) }, parseConfig(yaml), { dryRun: false, prune: false, actor: 'test', ...options });
}
const stores = new Map<TestHub, Store>();
/** A second connection to the hub's database, as the CLI has: the hub sees its writes at once. */
function storeOf(t: TestHub): Store {
  if (!stores.has(t)) stores.set(t, new Store(t.dataDir));
  return stores.get(t)!;
}
const exportOf = (t: TestHub, includeUsers = false) => toYaml(exportConfig(storeOf(t), t.hub.admin, { includeUsers }));

/** Everything a hub holds except the audit log, to show that nothing changed. */
function fingerprint(t: TestHub): string {
  const db = new Database(join(t.dataDir, 'lanyard.db'), { readonly: true });
  try {
    const tables = ['settings', 'scopes', 'roles', 'role_scopes', 'users', 'user_roles', 'clients', 'tokens'];
    return createHash('sha256').update(JSON.stringify(tables.map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()))).digest('hex');
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  source = await hub();
  await source.run('settings.update', { defaultAccessTokenTtl: 1800, backupKeep: 14 });
  await source.run('scopes.upsert', { name: 'lights:read', description: 'See the lights' });
  await source.run('roles.create', { name: 'resident', description: 'People who live here', scopes: ['lights:read', 'lights:write'] });
  await source.run('roles.update', { name: 'admin', scopes: ['lanyard:admin', 'users:create', 'lights:write'] });
  await source.run('roles.create', { name: 'guest', scopes: ['lights:read'], assignable: true });
  await source.run('settings.update', { defaultApplicationRole: 'guest' }); // names a role: applied after the roles
  await source.addUser('root', 'root-password-1', ['admin']);
  await source.addUser('alice', 'alice-password-1', ['resident']);
  const gone = await source.addUser('gone', 'gone-password-1', ['resident']);
  await source.run('users.update', { id: gone.id, disabled: true });
  await source.run('users.create', { username: 'visitor', password: 'visitor-password-1', roles: ['guest'], expiresAt: VISITOR_UNTIL });
  const service = await source.addClient({ name: 'Thermostat', kind: 'service', grants: ['client_credentials'], scopes: ['lights:read'], accessTokenTtl: 600 });
  thermostat = { clientId: service.clientId, secret: service.secret! };
  const wall = await source.addClient({ name: 'Wall panel', kind: 'first_party', grants: ['password', 'refresh_token'], scopes: ['lights:read', 'lights:write'], firstParty: true });
  panel = { clientId: wall.clientId, secret: wall.secret! };
  await source.run('clients.update', { clientId: wall.clientId, passwordWithSecondFactor: true });
  await source.addClient({ name: 'Planner', kind: 'spa', public: true, grants: ['authorization_code', 'refresh_token'], redirectUris: ['https://b.example/cb', 'https://a.example/cb'], scopes: ['lights:read'] });
  const old = await source.addClient({ name: 'Old tablet', kind: 'web', grants: ['implicit'], redirectUris: ['http://tablet.local/cb'] });
  await source.run('clients.update', { clientId: old.clientId, disabled: true });
  await source.run('clients.update', { clientId: 'lanyard-console', name: 'Console', accessTokenTtl: 600 });
  exported = exportOf(source);
  withUsers = exportOf(source, true);
});
afterAll(async () => {
  for (const store of stores.values()) store.close();
  for (const t of hubs) {
    await t.stop();
    removeDataDir(t.dataDir);
  }
});

describe('export', () => {
  it('lists everything in a stable order, secrets only as hashes, users only when asked', () => {
    expect(exportOf(source)).toBe(exported);
    const document = parse(exported) as { scopes: { name: string }[]; applications: { name: string; secretHash: string | null; redirectUris: string[] }[]; users?: unknown };
    expect(document.scopes.map((scope) => scope.name)).toEqual(['lanyard:admin', 'lights:read', 'lights:write', 'users:create']);
    expect(document.users).toBeUndefined();
    expect(parse(exported).roles.find((role: { name: string }) => role.name === 'guest')).toEqual({ name: 'guest', description: '', scopes: ['lights:read'], assignable: true });
    expect(parse(exported).settings.defaultApplicationRole).toBe('guest');
    const planner = document.applications.find((app) => app.name === 'Planner')!;
    expect(planner.redirectUris).toEqual(['https://a.example/cb', 'https://b.example/cb']);
    expect(exported).not.toContain(thermostat.secret);
    expect(document.applications.find((app) => app.name === 'Thermostat')!.secretHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(parse(withUsers).users.map((user: { username: string }) => user.username)).toEqual(['alice', 'gone', 'root', 'visitor']);
    expect(parse(withUsers).users.find((user: { username: string }) => user.username === 'visitor').expiresAt).toBe(VISITOR_UNTIL);
    expect(document.applications.find((app) => app.name === 'Wall panel')).toMatchObject({ passwordWithSecondFactor: true });
    expect(withUsers).toMatch(/passwordHash: scrypt\$/);
  });
});

describe('import into an empty hub', () => {
  it('gives back the same export, with secrets and passwords that work there', async () => {
    const target = await hub();
    const result = importInto(target, withUsers);
    expect(result.applied).toBe(true);
    expect(result.secrets).toEqual([]); // every confidential application came with its hash
    expect(exportOf(target, true)).toBe(withUsers);
    expect(exportOf(target)).toBe(exported);

    const client = { client_id: thermostat.clientId };
    const token = await oauth.processClientCredentialsResponse(target.as, client, await oauth.clientCredentialsGrantRequest(target.as, client, oauth.ClientSecretBasic(thermostat.secret), new URLSearchParams({ scope: 'lights:read' }), insecure));
    expect(token.expires_in).toBe(600);
    const wall = { client_id: panel.clientId };
    const signIn = await oauth.genericTokenEndpointRequest(target.as, wall, oauth.ClientSecretBasic(panel.secret), 'password', new URLSearchParams({ username: 'alice', password: 'alice-password-1', scope: 'lights:read' }), insecure);
    expect(signIn.status).toBe(200); // the password hash came with the file
    const users = await target.run('users.list', {});
    expect(users.items.map((user) => [user.username, user.roles, user.disabled, user.expiresAt ?? null])).toEqual([
      ['alice', ['resident'], false, null],
      ['gone', ['resident'], true, null],
      ['root', ['admin'], false, null],
      ['visitor', ['guest'], false, VISITOR_UNTIL], // a guest stays a guest
    ]);
    expect((await target.run('clients.get', { clientId: panel.clientId })).passwordWithSecondFactor).toBe(true);
  });

  it('is idempotent: a second import changes nothing and plans nothing but "unchanged"', async () => {
    const target = await hub();
    importInto(target, withUsers);
    const before = fingerprint(target);
    const audit = (await target.run('audit.list', {})).items.length;
    const again = importInto(target, withUsers);
    expect(again.plan.every((item) => item.action === 'unchanged')).toBe(true);
    expect(fingerprint(target)).toBe(before);
    expect((await target.run('audit.list', {})).items.length).toBe(audit);
  });
});

describe('import', () => {
  it('--dry-run prints the plan and changes nothing', async () => {
    const target = await hub();
    importInto(target, exported);
    const changed = parse(exported);
    changed.roles.find((role: { name: string }) => role.name === 'resident').scopes = ['lights:read'];
    changed.scopes.push({ name: 'doors:open', description: 'Open the doors' });
    changed.applications.push({ clientId: 'garage-door', name: 'Garage door', kind: 'device', grants: ['client_credentials'], scopes: ['doors:open'] });
    const before = fingerprint(target);
    const dry = importInto(target, stringify(changed), { dryRun: true });
    expect(dry.applied).toBe(false);
    expect(dry.secrets).toEqual([]);
    expect(dry.plan.filter((item) => item.action !== 'unchanged')).toEqual([
      { section: 'scope', name: 'doors:open', action: 'create', changes: [] },
      { section: 'role', name: 'resident', action: 'update', changes: ['scopes'] },
      { section: 'application', name: 'Garage door (garage-door)', action: 'create', changes: ['new secret'] },
    ]);
    expect(fingerprint(target)).toBe(before);

    const real = importInto(target, stringify(changed));
    expect(real.plan).toEqual(dry.plan);
    expect(real.secrets).toEqual([{ clientId: 'garage-door', name: 'Garage door', clientSecret: expect.stringMatching(/^lys_/) }]);
    const client = { client_id: 'garage-door' };
    const token = await oauth.clientCredentialsGrantRequest(target.as, client, oauth.ClientSecretBasic(real.secrets[0]!.clientSecret), new URLSearchParams({ scope: 'doors:open' }), insecure);
    expect(token.status).toBe(200);
  });

  it('keeps the secret an application already has, whatever hash the file carries', async () => {
    const target = await hub();
    importInto(target, exported);
    const changed = parse(exported);
    changed.applications.find((app: { name: string }) => app.name === 'Thermostat').secretHash = 'A'.repeat(43);
    expect(importInto(target, stringify(changed)).plan.find((item) => item.name.startsWith('Thermostat'))).toMatchObject({ action: 'unchanged' });
    const client = { client_id: thermostat.clientId };
    expect((await oauth.clientCredentialsGrantRequest(target.as, client, oauth.ClientSecretBasic(thermostat.secret), new URLSearchParams(), insecure)).status).toBe(200);
  });

  it('deletes only with prune, and then not what is still in use', async () => {
    const target = await hub();
    importInto(target, withUsers);
    const smaller = parse(withUsers);
    smaller.applications = smaller.applications.filter((app: { name: string }) => app.name !== 'Old tablet');
    smaller.scopes = smaller.scopes.filter((scope: { name: string }) => scope.name !== 'lights:write');
    expect(importInto(target, stringify(smaller)).plan.some((item) => item.action === 'delete')).toBe(false);
    expect((await target.run('clients.list', { query: 'Old tablet' })).items).toHaveLength(1);

    const pruned = importInto(target, stringify(smaller), { prune: true });
    expect(pruned.plan.filter((item) => item.action === 'delete').map((item) => item.name)).toEqual([expect.stringMatching(/^Old tablet \(/)]);
    // lights:write is still granted by roles in the file, so it stays (roles bring their scopes).
    expect((await target.run('clients.list', { query: 'Old tablet' })).items).toHaveLength(0);

    const noResident = parse(withUsers);
    noResident.roles = noResident.roles.filter((role: { name: string }) => role.name !== 'resident');
    const before = fingerprint(target);
    expect(() => importInto(target, stringify(noResident), { prune: true })).toThrow(/--prune, deleting role resident: The role "resident" is held by 2 user\(s\)/);
    expect(fingerprint(target)).toBe(before);
  });

  it('applies the admin service\'s rules, all or nothing', async () => {
    const target = await hub();
    const before = fingerprint(target);
    const index = (document: ReturnType<typeof parse>, section: string, key: string, value: string) => (document[section] as Record<string, string>[]).findIndex((entry) => entry[key] === value);
    const cases: [(document: ReturnType<typeof parse>) => RegExp][] = [
      [(d) => {
        d.applications.push({ clientId: 'bad-app', name: 'Bad', kind: 'spa', public: true, grants: ['password'] });
        return new RegExp(`^applications\\[${d.applications.length - 1}\\]\\.grants: A public client cannot use the password grant`);
      }],
      [(d) => {
        d.applications.find((a: { clientId: string }) => a.clientId === 'lanyard-console').grants = ['authorization_code'];
        return new RegExp(`^applications\\[${index(d, 'applications', 'clientId', 'lanyard-console')}\\]\\.grants: .+ is built into the hub: only its name, scopes and lifetimes can be changed`);
      }],
      [(d) => {
        d.roles.find((r: { name: string }) => r.name === 'admin').scopes = ['users:create'];
        return new RegExp(`^roles\\[${index(d, 'roles', 'name', 'admin')}\\]\\.scopes: The admin role must keep the lanyard:admin scope`);
      }],
      [(d) => {
        d.users.forEach((u: { roles: string[] }) => (u.roles = u.roles.filter((r) => r !== 'admin')));
        return /^users\[\d\]\.roles: This is the last enabled admin/;
      }],
      [(d) => {
        const root = index(d, 'users', 'username', 'root');
        d.users[root].expiresAt = new Date(Date.now() + 86_400_000).toISOString();
        return new RegExp(`^users\\[${root}\\]\\.expiresAt: This is the last enabled admin`);
      }],
      [(d) => {
        const visitor = index(d, 'users', 'username', 'visitor');
        d.users[visitor].expiresAt = '2099-01-01T00:00:00Z';
        return new RegExp(`^users\\[${visitor}\\]\\.expiresAt: An expiry is at most ten years away`);
      }],
      [(d) => {
        d.users.push({ username: 'nohash', roles: [] });
        return new RegExp(`^users\\[${d.users.length - 1}\\]\\.passwordHash: nohash does not exist here`);
      }],
    ];
    importInto(target, withUsers);
    const imported = fingerprint(target);
    expect(imported).not.toBe(before);
    for (const [change] of cases) {
      const document = parse(withUsers);
      const message = change(document);
      expect(() => importInto(target, stringify(document)), String(message)).toThrow(message);
      expect(fingerprint(target)).toBe(imported);
    }
    const fresh = await hub();
    const untouched = fingerprint(fresh);
    const late = parse(withUsers);
    late.users.push({ username: 'nohash', roles: [] }); // fails after scopes, roles and applications were written
    expect(() => importInto(fresh, stringify(late))).toThrow(ConfigError);
    expect(fingerprint(fresh)).toBe(untouched);
  });
  it('brings an account that has already ended as ended: it cannot sign in', async () => {
    const target = await hub();
    const document = parse(withUsers);
    document.users.find((user: { username: string }) => user.username === 'visitor').expiresAt = '2020-01-01T00:00:00+01:00';
    importInto(target, stringify(document));
    expect((await target.run('users.list', { query: 'visitor' })).items[0]?.expiresAt).toBe('2019-12-31T23:00:00.000Z');
    const wall = { client_id: panel.clientId };
    const signIn = await oauth.genericTokenEndpointRequest(target.as, wall, oauth.ClientSecretBasic(panel.secret), 'password', new URLSearchParams({ username: 'visitor', password: 'visitor-password-1', scope: 'lights:read' }), insecure);
    expect(signIn.status).toBe(400);
  });
});

describe('invalid files', () => {
  const problems = (yaml: string): string[] => {
    try {
      parseConfig(yaml);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    throw new Error('expected the file to be refused');
  };

  it('name the line and the path of each offending field', () => {
    const document = parse(exported);
    document.applications[1].redirectUris = ['https://ok.example/cb', 'not a uri'];
    document.roles[1].scopes.push('bad scope!');
    document.applications[0].colour = 'blue';
    const text = stringify(document);
    const lines = text.split('\n');
    const line = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(problems(text)).toEqual([
      `line ${line('bad scope!')}, roles[1].scopes[${document.roles[1].scopes.length - 1}]: a scope is 1–64 letters, digits or _ . : - / and starts with a letter or digit`,
      expect.stringMatching(/^line \d+, applications\[0\]: Unrecognized key: "colour"/),
      `line ${line('not a uri')}, applications[1].redirectUris[1]: a redirect URI must be an absolute URI without a fragment`,
    ]);
  });

  it('refuse YAML that does not parse, another format, and duplicates', () => {
    expect(problems('lanyard: lanyard-config/1\nscopes:\n  - name: [unclosed\n')[0]).toMatch(/^line \d+: /);
    expect(problems('lanyard: something-else\n')).toEqual([expect.stringMatching(/^line 1, lanyard: this is not a Lanyard configuration file/)]);
    expect(problems(readFileSync(join(import.meta.dirname, 'config.test.ts'), 'utf8'))[0]).toMatch(/^line \d+/);
    expect(problems('lanyard: lanyard-config/1\nscopes:\n  - name: a:b\n  - name: A:B\n')).toEqual([expect.stringMatching(/^line 4, scopes\[1\]\.name: "A:B" is listed twice \(also at scopes\[0\]\)/)]);
  });
});
