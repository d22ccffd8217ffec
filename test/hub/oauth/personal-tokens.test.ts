// Personal access tokens against a real hub: made through the admin contract, they are opaque
// bearer tokens that introspect like the others (a resource server's own credentials, RFC 7662),
// open the hub's API, appear in the live-token list with their names, are revoked like any token,
// and stop working the moment their user is disabled or no longer holds a scope they carry.
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insecure, removeDataDir, startHub, type TestHub } from '../../support/hub.ts';

let t: TestHub;
let resourceServer: { clientId: string; secret: string };

async function introspect(token: string) {
  const response = await oauth.introspectionRequest(t.as, { client_id: resourceServer.clientId }, oauth.ClientSecretBasic(resourceServer.secret), token, insecure);
  return oauth.processIntrospectionResponse(t.as, { client_id: resourceServer.clientId }, response);
}
const me = (token: string) => fetch(`${t.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
const create = (username: string, input: Partial<{ name: string; scopes: string[]; expiresIn: number | null }> = {}) =>
  t.run('personalTokens.create', { userId: username, name: 'backup script', scopes: ['lights:read'], expiresIn: 86_400, ...input });

beforeAll(async () => {
  t = await startHub();
  await t.run('roles.create', { name: 'resident', scopes: ['lights:read', 'lights:write'] });
  await t.run('roles.create', { name: 'guest', scopes: ['lights:read'] });
  for (const name of ['alice', 'bob', 'carol', 'dave', 'erin']) await t.addUser(name, `${name}-password-1`, ['resident']);
  const rs = await t.addClient({ name: 'Lights bridge', kind: 'service', grants: ['client_credentials'] });
  resourceServer = { clientId: rs.clientId, secret: rs.secret! };
});
afterAll(async () => {
  await t.stop();
  removeDataDir(t.dataDir);
});

describe('a personal access token', () => {
  it('is an opaque bearer token shown once, that introspects with its scope and user and opens the API', async () => {
    const created = await create('alice', { scopes: ['lights:read', 'lights:write'] });
    expect(created).toMatchObject({ id: expect.stringMatching(/^\d+$/), name: 'backup script', scope: 'lights:read lights:write', expiresAt: expect.any(String) });
    expect(created.token.split('.')).toHaveLength(1);
    const alice = (await t.run('users.list', { query: 'alice' })).items[0]!;
    expect(await introspect(created.token)).toMatchObject({ active: true, sub: alice.id, scope: 'lights:read lights:write', client_id: 'lanyard-personal-tokens', token_type: 'Bearer', aud: 'urn:lanyard:api' });
    const answer = await me(created.token);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ username: 'alice', scope: 'lights:read lights:write' });
    // Its bearer value is never listed; its name is.
    expect(await t.run('personalTokens.list', { userId: 'alice' })).toEqual([expect.objectContaining({ id: created.id, name: 'backup script', lastUsedAt: expect.any(String), createdBy: 'test' })]);
    const live = await t.run('tokens.list', { userId: alice.id });
    expect(live.items).toEqual([expect.objectContaining({ id: created.id, name: 'backup script', clientId: 'lanyard-personal-tokens', type: 'access_token' })]);
    expect(JSON.stringify(live)).not.toContain(created.token);
  });

  it('may carry no scope beyond the user\'s roles', async () => {
    await expect(create('bob', { scopes: ['lights:read', 'doors:open'] })).rejects.toThrow(/only carry scopes the user's roles hold; not doors:open/);
    await expect(create('bob', { scopes: ['lanyard:admin'] })).rejects.toMatchObject({ error: { code: 'forbidden' } });
    expect(await t.run('personalTokens.list', { userId: 'bob' })).toEqual([]);
  });

  it('may never expire, and says so', async () => {
    const created = await create('bob', { name: 'forever', expiresIn: null });
    expect(created.expiresAt).toBeNull();
    expect((await introspect(created.token)).exp).toBeGreaterThan(Date.now() / 1000 + 50 * 365 * 86_400);
    expect((await t.run('personalTokens.list', { userId: 'bob' }))[0]).toMatchObject({ name: 'forever', expiresAt: null });
  });

  it('is revoked like any token: introspection inactive, the API 401', async () => {
    const created = await create('bob', { name: 'to revoke' });
    expect(await t.run('tokens.revoke', { ids: [created.id] })).toEqual({ revoked: 1 });
    expect((await introspect(created.token)).active).toBe(false);
    expect((await me(created.token)).status).toBe(401);
  });

  it('dies when its user loses the role that gave it a scope', async () => {
    const read = await create('carol', { name: 'reader', scopes: ['lights:read'] });
    const write = await create('carol', { name: 'writer', scopes: ['lights:write'] });
    await t.run('users.update', { id: 'carol', roles: ['guest'] }); // guest keeps lights:read only
    expect((await introspect(write.token)).active).toBe(false);
    expect((await me(write.token)).status).toBe(401);
    expect((await introspect(read.token)).active).toBe(true);
    const audit = await t.run('audit.list', { type: 'token.revoked', limit: 1 });
    expect(audit.items[0]!.summary).toMatch(/1 personal access token\(s\) revoked: carol's roles changed/);
  });

  it('dies when its role loses the scope, or the scope is deleted', async () => {
    await t.run('roles.create', { name: 'gardener', scopes: ['garden:water', 'garden:read'] });
    await t.run('users.update', { id: 'dave', roles: ['gardener'] });
    const water = await create('dave', { name: 'water', scopes: ['garden:water'] });
    const read = await create('dave', { name: 'read', scopes: ['garden:read'] });
    await t.run('roles.update', { name: 'gardener', scopes: ['garden:read'] });
    expect((await introspect(water.token)).active).toBe(false);
    expect((await introspect(read.token)).active).toBe(true);
    await t.run('scopes.delete', { name: 'garden:read' });
    expect((await introspect(read.token)).active).toBe(false);
    expect((await me(read.token)).status).toBe(401);
  });

  it('dies when its user is disabled, and no new one can be made for them', async () => {
    const created = await create('erin');
    await t.run('users.update', { id: 'erin', disabled: true });
    expect((await introspect(created.token)).active).toBe(false);
    expect((await me(created.token)).status).toBe(401);
    await expect(create('erin')).rejects.toThrow(/erin is disabled/);
  });
});
