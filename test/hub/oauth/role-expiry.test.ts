// Role assignments that expire: a resident holds a "weekend" role for a few seconds on top of a
// role held for good. Until the assignment ends, tokens carrying its scope work; from that second,
// with nothing revoked or cached in between, a token carrying the ended role's scope is refused
// whole (introspection inactive, /api 401), a token with only the remaining scopes keeps working,
// a refresh and a new sign-in are narrowed to what is still held, and the dashboard listed it.
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { insecure, startHubForTest } from '../../support/hub.ts';

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

describe('a role assignment that expires', () => {
  it('gives its scopes until its time, then tokens carrying them stop at once while the rest keep working', async () => {
    const t = await startHubForTest();
    await t.run('roles.create', { name: 'resident', scopes: ['lights:read'] });
    await t.run('roles.create', { name: 'weekend', scopes: ['pool:open'] });
    const app = await t.addClient({ kind: 'first_party', grants: ['password', 'refresh_token'], scopes: ['lights:read', 'pool:open'] });
    const resourceServer = await t.addClient({ kind: 'service', grants: ['client_credentials'] });
    const client = { client_id: app.clientId };
    const auth = oauth.ClientSecretPost(app.secret!);
    // Long enough for two password sign-ins (scrypt) on a loaded machine before it ends.
    const ends = inSeconds(6);
    const rhea = await t.run('users.create', { username: 'rhea', password: 'rhea-password-1', roles: ['resident', 'weekend'], roleExpiries: { weekend: ends } });
    expect(rhea.roleExpiries).toEqual({ weekend: new Date(Math.floor(Date.parse(ends) / 1000) * 1000).toISOString() });
    expect((await t.run('users.expiring', { withinSeconds: 60 })).map((user) => user.username)).toEqual(['rhea']);

    const signIn = async (scope: string) =>
      oauth.processGenericTokenEndpointResponse(t.as, client, await oauth.genericTokenEndpointRequest(t.as, client, auth, 'password', new URLSearchParams({ username: 'rhea', password: 'rhea-password-1', scope }), insecure));
    const both = await signIn('lights:read pool:open');
    expect(both.scope?.split(' ').sort()).toEqual(['lights:read', 'pool:open']);
    const lightsOnly = await signIn('lights:read');
    const me = (token: string) => fetch(`${t.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await t.introspect(resourceServer, both.access_token)).active).toBe(true);
    expect((await me(both.access_token)).status).toBe(200);

    // Wait for the assignment to end (bounded); nobody acts in between.
    const deadline = Date.parse(rhea.roleExpiries!.weekend!) + 1000;
    while (Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));

    expect((await t.introspect(resourceServer, both.access_token)).active).toBe(false);
    const refused = await me(both.access_token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/invalid_token.*no longer holds/);
    // What the resident holds for good still works.
    expect((await t.introspect(resourceServer, lightsOnly.access_token)).active).toBe(true);
    expect((await me(lightsOnly.access_token)).status).toBe(200);
    // A refresh is narrowed to what is still held; so is a new sign-in.
    const refreshed = await oauth.processRefreshTokenResponse(t.as, client, await oauth.refreshTokenGrantRequest(t.as, client, auth, both.refresh_token!, insecure));
    expect(refreshed.scope).toBe('lights:read');
    expect((await t.introspect(resourceServer, refreshed.access_token)).active).toBe(true);
    expect((await signIn('lights:read pool:open')).scope).toBe('lights:read');
    // The console sees the role gone, and the role no longer counts the resident.
    const after = (await t.run('users.list', { query: 'rhea' })).items[0]!;
    expect(after).toMatchObject({ roles: ['resident'], roleExpiries: {} });
    expect((await t.run('roles.list', {})).find((role) => role.name === 'weekend')).toMatchObject({ userCount: 0 });
    expect((await t.run('users.expiring', { withinSeconds: 60 })).map((user) => user.username)).toEqual([]);

    // Given again, the same token works again: nothing was revoked, holding is read at each use.
    await t.run('users.update', { id: rhea.id, roles: ['resident', 'weekend'], roleExpiries: { weekend: inSeconds(3600) } });
    expect((await t.introspect(resourceServer, both.access_token)).active).toBe(true);
  });

  it('an ended assignment does not keep its role from being deleted', async () => {
    const t = await startHubForTest();
    await t.run('roles.create', { name: 'weekend', scopes: ['pool:open'] });
    const user = await t.run('users.create', { username: 'ivo', password: 'ivo-password-12', roles: ['weekend'], roleExpiries: { weekend: inSeconds(3600) } });
    await expect(t.run('roles.delete', { name: 'weekend' })).rejects.toThrow(/held by/);
    t.withDatabase((db) => db.prepare("UPDATE user_roles SET expires_at = ? WHERE user_id = ? AND role_name = 'weekend'").run(Math.floor(Date.now() / 1000) - 1, user.id));
    expect((await t.run('roles.list', {})).find((role) => role.name === 'weekend')).toMatchObject({ userCount: 0 });
    expect(await t.run('roles.delete', { name: 'weekend' })).toEqual({ deleted: true });
    expect((await t.run('users.list', { query: 'ivo' })).items[0]).toMatchObject({ roles: [], roleExpiries: {} });
  });

  it('is checked like an account expiry, and an ending admin assignment never counts as the admin the hub keeps', async () => {
    const t = await startHubForTest();
    await t.run('roles.create', { name: 'weekend', scopes: ['pool:open'] });
    const user = await t.run('users.create', { username: 'sam', password: 'sam-password-12', roles: [] });
    await expect(t.run('users.update', { id: user.id, roleExpiries: { weekend: inSeconds(3600) } })).rejects.toThrow(/does not hold the role "weekend"/);
    await expect(t.run('users.update', { id: user.id, roles: ['weekend'], roleExpiries: { weekend: inSeconds(-60) } })).rejects.toThrow(/must be in the future; to end a role now, remove it/);
    await expect(t.run('users.update', { id: user.id, roles: ['weekend'], roleExpiries: { weekend: 'Saturday' } })).rejects.toThrow(/roleExpiries/);
    // Kept expiries: changing other roles leaves an assignment's end as it was.
    const ends = inSeconds(3600);
    await t.run('users.update', { id: user.id, roles: ['weekend'], roleExpiries: { weekend: ends } });
    await t.run('roles.create', { name: 'resident', scopes: [] });
    const kept = await t.run('users.update', { id: user.id, roles: ['weekend', 'resident'] });
    expect(Date.parse(kept.roleExpiries!.weekend!)).toBe(Math.floor(Date.parse(ends) / 1000) * 1000);

    const root = await t.run('users.create', { username: 'root', password: 'root-password-1', roles: ['admin'] });
    await expect(t.run('users.update', { id: root.id, roleExpiries: { admin: inSeconds(3600) } })).rejects.toThrow(/last enabled admin/);
    await t.run('users.create', { username: 'temp-admin', password: 'temp-password-1', roles: ['admin'], roleExpiries: { admin: inSeconds(3600) } });
    await expect(t.run('users.update', { id: root.id, disabled: true })).rejects.toThrow(/last enabled admin/);
    await expect(t.run('users.update', { id: root.id, roles: [] })).rejects.toThrow(/last enabled admin/);
  });
});
