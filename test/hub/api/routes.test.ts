// The protected resource API (/api/me, /api/users) and RFC 6750 errors; who a users:create token
// may create with which role; malformed input.
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insecure, startHub, type TestHub } from '../../support/hub.ts';

let t: TestHub;
let creator: string;
let reader: string;
let userToken: string;

async function clientToken(scopes: string[]): Promise<string> {
  const client = await t.addClient({ kind: 'service', grants: ['client_credentials'], scopes });
  return (await t.clientCredentials(client, scopes.join(' '))).access_token;
}

beforeAll(async () => {
  t = await startHub();
  await t.run('roles.create', { name: 'resident', scopes: ['lights:read'], assignable: true });
  await t.addUser('alice', 'alice-password-1', ['resident']);
  creator = await clientToken(['users:create', 'lights:read']);
  reader = await clientToken(['lights:read']);
  const app = await t.addClient({ kind: 'first_party', grants: ['password'], scopes: ['lights:read'] });
  const response = await oauth.genericTokenEndpointRequest(t.as, { client_id: app.clientId }, oauth.ClientSecretBasic(app.secret!), 'password', new URLSearchParams({ username: 'alice', password: 'alice-password-1' }), insecure);
  userToken = (await oauth.processGenericTokenEndpointResponse(t.as, { client_id: app.clientId }, response)).access_token;
});
afterAll(() => t?.cleanup());

