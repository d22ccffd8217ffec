// Guest access that expires: a user with an expiry signs in and uses tokens until the moment it
// passes; from then on sign-in is refused and every token stops working at once — introspection
// says inactive, /api answers 401, a refresh is refused — with nothing revoked or cached in between.
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { insecure, startHubForTest } from '../../support/hub.ts';

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

describe('a guest whose account expires', () => {
  it('works until the expiry, then cannot sign in and every token stops at once', async () => {
    const t = await startHubForTest();
    await t.run('roles.create', { name: 'guest', scopes: ['lights:read'] });
    const app = await t.addClient({ kind: 'first_party', grants: ['password', 'refresh_token'], scopes: ['lights:read'] });
    const resourceServer = await t.addClient({ kind: 'service', grants: ['client_credentials'] });
    const expiresAt = inSeconds(4);
    const guest = await t.run('users.create', { username: 'visitor', password: 'visitor-password-1', roles: ['guest'], expiresAt });
    expect(Date.parse(guest.expiresAt!)).toBe(Math.floor(Date.parse(expiresAt) / 1000) * 1000);
    expect((await t.run('users.expiring', { withinSeconds: 60 })).map((user) => user.username)).toEqual(['visitor']);

    const password = () => oauth.genericTokenEndpointRequest(t.as, { client_id: app.clientId }, oauth.ClientSecretPost(app.secret!), 'password', new URLSearchParams({ username: 'visitor', password: 'visitor-password-1', scope: 'lights:read' }), insecure);
    const tokens = await oauth.processGenericTokenEndpointResponse(t.as, { client_id: app.clientId }, await password());
    const me = () => fetch(`${t.url}/api/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect((await t.introspect(resourceServer, tokens.access_token)).active).toBe(true);
    expect((await me()).status).toBe(200);

    // Mid-session: wait for the expiry to pass (bounded), then everything is refused without anyone acting.
    const deadline = Date.parse(guest.expiresAt!) + 1000;
    while (Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));

    expect((await t.introspect(resourceServer, tokens.access_token)).active).toBe(false);
    const refused = await me();
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/invalid_token/);
    const refresh = await oauth.refreshTokenGrantRequest(t.as, { client_id: app.clientId }, oauth.ClientSecretPost(app.secret!), tokens.refresh_token!, insecure);
    await expect(oauth.processRefreshTokenResponse(t.as, { client_id: app.clientId }, refresh)).rejects.toMatchObject({ error: 'invalid_grant' });
    // Told as a wrong password (nobody learns from outside which accounts were guests); the audit log says why.
    await expect(oauth.processGenericTokenEndpointResponse(t.as, { client_id: app.clientId }, await password())).rejects.toMatchObject({ error: 'invalid_grant' });
    const audit = await t.run('audit.list', { type: 'login.failed', subject: guest.id });
    expect(audit.items[0]!.summary).toMatch(/expired/);

    // Extending the pass brings the same tokens back: nothing was revoked, validity is read at each use.
    await t.run('users.update', { id: guest.id, expiresAt: inSeconds(3600) });
    expect((await me()).status).toBe(200);
  });

  it('refuses an expiry in the past, and never counts an expiring admin as the one that stays', async () => {
    const t = await startHubForTest();
    await expect(t.run('users.create', { username: 'late', password: 'late-password-1', expiresAt: inSeconds(-60) })).rejects.toThrow(/must be in the future/);
    await expect(t.run('users.create', { username: 'late', password: 'late-password-1', expiresAt: 'tomorrow' })).rejects.toThrow(/expiresAt/);
    const admin = await t.run('users.create', { username: 'root', password: 'root-password-1', roles: ['admin'] });
    await expect(t.run('users.update', { id: admin.id, expiresAt: inSeconds(3600) })).rejects.toThrow(/last enabled admin/);
    await t.run('users.create', { username: 'temp-admin', password: 'temp-password-1', roles: ['admin'], expiresAt: inSeconds(3600) });
    await expect(t.run('users.update', { id: admin.id, disabled: true })).rejects.toThrow(/last enabled admin/);
    expect((await t.run('users.list', {})).items.find((user) => user.username === 'root')).toMatchObject({ disabled: false, expiresAt: null });
  });
});
