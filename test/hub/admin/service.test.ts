// The admin service: every contract operation against a real store, bad input as structured
// errors, and no partial writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAdmin } from '../../../main/hub/admin/open.ts';
import type { AdminService } from '../../../main/hub/admin/service.ts';
import { OPERATION_NAMES, contract, type OperationName } from '../../../shared/admin-contract.ts';
import { newDataDir, removeDataDir } from '../../support/data-dir.ts';

let dir: string;
let admin: AdminService;
let close: () => void;
const run = <K extends OperationName>(operation: K, input: unknown) => admin.run(operation, input, 'test');

beforeAll(() => {
  dir = newDataDir('admin');
  ({ admin, close } = openAdmin(dir));
});
afterAll(() => {
  close();
  removeDataDir(dir);
});

describe('first start', () => {
  it('has the built-in admin role with the console scope, and the console client', async () => {
    const roles = await run('roles.list', {});
    expect(roles.find((role) => role.name === 'admin')).toMatchObject({ builtin: true, scopes: expect.arrayContaining(['lanyard:admin']) });
    expect(await run('clients.get', { clientId: 'lanyard-console' })).toMatchObject({ public: true, grants: ['authorization_code', 'refresh_token'] });
    await expect(run('roles.delete', { name: 'admin' })).rejects.toThrow(/built-in/);
    await expect(run('clients.delete', { clientId: 'lanyard-console' })).rejects.toThrow(/console/);
    expect(await run('clients.update', { clientId: 'lanyard-console', accessTokenTtl: 600 })).toMatchObject({ accessTokenTtl: 600 });
    await expect(run('clients.update', { clientId: 'lanyard-console', grants: ['client_credentials'] })).rejects.toThrow(/built into the hub/);
  });
});

describe('every operation validates its input', () => {
  it.each(OPERATION_NAMES)('%s refuses garbage with invalid_input', async (operation) => {
    const result = await admin.call(operation, { definitely: 'not a field', limit: -1 }, 'test');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.message.length).toBeGreaterThan(5);
    }
  });

  it('returns outputs that match the contract', async () => {
    await run('roles.create', { name: 'viewer', scopes: ['cams:view'] });
    for (const operation of ['status.get', 'settings.get', 'roles.list', 'scopes.list', 'users.list', 'clients.list', 'tokens.list', 'tokens.count', 'audit.list', 'metrics.timeline'] as const) {
      const value = await run(operation, {});
      expect(() => contract[operation].output.parse(value), operation).not.toThrow();
    }
  });
});

describe('roles and scopes', () => {
  it('creates, edits and deletes roles; refuses to delete a role users hold, saying why', async () => {
    await run('roles.create', { name: 'cleaner', scopes: ['doors:open'] });
    expect((await run('scopes.list', {})).map((scope) => scope.name)).toContain('doors:open');
    const edited = await run('roles.update', { name: 'cleaner', scopes: ['doors:open', 'lights:read'] });
    expect(edited.scopes).toEqual(['doors:open', 'lights:read']);
    await run('users.create', { username: 'cleo', password: 'cleo-password-1', roles: ['cleaner'] });
    const refused = await admin.call('roles.delete', { name: 'cleaner' }, 'test');
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/held by 1 user/) } });
    await run('users.update', { id: 'cleo', roles: [] });
    await run('roles.delete', { name: 'cleaner' });
    await expect(run('roles.create', { name: 'viewer', scopes: [] })).rejects.toThrow(/already exists/);
  });

  it('keeps the console reachable: the admin role keeps lanyard:admin and the last admin stays', async () => {
    await expect(run('roles.update', { name: 'admin', scopes: ['users:create'] })).rejects.toThrow(/lanyard:admin/);
    await run('users.create', { username: 'root', password: 'root-password-1', roles: ['admin'] });
    await expect(run('users.update', { id: 'root', disabled: true })).rejects.toThrow(/last enabled admin/);
    await expect(run('users.delete', { id: 'root' })).rejects.toThrow(/last enabled admin/);
  });
});

describe('users', () => {
  it('never stores or returns the password; scrypt hashes it', async () => {
    const user = await run('users.create', { username: 'erin', password: 'erin-password-1', roles: ['viewer'] });
    expect(JSON.stringify(user)).not.toContain('erin-password-1');
    const { store, close: done } = openAdmin(dir);
    const hash = store.users.credentials('erin')!.passwordHash;
    done();
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    const reset = await run('users.setPassword', { id: user.id, password: 'a-new-password-2' });
    expect(reset.username).toBe('erin');
  });

  it('pages with cursors and searches', async () => {
    for (let i = 0; i < 7; i += 1) await run('users.create', { username: `pager${i}`, password: 'pager-password', roles: [] });
    const first = await run('users.list', { query: 'pager', limit: 3 });
    const second = await run('users.list', { query: 'pager', limit: 3, cursor: first.nextCursor! });
    const third = await run('users.list', { query: 'pager', limit: 3, cursor: second.nextCursor! });
    expect([...first.items, ...second.items, ...third.items].map((u) => u.username)).toEqual(['pager0', 'pager1', 'pager2', 'pager3', 'pager4', 'pager5', 'pager6']);
    expect(third.nextCursor).toBeNull();
    expect((await admin.call('users.list', { cursor: 'garbage!!' }, 'test')).ok).toBe(false);
  });

  it('refuses unknown roles and duplicates without writing anything', async () => {
    const before = (await run('users.list', { limit: 500 })).items.length;
    expect(await admin.call('users.create', { username: 'frank', password: 'frank-password', roles: ['viewer', 'nope'] }, 'test')).toMatchObject({ ok: false, error: { code: 'not_found', fields: { roles: expect.any(String) } } });
    expect(await admin.call('users.create', { username: 'ERIN', password: 'frank-password', roles: [] }, 'test')).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await run('users.list', { limit: 500 })).items.length).toBe(before);
  });
});