const createUser = (token: string | undefined, body: unknown, contentType = 'application/json') =>
  fetch(`${t.url}/api/users`, { method: 'POST', headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('GET /api/me', () => {
  it('returns sub, username and roles for a user token', async () => {
    const response = await fetch(`${t.url}/api/me`, { headers: { authorization: `Bearer ${userToken}` } });
    expect(response.status).toBe(200);
    const me = (await response.json()) as Record<string, unknown>;
    expect(me).toMatchObject({ username: 'alice', roles: ['resident'] });
    expect(me.sub).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 401 with a Bearer challenge without a token, and invalid_token for a bad one', async () => {
    const none = await fetch(`${t.url}/api/me`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="lanyard"');
    const bad = await fetch(`${t.url}/api/me`, { headers: { authorization: 'Bearer not-a-real-token' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/^Bearer realm="lanyard", error="invalid_token"/);
  });

  it('stops accepting a user\'s token the moment the user is disabled', async () => {
    const app = await t.addClient({ kind: 'first_party', grants: ['password'], scopes: ['lights:read'] });
    await t.addUser('dave', 'dave-password-1', ['resident']);
    const response = await oauth.genericTokenEndpointRequest(t.as, { client_id: app.clientId }, oauth.ClientSecretBasic(app.secret!), 'password', new URLSearchParams({ username: 'dave', password: 'dave-password-1' }), insecure);
    const token = (await oauth.processGenericTokenEndpointResponse(t.as, { client_id: app.clientId }, response)).access_token;
    expect((await fetch(`${t.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await t.run('users.update', { id: 'dave', disabled: true });
    expect((await fetch(`${t.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });
});

describe('POST /api/users', () => {
  it('creates a user with a users:create token → 201, and the user can sign in', async () => {
    const response = await createUser(creator, { username: 'newcomer', password: 'newcomer-pass-1', role: 'resident' });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; username: string; roles: string[] };
    expect(body).toMatchObject({ username: 'newcomer', roles: ['resident'] });
    expect(response.headers.get('location')).toBe(`/api/users/${body.id}`);
    const users = await t.run('users.list', { query: 'newcomer' });
    expect(users.items.map((user) => user.username)).toEqual(['newcomer']);
  });

  it('answers 403 insufficient_scope without users:create', async () => {
    const response = await createUser(reader, { username: 'sneaky', password: 'sneaky-pass-1', role: 'resident' });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope".*scope="users:create"/);
    expect((await t.run('users.list', { query: 'sneaky' })).items).toHaveLength(0);
  });

  it('answers 401 without a token', async () => {
    const response = await createUser(undefined, { username: 'x', password: 'xxxxxxxxx' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('refuses to mint administrators', async () => {
    const response = await createUser(creator, { username: 'mallory', password: 'mallory-pass-1', role: 'admin' });
    expect(response.status).toBe(403);
    expect((await t.run('users.list', { query: 'mallory' })).items).toHaveLength(0);
  });

  it('answers bad input with 400/409/415 and a clear error, writing nothing', async () => {
    const before = (await t.run('users.list', {})).items.length;
    const cases: [unknown, number, RegExp][] = [
      [{ username: 'ok-name', password: 'short', role: 'resident' }, 400, /password: a password needs at least 8 characters/],
      [{ username: 'bad name!', password: 'long-enough-1', role: 'resident' }, 400, /username/],
      [{ username: 'ghost', password: 'long-enough-1', role: 'no-such-role' }, 400, /no role named "no-such-role"/],
      [{ username: 'alice', password: 'long-enough-1', role: 'resident' }, 409, /taken/],
      ['{"username": "broken', 400, /not valid JSON/],
      [{ username: 'extra', password: 'long-enough-1', admin: true }, 400, /admin/],
    ];
    for (const [body, status, message] of cases) {
      const response = await createUser(creator, body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      const error = (await response.json()) as { error: string; error_description: string };
      expect(error.error_description).toMatch(message);
      expect(JSON.stringify(error)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
    }
    expect((await createUser(creator, 'username=x', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await createUser(creator, { username: 'big', password: 'x'.repeat(20_000) })).status).toBe(413);
    expect((await t.run('users.list', {})).items.length).toBe(before);
  });
});

describe('role delegation: what a users:create token may give', () => {
  it('gives an assignable role whose permissions the application itself does not hold (least privilege)', async () => {
    await t.run('roles.create', { name: 'heater', scopes: ['heat:write'], assignable: true });
    const signup = await clientToken(['users:create']);
    const response = await createUser(signup, { username: 'warm', password: 'warm-password-1', role: 'heater' });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { roles: string[] }).roles).toEqual(['heater']);
  });

  it('refuses a role that is not marked assignable with 403 insufficient_scope naming the rule', async () => {
    await t.run('roles.create', { name: 'locksmith', scopes: ['locks:write'] });
    const response = await createUser(creator, { username: 'mallory2', password: 'mallory-pass-1', role: 'locksmith' });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    expect(((await response.json()) as { error_description: string }).error_description).toMatch(/locksmith is not assignable by applications/);
    expect((await t.run('users.list', { query: 'mallory2' })).items).toHaveLength(0);
  });

  it('gives the default role when the application names none, and no role when there is no default', async () => {
    const bare = await createUser(creator, { username: 'plain', password: 'plain-password-1' });
    expect(((await bare.json()) as { roles: string[] }).roles).toEqual([]);
    await t.run('settings.update', { defaultApplicationRole: 'resident' });
    try {
      const defaulted = await createUser(creator, { username: 'defaulted', password: 'defaulted-password-1' });
      expect(defaulted.status).toBe(201);
      expect(((await defaulted.json()) as { roles: string[] }).roles).toEqual(['resident']);
    } finally {
      await t.run('settings.update', { defaultApplicationRole: null });
    }
  });

  it('never lets a role that opens the console become assignable, nor the default', async () => {
    await expect(t.run('roles.update', { name: 'admin', assignable: true })).rejects.toThrow(/opens the console/);
    await expect(t.run('roles.create', { name: 'deputy', scopes: ['lanyard:admin'], assignable: true })).rejects.toThrow(/opens the console/);
    await expect(t.run('roles.update', { name: 'heater', scopes: ['heat:write', 'lanyard:admin'] })).rejects.toThrow(/opens the console/);
    await expect(t.run('settings.update', { defaultApplicationRole: 'locksmith' })).rejects.toThrow(/not assignable/);
  });

  it('keeps the default role assignable and undeletable while it is the default', async () => {
    await t.run('roles.create', { name: 'gardener', scopes: ['garden:water'], assignable: true });
    await t.run('settings.update', { defaultApplicationRole: 'gardener' });
    try {
      await expect(t.run('roles.update', { name: 'gardener', assignable: false })).rejects.toThrow(/default for users created by applications/);
      await expect(t.run('roles.delete', { name: 'gardener' })).rejects.toThrow(/default for users created by applications/);
    } finally {
      await t.run('settings.update', { defaultApplicationRole: null });
    }
  });

  it('names the application that created the user in the audit log', async () => {
    await createUser(creator, { username: 'audited', password: 'audited-password-1', role: 'resident' });
    const { items } = await t.run('audit.list', { type: 'user.changed', limit: 5 });
    const entry = items.find((event) => event.summary.startsWith('User audited created'));
    expect(entry?.summary).toMatch(/by the application Test app \([0-9a-f]{24}\) with role resident/);
    expect(entry?.clientId).toMatch(/^[0-9a-f]{24}$/);
  });
});

describe('hardening (security review)', () => {
  it('resetting a password ends the user\'s tokens', async () => {
    const app = await t.addClient({ kind: 'first_party', grants: ['password', 'refresh_token'], scopes: ['lights:read'] });
    await t.addUser('paula', 'paula-password-1', ['resident']);
    const response = await oauth.genericTokenEndpointRequest(t.as, { client_id: app.clientId }, oauth.ClientSecretBasic(app.secret!), 'password', new URLSearchParams({ username: 'paula', password: 'paula-password-1' }), insecure);
    const tokens = await oauth.processGenericTokenEndpointResponse(t.as, { client_id: app.clientId }, response);
    await t.run('users.setPassword', { id: 'paula', password: 'paula-password-2' });
    expect((await fetch(`${t.url}/api/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(401);
    const refresh = await oauth.refreshTokenGrantRequest(t.as, { client_id: app.clientId }, oauth.ClientSecretBasic(app.secret!), tokens.refresh_token!, insecure);
    expect(refresh.status).toBe(400);
  });

  it('answers CORS preflights on the API', async () => {
    const preflight = await fetch(`${t.url}/api/users`, { method: 'OPTIONS', headers: { origin: 'http://panel.local', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });
});
