// The protected resource API and RFC 6750 errors; the Authorization UI's protections;
// malformed input at every door.
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormBrowser } from '../support/browser.ts';
import { insecure, removeDataDir, startHub, type TestHub } from '../support/hub.ts';

let t: TestHub;
let creator: string;
let reader: string;
let userToken: string;

async function clientToken(scopes: string[]): Promise<string> {
  const client = await t.addClient({ kind: 'service', grants: ['client_credentials'], scopes });
  const response = await oauth.clientCredentialsGrantRequest(t.as, { client_id: client.clientId }, oauth.ClientSecretBasic(client.secret!), new URLSearchParams({ scope: scopes.join(' ') }), insecure);
  return (await oauth.processClientCredentialsResponse(t.as, { client_id: client.clientId }, response)).access_token;
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
afterAll(async () => {
  await t.stop();
  removeDataDir(t.dataDir);
});

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

describe('token endpoint robustness', () => {
  it('answers malformed and oversized bodies with RFC 6749 JSON errors and keeps serving', async () => {
    const post = (body: string | Uint8Array, contentType = 'application/x-www-form-urlencoded') => fetch(`${t.url}/token`, { method: 'POST', headers: { 'content-type': contentType }, body });
    const cases = [
      await post('grant_type=client_credentials'), // no client
      await post('%%%=&&&'),
      await post('grant_type=telepathy&client_id=x'),
      await post('a='.padEnd(200_000, 'x')),
      await post('<xml/>', 'application/xml'),
      await post(new Uint8Array([0xff, 0xfe, 0x00, 0x41])),
    ];
    for (const response of cases) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      const body = (await response.json()) as { error: string };
      expect(typeof body.error).toBe('string');
      expect(JSON.stringify(body)).not.toMatch(/node_modules|at \w+ \(/);
    }
    const discovery = await fetch(`${t.url}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
  });

  it('counts refusals for operators', async () => {
    await fetch(`${t.url}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=ghost&client_secret=x' });
    const refused = await t.run('audit.list', { type: 'grant.refused' });
    expect(refused.items.length).toBeGreaterThan(0);
    expect(refused.items[0]!.summary).toMatch(/invalid_client/);
  });
});

describe('Authorization UI', () => {
  const REDIRECT = 'https://app.example.test/cb';
  async function loginPage() {
    const web = await t.addClient({ name: 'Porch <Camera> & Co', grants: ['authorization_code'], redirectUris: [REDIRECT], scopes: ['lights:read'] });
    await t.run('scopes.upsert', { name: 'lights:read', description: 'See which lights are on' });
    const url = new URL(t.as.authorization_endpoint!);
    url.search = new URLSearchParams({ client_id: web.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'lights:read', state: 's', code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()), code_challenge_method: 'S256' }).toString();
    const browser = new FormBrowser(new URL(t.issuer).origin);
    return { browser, page: await browser.follow(url.href) };
  }

  it('renders an accessible login form naming the application, escaped, without scripts', async () => {
    const { page } = await loginPage();
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain('Porch &lt;Camera&gt; &amp; Co');
    expect(page.html).toMatch(/<label for="username">Username<\/label>/);
    expect(page.html).toMatch(/<label for="password">Password<\/label>/);
    expect(page.html).toMatch(/autocomplete="current-password"/);
    expect(page.html).not.toMatch(/<script/i);
  });

  it('shows a clear error for wrong credentials, announced to screen readers', async () => {
    const { browser, page } = await loginPage();
    const action = new URL(FormBrowser.action(page.html, '/login'), t.issuer).href;
    const again = await browser.request(action, { form: { csrf: FormBrowser.csrf(page.html), username: 'alice', password: 'wrong-password' } });
    expect(again.status).toBe(400);
    expect(again.html).toMatch(/role="alert">Wrong username or password\./);
    expect(again.html).toMatch(/aria-invalid="true"/);
    expect(again.html).toContain('value="alice"');
  });

  it('refuses a form without the CSRF token or from another origin', async () => {
    const { browser, page } = await loginPage();
    const action = new URL(FormBrowser.action(page.html, '/login'), t.issuer).href;
    const forged = await browser.request(action, { form: { csrf: 'forged', username: 'alice', password: 'alice-password-1' } });
    expect(forged.status, 'forged').toBe(403);
    const crossSite = await browser.request(action, { form: { csrf: FormBrowser.csrf(page.html), username: 'alice', password: 'alice-password-1' }, headers: { origin: 'https://evil.example' } });
    expect(crossSite.status, 'cross-site').toBe(403);
    // Without the browser's interaction cookie, the uid alone is useless.
    const stranger = await new FormBrowser(new URL(t.issuer).origin).request(action, { form: { csrf: FormBrowser.csrf(page.html), username: 'alice', password: 'alice-password-1' } });
    expect(stranger.status).toBe(400);
    expect(stranger.html).toMatch(/expired or was opened in another browser/);
  });

  it('describes requested scopes in words on the consent page', async () => {
    const { browser, page } = await loginPage();
    const action = new URL(FormBrowser.action(page.html, '/login'), t.issuer).href;
    const consent = await browser.follow(action, { form: { csrf: FormBrowser.csrf(page.html), username: 'alice', password: 'alice-password-1' } });
    expect(consent.status).toBe(200);
    expect(consent.html).toContain('See which lights are on');
    expect(consent.html).toMatch(/<button class="primary" type="submit" name="decision" value="allow"/);
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

  it('asks a signed-in user on its own sign-out page: no scripts, no fonts from the internet', async () => {
    const web = await t.addClient({ grants: ['authorization_code'], redirectUris: ['https://app.example.test/cb'], firstParty: true });
    const url = new URL(t.as.authorization_endpoint!);
    url.search = new URLSearchParams({ client_id: web.clientId, redirect_uri: 'https://app.example.test/cb', response_type: 'code', code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()), code_challenge_method: 'S256' }).toString();
    const browser = new FormBrowser(new URL(t.issuer).origin);
    await browser.authorize(url.href, { username: 'alice', password: 'alice-password-1' });
    const page = await browser.request(`${t.url}/logout`);
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/Sign out of/);
    expect(page.html).not.toMatch(/googleapis|<script/);
    const signedOut = await browser.follow(new URL(FormBrowser.action(page.html, '/logout/confirm'), t.url).href, { form: { xsrf: /name="xsrf" value="([^"]+)"/.exec(page.html)![1]!, logout: 'yes' } });
    expect(signedOut.html).toMatch(/You are signed out/);
  });

  it('lets only a refresh token\'s own client introspect it, and issues no DPoP-bound tokens', async () => {
    expect(t.as.dpop_signing_alg_values_supported).toBeUndefined();
    const app = await t.addClient({ kind: 'first_party', grants: ['password', 'refresh_token'], scopes: ['lights:read'] });
    const rs = await t.addClient({ kind: 'service', grants: ['client_credentials'] });
    const response = await oauth.genericTokenEndpointRequest(t.as, { client_id: app.clientId }, oauth.ClientSecretBasic(app.secret!), 'password', new URLSearchParams({ username: 'alice', password: 'alice-password-1' }), insecure);
    const tokens = await oauth.processGenericTokenEndpointResponse(t.as, { client_id: app.clientId }, response);
    const introspect = async (client: { clientId: string; secret: string | null }, token: string) =>
      oauth.processIntrospectionResponse(t.as, { client_id: client.clientId }, await oauth.introspectionRequest(t.as, { client_id: client.clientId }, oauth.ClientSecretBasic(client.secret!), token, insecure));
    expect((await introspect(rs, tokens.access_token)).active).toBe(true);
    expect((await introspect(rs, tokens.refresh_token!)).active).toBe(false);
    expect((await introspect(app, tokens.refresh_token!)).active).toBe(true);
  });

  it('keeps the database file readable by its owner only', async () => {
    const { statSync } = await import('node:fs');
    const { join } = await import('node:path');
    expect(statSync(join(t.dataDir, 'lanyard.db')).mode & 0o777).toBe(0o600);
  });
});