describe('clients', () => {
  it('creates by kind with the right grants and a one-time secret that is stored hashed', async () => {
    const web = await run('clients.create', { kind: 'web', name: 'Web', redirectUris: ['https://w.example/cb'] });
    expect(web.client.grants).toEqual(['authorization_code', 'refresh_token']);
    expect(web.clientSecret).toMatch(/^lys_[A-Za-z0-9_-]{43}$/);
    const spa = await run('clients.create', { kind: 'spa', name: 'SPA', redirectUris: ['https://s.example/cb'] });
    expect(spa.client.public).toBe(true);
    expect(spa.clientSecret).toBeNull();
    const device = await run('clients.create', { kind: 'device', name: 'Sensor' });
    expect(device.client.grants).toEqual(['client_credentials']);
    const first = await run('clients.create', { kind: 'first_party', name: 'Wall panel' });
    expect(first.client).toMatchObject({ grants: ['password', 'refresh_token'], firstParty: true });
    const { store, close: done } = openAdmin(dir);
    const row = JSON.stringify(store.db.prepare('SELECT * FROM clients').all());
    done();
    expect(row).not.toContain(web.clientSecret!);
    const rotated = await run('clients.rotateSecret', { clientId: web.client.clientId });
    expect(rotated.clientSecret).not.toBe(web.clientSecret);
    await expect(run('clients.rotateSecret', { clientId: spa.client.clientId })).rejects.toThrow(/public client/);
  });

  it('refuses incoherent clients with a reason', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ kind: 'web', name: 'No redirect', redirectUris: [] }, /redirect URI/],
      [{ kind: 'spa', name: 'Public password', grants: ['password'], redirectUris: [] }, /public client cannot use the password/],
      [{ kind: 'web', name: 'Refresh only', grants: ['refresh_token'] }, /refresh_token grant needs/],
      [{ kind: 'web', name: 'Bad URI', redirectUris: ['not a uri'] }, /absolute URI/],
      [{ kind: 'web', name: 'Fragment', redirectUris: ['https://x.example/cb#frag'] }, /without a fragment/],
      [{ kind: 'service', name: 'Short TTL', accessTokenTtl: 5 }, /at least 60 seconds/],
      [{ kind: 'toaster', name: 'Unknown kind' }, /kind/],
    ];
    for (const [input, message] of cases) {
      const result = await admin.call('clients.create', input, 'test');
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) expect(result.error.message, JSON.stringify(input)).toMatch(message);
    }
  });

  it('edits redirect URIs, scopes, grants and TTLs, and deletes', async () => {
    const { client } = await run('clients.create', { kind: 'web', name: 'Editable', redirectUris: ['https://e.example/cb'] });
    const edited = await run('clients.update', { clientId: client.clientId, redirectUris: ['https://e.example/cb', 'https://e.example/cb2'], scopes: ['lights:read'], accessTokenTtl: 120, firstParty: true });
    expect(edited).toMatchObject({ redirectUris: ['https://e.example/cb', 'https://e.example/cb2'], scopes: ['lights:read'], accessTokenTtl: 120, firstParty: true });
    await expect(run('clients.update', { clientId: client.clientId, redirectUris: [] })).rejects.toThrow(/redirect URI/);
    await run('clients.delete', { clientId: client.clientId });
    await expect(run('clients.get', { clientId: client.clientId })).rejects.toThrow(/no application/);
  });
});

describe('settings and audit', () => {
  it('validates settings and says when a restart is needed', async () => {
    expect((await admin.call('settings.update', { port: 70000 }, 'test')).ok).toBe(false);
    expect(await run('settings.update', { defaultAccessTokenTtl: 1800 })).toMatchObject({ restartRequired: false });
    expect(await run('settings.update', { port: 8443 })).toMatchObject({ restartRequired: true, settings: { port: 8443 } });
  });

  it('records changes in the audit log, newest first, filterable', async () => {
    const page = await run('audit.list', { type: 'client.changed', limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.items[0]!.id).toBeGreaterThan(page.items[1]!.id);
    expect(page.items.every((event) => event.type === 'client.changed' && event.actor === 'test')).toBe(true);
    const next = await run('audit.list', { type: 'client.changed', limit: 2, cursor: page.nextCursor! });
    expect(next.items[0]!.id).toBeLessThan(page.items[1]!.id);
  });
});
