// Every grant end to end, driven by a third-party OAuth client library (oauth4webapi) against
// a real hub on loopback with a real SQLite file; the login and consent forms over HTTP.
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormBrowser } from '../../support/browser.ts';
import { insecure, startHub, type TestHub } from '../../support/hub.ts';

let t: TestHub;
const REDIRECT = 'https://app.example.test/callback';

async function refusal(promise: Promise<unknown>): Promise<{ error: string; description: string | undefined; status: number }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) return { error: error.error, description: error.error_description, status: error.status };
    if (error instanceof oauth.WWWAuthenticateChallengeError) {
      const [challenge] = error.cause;
      return { error: String(challenge?.parameters.error), description: challenge?.parameters.error_description, status: error.response.status };
    }
    throw error;
  }
  throw new Error('expected the hub to refuse');
}

/** A password grant for `username` through `app` (HTTP Basic): how a first-party app signs its user in. */
async function signIn(app: { clientId: string; secret: string | null }, username: string, password: string) {
  const client = { client_id: app.clientId };
  return oauth.processGenericTokenEndpointResponse(t.as, client, await oauth.genericTokenEndpointRequest(t.as, client, oauth.ClientSecretBasic(app.secret!), 'password', new URLSearchParams({ username, password }), insecure));
}

beforeAll(async () => {
  t = await startHub();
  await t.run('roles.create', { name: 'resident', scopes: ['lights:read', 'lights:write'] });
  await t.run('roles.create', { name: 'guest', scopes: ['lights:read'] });
  await t.addUser('alice', 'alice-password-1', ['resident']);
  await t.addUser('gus', 'gus-password-12', ['guest']);
});
afterAll(() => t?.cleanup());

describe('discovery', () => {
  it('lists all five grants and the code and token response types, at both well-known paths', async () => {
    for (const algorithm of ['oidc', 'oauth2'] as const) {
      const issuer = new URL(t.issuer);
      const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm, ...insecure }));
      expect(as.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'implicit', 'password', 'client_credentials', 'refresh_token']));
      expect(as.response_types_supported).toEqual(expect.arrayContaining(['code', 'token']));
      expect(as.response_types_supported).not.toContain('code token');
      for (const endpoint of ['token_endpoint', 'authorization_endpoint', 'introspection_endpoint', 'revocation_endpoint', 'userinfo_endpoint', 'jwks_uri'] as const) {
        expect(as[endpoint], endpoint).toMatch(/^http:\/\/127\.0\.0\.1:/);
      }
      expect(as.code_challenge_methods_supported).toEqual(['S256']);
    }
  });

  it('serves a JWKS with the signing key only (no private parts)', async () => {
    const jwks = (await (await fetch(t.as.jwks_uri!)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});

describe('client_credentials', () => {
  let service: { clientId: string; secret: string | null };
  beforeAll(async () => {
    service = await t.addClient({ kind: 'service', grants: ['client_credentials'], scopes: ['lights:read', 'users:create'], accessTokenTtl: 600 });
  });

  it('issues an opaque token with the requested scope and the client TTL, with HTTP Basic or body authentication', async () => {
    for (const auth of [oauth.ClientSecretBasic(service.secret!), oauth.ClientSecretPost(service.secret!)]) {
      const response = await oauth.clientCredentialsGrantRequest(t.as, { client_id: service.clientId }, auth, new URLSearchParams({ scope: 'lights:read' }), insecure);
      const result = await oauth.processClientCredentialsResponse(t.as, { client_id: service.clientId }, response);
      expect(result.token_type).toBe('bearer');
      expect(result.scope).toBe('lights:read');
      expect(result.expires_in).toBe(600);
      expect(result.refresh_token).toBeUndefined();
      expect(result.access_token.split('.')).toHaveLength(1); // opaque, not a JWT
    }
  });

  it('refuses a scope outside the client\'s scopes with invalid_scope', async () => {
    const response = await oauth.clientCredentialsGrantRequest(t.as, { client_id: service.clientId }, oauth.ClientSecretBasic(service.secret!), new URLSearchParams({ scope: 'lights:write' }), insecure);
    const refused = await refusal(oauth.processClientCredentialsResponse(t.as, { client_id: service.clientId }, response));
    expect(refused).toMatchObject({ error: 'invalid_scope', status: 400 });
  });

  it('refuses a wrong secret with invalid_client', async () => {
    const response = await oauth.clientCredentialsGrantRequest(t.as, { client_id: service.clientId }, oauth.ClientSecretBasic('lys_wrong'), new URLSearchParams(), insecure);
    const refused = await refusal(oauth.processClientCredentialsResponse(t.as, { client_id: service.clientId }, response));
    expect(refused).toMatchObject({ error: 'invalid_client', status: 401 });
  });

  it('answers unauthorized_client (RFC 6749 §5.2) to a client not allowed the grant', async () => {
    const web = await t.addClient({ grants: ['authorization_code'], redirectUris: [REDIRECT], scopes: ['lights:read'] });
    const response = await oauth.clientCredentialsGrantRequest(t.as, { client_id: web.clientId }, oauth.ClientSecretBasic(web.secret!), new URLSearchParams(), insecure);
    expect((await refusal(oauth.processClientCredentialsResponse(t.as, { client_id: web.clientId }, response))).error).toBe('unauthorized_client');
  });

  it('sees a change made through another database connection (the CLI) on the very next request', async () => {
    const client = await t.addClient({ kind: 'device', grants: ['client_credentials'], scopes: ['lights:read'] });
    const request = (secret: string) => oauth.clientCredentialsGrantRequest(t.as, { client_id: client.clientId }, oauth.ClientSecretBasic(secret), new URLSearchParams(), insecure);
    expect((await request(client.secret!)).status).toBe(200); // now cached by the hub
    const { openAdmin } = await import('../../../main/hub/admin/open.ts');
    const cli = openAdmin(t.dataDir);
    try {
      const { clientSecret } = await cli.admin.run('clients.rotateSecret', { clientId: client.clientId }, 'cli');
      expect((await request(client.secret!)).status).toBe(401);
      expect((await request(clientSecret)).status).toBe(200);
    } finally {
      cli.close();
    }
  });

  it('stops working at once when the client is disabled, and works again when enabled', async () => {
    const client = await t.addClient({ kind: 'device', grants: ['client_credentials'], scopes: ['lights:read'] });
    const request = () => oauth.clientCredentialsGrantRequest(t.as, { client_id: client.clientId }, oauth.ClientSecretBasic(client.secret!), new URLSearchParams(), insecure);
    const token = await oauth.processClientCredentialsResponse(t.as, { client_id: client.clientId }, await request());
    await t.run('clients.update', { clientId: client.clientId, disabled: true });
    expect((await refusal(oauth.processClientCredentialsResponse(t.as, { client_id: client.clientId }, await request()))).error).toBe('invalid_client');
    const introspected = await oauth.processIntrospectionResponse(t.as, { client_id: service.clientId }, await oauth.introspectionRequest(t.as, { client_id: service.clientId }, oauth.ClientSecretBasic(service.secret!), token.access_token, insecure));
    expect(introspected.active).toBe(false);
    await t.run('clients.update', { clientId: client.clientId, disabled: false });
    await oauth.processClientCredentialsResponse(t.as, { client_id: client.clientId }, await request());
  });
});

describe('password', () => {
  let app: { clientId: string; secret: string | null };
  beforeAll(async () => {
    app = await t.addClient({ kind: 'first_party', grants: ['password', 'refresh_token'], scopes: ['lights:read', 'lights:write'], accessTokenTtl: 900 });
  });
  const passwordGrant = (client: { clientId: string; secret: string | null }, params: Record<string, string>) =>
    oauth.genericTokenEndpointRequest(t.as, { client_id: client.clientId }, client.secret ? oauth.ClientSecretPost(client.secret) : oauth.None(), 'password', new URLSearchParams(params), insecure);

  it('grants requested ∩ client ∩ role scopes, with a refresh token', async () => {
    const result = await oauth.processGenericTokenEndpointResponse(t.as, { client_id: app.clientId }, await passwordGrant(app, { username: 'gus', password: 'gus-password-12', scope: 'lights:read lights:write' }));
    expect(result.scope).toBe('lights:read'); // gus's guest role lacks lights:write
    expect(result.expires_in).toBe(900);
    expect(result.refresh_token).toBeTruthy();
    const all = await oauth.processGenericTokenEndpointResponse(t.as, { client_id: app.clientId }, await passwordGrant(app, { username: 'alice', password: 'alice-password-1' }));
    expect(all.scope?.split(' ').sort()).toEqual(['lights:read', 'lights:write']);
  });

  it('refuses wrong credentials and unknown users alike with invalid_grant', async () => {
    for (const params of [{ username: 'alice', password: 'not-her-password' }, { username: 'nobody', password: 'whatever-password' }]) {
      const refused = await refusal(oauth.processGenericTokenEndpointResponse(t.as, { client_id: app.clientId }, await passwordGrant(app, params)));
      expect(refused.error).toBe('invalid_grant');
      expect(refused.description).toBe('Wrong username or password.');
    }
  });

  it('refuses a scope the user holds none of with invalid_scope', async () => {
    const refused = await refusal(oauth.processGenericTokenEndpointResponse(t.as, { client_id: app.clientId }, await passwordGrant(app, { username: 'gus', password: 'gus-password-12', scope: 'lights:write' })));
    expect(refused.error).toBe('invalid_scope');
  });

  it('requires the client to authenticate with its secret first', async () => {
    const response = await oauth.genericTokenEndpointRequest(t.as, { client_id: app.clientId }, oauth.ClientSecretPost('lys_not-the-secret'), 'password', new URLSearchParams({ username: 'alice', password: 'alice-password-1' }), insecure);
    expect((await refusal(oauth.processGenericTokenEndpointResponse(t.as, { client_id: app.clientId }, response))).error).toBe('invalid_client');
  });

  it('is never available to a public client', async () => {
    await expect(t.addClient({ public: true, grants: ['password'] })).rejects.toThrow(/public client cannot use the password grant/);
    const spa = await t.addClient({ public: true, grants: ['authorization_code'], redirectUris: [REDIRECT] });
    const response = await passwordGrant(spa, { username: 'alice', password: 'alice-password-1' });
    expect((await refusal(oauth.processGenericTokenEndpointResponse(t.as, { client_id: spa.clientId }, response))).error).toBe('unauthorized_client');
  });

  it('locks out guesses sent all at once after the limit, not after checking them all', async () => {
    const raceHub = await startHub({ limits: { loginFailuresPerUserAndAddress: 5 } });
    try {
      await raceHub.addUser('bob', 'bob-password-12', []);
      const client = await raceHub.addClient({ kind: 'first_party', grants: ['password'] });
      const attempt = async (password: string) => {
        const response = await oauth.genericTokenEndpointRequest(raceHub.as, { client_id: client.clientId }, oauth.ClientSecretBasic(client.secret!), 'password', new URLSearchParams({ username: 'bob', password }), insecure);
        return response.status === 200 ? 'token' : (await refusal(oauth.processGenericTokenEndpointResponse(raceHub.as, { client_id: client.clientId }, response))).description;
      };
      const outcomes = await Promise.all([...Array.from({ length: 30 }, () => attempt('wrong-password')), attempt('bob-password-12')]);
      const checked = outcomes.filter((outcome) => outcome === 'Wrong username or password.').length;
      expect(checked).toBeLessThanOrEqual(5);
      expect(outcomes.filter((outcome) => outcome?.startsWith('Too many failed sign-ins')).length).toBeGreaterThanOrEqual(25);
      expect(outcomes.at(-1)).not.toBe('token'); // the right password arrived after the lock
    } finally {
      await raceHub.cleanup();
    }
  });

  it('never locks out many correct sign-ins arriving at once', async () => {
    const outcomes = await Promise.all(Array.from({ length: 16 }, async () => {
      const response = await oauth.genericTokenEndpointRequest(t.as, { client_id: app.clientId }, oauth.ClientSecretBasic(app.secret!), 'password', new URLSearchParams({ username: 'gus', password: 'gus-password-12' }), insecure);
      return response.status;
    }));
    expect(outcomes.every((status) => status === 200)).toBe(true);
  });

  it('slows down and then locks out repeated failures for one username', async () => {
    const lockHub = await startHub({ limits: { loginFailuresPerUserAndAddress: 3 } });
    try {
      await lockHub.addUser('carol', 'carol-password-1', []);
      const client = await lockHub.addClient({ kind: 'first_party', grants: ['password'] });
      const attempt = async (password: string) => {
        const response = await oauth.genericTokenEndpointRequest(lockHub.as, { client_id: client.clientId }, oauth.ClientSecretBasic(client.secret!), 'password', new URLSearchParams({ username: 'carol', password }), insecure);
        return refusal(oauth.processGenericTokenEndpointResponse(lockHub.as, { client_id: client.clientId }, response));
      };
      for (let i = 0; i < 3; i += 1) expect((await attempt('wrong-password')).description).toBe('Wrong username or password.');
      const locked = await attempt('carol-password-1'); // even the right password is refused now
      expect(locked.error).toBe('invalid_grant');
      expect(locked.description).toMatch(/Too many failed sign-ins/);
      const audit = await lockHub.run('audit.list', { type: 'login.failed' });
      expect(audit.items.length).toBeGreaterThanOrEqual(4);
    } finally {
      await lockHub.cleanup();
    }
  });
});

describe('authorization_code with PKCE', () => {
  async function codeFlow(client: { clientId: string; secret: string | null }, user: { username: string; password: string }, scope: string) {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(t.as.authorization_endpoint!);
    url.search = new URLSearchParams({ client_id: client.clientId, redirect_uri: REDIRECT, response_type: 'code', scope, state, code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }).toString();
    const browser = new FormBrowser(new URL(t.issuer).origin);
    const { finalUrl, sawConsent } = await browser.authorize(url.href, user);
    const callback = oauth.validateAuthResponse(t.as, { client_id: client.clientId }, new URL(finalUrl), state);
    const auth = client.secret ? oauth.ClientSecretBasic(client.secret) : oauth.None();
    const response = await oauth.authorizationCodeGrantRequest(t.as, { client_id: client.clientId }, auth, callback, REDIRECT, verifier, insecure);
    const tokens = await oauth.processAuthorizationCodeResponse(t.as, { client_id: client.clientId }, response);
    return { tokens, sawConsent, finalUrl, browser };
  }

  it('runs login, consent and the code exchange for a confidential web app; state echoed; scopes limited by role', async () => {
    const web = await t.addClient({ name: 'Garden planner', grants: ['authorization_code', 'refresh_token'], redirectUris: [REDIRECT], scopes: ['lights:read', 'lights:write'] });
    const { tokens, sawConsent, finalUrl } = await codeFlow(web, { username: 'gus', password: 'gus-password-12' }, 'lights:read lights:write');
    expect(sawConsent).toBe(true);
    expect(new URL(finalUrl).searchParams.get('iss')).toBe(t.issuer);
    expect(tokens.scope).toBe('lights:read');
    expect(tokens.refresh_token).toBeTruthy();
    const me = await fetch(`${t.url}/api/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(await me.json()).toMatchObject({ username: 'gus', roles: ['guest'] });
  });

  it('lets a public SPA in with PKCE and refuses it without', async () => {
    const spa = await t.addClient({ public: true, grants: ['authorization_code'], redirectUris: [REDIRECT], scopes: ['lights:read'] });
    const { tokens } = await codeFlow(spa, { username: 'alice', password: 'alice-password-1' }, 'lights:read');
    expect(tokens.scope).toBe('lights:read');
    const url = new URL(t.as.authorization_endpoint!);
    url.search = new URLSearchParams({ client_id: spa.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'lights:read', state: 's1' }).toString();
    const page = await new FormBrowser(new URL(t.issuer).origin).follow(url.href);
    const error = new URL(page.location!);
    expect(error.searchParams.get('error')).toBe('invalid_request');
    expect(error.searchParams.get('error_description')).toMatch(/PKCE/i);
    expect(error.searchParams.get('state')).toBe('s1');
  });

  it('matches redirect URIs exactly', async () => {
    const web = await t.addClient({ grants: ['authorization_code'], redirectUris: [REDIRECT] });
    for (const redirect of [`${REDIRECT}/`, `${REDIRECT}?x=1`, REDIRECT.replace('https', 'http'), REDIRECT.toUpperCase()]) {
      const url = new URL(t.as.authorization_endpoint!);
      url.search = new URLSearchParams({ client_id: web.clientId, redirect_uri: redirect, response_type: 'code', state: 's' }).toString();
      const page = await new FormBrowser(new URL(t.issuer).origin).follow(url.href);
      expect(page.location, redirect).toBeNull(); // never sent to an unregistered URI
      expect(page.status).toBe(400);
      expect(page.html).toMatch(/redirect_uri/);
    }
  });

  it('skips consent for first-party clients', async () => {
    const first = await t.addClient({ grants: ['authorization_code'], redirectUris: [REDIRECT], scopes: ['lights:read'], firstParty: true });
    const { sawConsent, tokens } = await codeFlow(first, { username: 'alice', password: 'alice-password-1' }, 'lights:read');
    expect(sawConsent).toBe(false);
    expect(tokens.scope).toBe('lights:read');
  });

  it('sends access_denied with the state when the user denies', async () => {
    const web = await t.addClient({ grants: ['authorization_code'], redirectUris: [REDIRECT], scopes: ['lights:read'] });
    const url = new URL(t.as.authorization_endpoint!);
    url.search = new URLSearchParams({ client_id: web.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'lights:read', state: 'deny-state', code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()), code_challenge_method: 'S256' }).toString();
    const { finalUrl } = await new FormBrowser(new URL(t.issuer).origin).authorize(url.href, { username: 'alice', password: 'alice-password-1' }, 'deny');
    const params = new URL(finalUrl).searchParams;
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('state')).toBe('deny-state');
  });

  it('issues ID tokens and userinfo for OpenID requests', async () => {
    const web = await t.addClient({ grants: ['authorization_code'], redirectUris: [REDIRECT] });
    const { tokens } = await codeFlow(web, { username: 'alice', password: 'alice-password-1' }, 'openid profile');
    expect(tokens.id_token).toBeTruthy();
    const claims = oauth.getValidatedIdTokenClaims(tokens)!;
    expect(claims.preferred_username).toBe('alice'); // with openid alone, so apps can greet by name
    const response = await oauth.userInfoRequest(t.as, { client_id: web.clientId }, tokens.access_token, insecure);
    const info = await oauth.processUserInfoResponse(t.as, { client_id: web.clientId }, claims.sub, response);
    expect(info).toMatchObject({ preferred_username: 'alice', roles: ['resident'] });
  });
});

describe('implicit (response_type=token)', () => {
  it('returns exactly the RFC 6749 §4.2 fragment, without a refresh token', async () => {
    const legacy = await t.addClient({ name: 'Old tablet app', grants: ['implicit'], redirectUris: ['http://tablet.local/cb'], scopes: ['lights:read'], accessTokenTtl: 300 });
    const url = new URL(t.as.authorization_endpoint!);
    url.search = new URLSearchParams({ client_id: legacy.clientId, redirect_uri: 'http://tablet.local/cb', response_type: 'token', scope: 'lights:read', state: 'st-42' }).toString();
    const { finalUrl, sawConsent } = await new FormBrowser(new URL(t.issuer).origin).authorize(url.href, { username: 'alice', password: 'alice-password-1' });
    expect(sawConsent).toBe(true);
    const target = new URL(finalUrl);
    expect(target.origin + target.pathname).toBe('http://tablet.local/cb');
    expect(target.search).toBe('');
    const fragment = new URLSearchParams(target.hash.slice(1));
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(fragment.get('expires_in')).toBe('300');
    expect(fragment.get('scope')).toBe('lights:read');
    expect(fragment.get('state')).toBe('st-42');
    expect(fragment.has('code')).toBe(false);
    expect(fragment.has('refresh_token')).toBe(false);
    const me = await fetch(`${t.url}/api/me`, { headers: { authorization: `Bearer ${fragment.get('access_token')}` } });
    expect(me.status).toBe(200);
    const listed = await t.run('tokens.list', { clientId: legacy.clientId });
    expect(listed.items.map((token) => token.type)).toEqual(['access_token']);
  });

  it('follows the user\'s current roles even when the consent is remembered', async () => {
    await t.run('roles.create', { name: 'lodger', scopes: ['tv:watch', 'tv:record'] });
    await t.addUser('lou', 'lou-password-12', ['lodger']);
    const app = await t.addClient({ grants: ['implicit'], redirectUris: ['http://tv.local/cb'], scopes: ['tv:watch', 'tv:record'] });
    const url = new URL(t.as.authorization_endpoint!);
    url.search = new URLSearchParams({ client_id: app.clientId, redirect_uri: 'http://tv.local/cb', response_type: 'token', scope: 'tv:watch tv:record', state: 's' }).toString();
    const browser = new FormBrowser(new URL(t.issuer).origin);
    const first = new URLSearchParams(new URL((await browser.authorize(url.href, { username: 'lou', password: 'lou-password-12' })).finalUrl).hash.slice(1));
    expect(first.get('scope')?.split(' ').sort()).toEqual(['tv:record', 'tv:watch']);
    await t.run('roles.update', { name: 'lodger', scopes: ['tv:watch'] });
    const again = await browser.follow(url.href); // signed in, consent remembered: straight back
    const second = new URLSearchParams(new URL(again.location!).hash.slice(1));
    expect(second.get('scope')).toBe('tv:watch');
    const listed = await t.run('tokens.list', { clientId: app.clientId });
    expect(listed.items.map((token) => token.scope.split(' ').sort().join(' ')).sort()).toEqual(['tv:record tv:watch', 'tv:watch']);
  });

  it('is refused for clients not allowed the implicit grant, and the internal spelling is refused', async () => {
    const web = await t.addClient({ grants: ['authorization_code'], redirectUris: [REDIRECT] });
    const url = new URL(t.as.authorization_endpoint!);
    url.search = new URLSearchParams({ client_id: web.clientId, redirect_uri: REDIRECT, response_type: 'token', state: 'x' }).toString();
    const page = await new FormBrowser(new URL(t.issuer).origin).follow(url.href);
    const error = new URLSearchParams(new URL(page.location!).hash.slice(1));
    expect(error.get('error'), error.get('error_description') ?? '').toBe('unauthorized_client');
    expect(error.get('state')).toBe('x');
    url.search = new URLSearchParams({ client_id: web.clientId, redirect_uri: REDIRECT, response_type: 'code token' }).toString();
    const internal = await new FormBrowser(new URL(t.issuer).origin).follow(url.href);
    expect(internal.status).toBe(400);
    expect(internal.html).toMatch(/unsupported_response_type/);
  });
});

describe('implicit cannot be turned into a code', () => {
  it('refuses every spelling of the internal "code token", and an implicit-only client cannot exchange codes', async () => {
    const legacy = await t.addClient({ grants: ['implicit'], redirectUris: ['http://tablet.local/cb'], scopes: ['lights:read'] });
    for (const responseType of ['token code', 'code token', 'code  token', 'token code token']) {
      const url = new URL(t.as.authorization_endpoint!);
      url.search = new URLSearchParams({ client_id: legacy.clientId, redirect_uri: 'http://tablet.local/cb', response_type: responseType, scope: 'lights:read' }).toString();
      const page = await new FormBrowser(new URL(t.issuer).origin).follow(url.href);
      expect(page.status, responseType).toBe(400);
      expect(page.html).toMatch(/unsupported_response_type/);
    }
    const modeUrl = new URL(t.as.authorization_endpoint!);
    modeUrl.search = new URLSearchParams({ client_id: legacy.clientId, redirect_uri: 'http://tablet.local/cb', response_type: 'code', response_mode: 'lanyard_implicit' }).toString();
    expect((await new FormBrowser(new URL(t.issuer).origin).follow(modeUrl.href)).status).toBe(400);
    // Pushed authorization requests are off: nothing reaches the provider around the guard.
    expect(t.as.pushed_authorization_request_endpoint).toBeUndefined();
    const par = await fetch(`${t.url}/par`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `client_id=${legacy.clientId}&response_type=token+code` });
    expect(par.status).toBe(404);
    // Even with a code in hand (it never gets one), the grant is not its to use.
    const exchange = await fetch(t.as.token_endpoint!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'authorization_code', client_id: legacy.clientId, client_secret: legacy.secret!, code: 'whatever', redirect_uri: 'http://tablet.local/cb' }) });
    expect(((await exchange.json()) as { error: string }).error).toBe('unauthorized_client');
  });
});

describe('refresh_token', () => {
  it('rotates, and presenting a used refresh token revokes the whole grant', async () => {
    const app = await t.addClient({ kind: 'first_party', grants: ['password', 'refresh_token'], scopes: ['lights:read'] });
    const client = { client_id: app.clientId };
    const auth = oauth.ClientSecretBasic(app.secret!);
    const first = await signIn(app, 'alice', 'alice-password-1');
    const second = await oauth.processRefreshTokenResponse(t.as, client, await oauth.refreshTokenGrantRequest(t.as, client, auth, first.refresh_token!, insecure));
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.scope).toBe('lights:read');
    // Reuse of the first (consumed) refresh token: refused, and everything of the grant dies.
    expect((await refusal(oauth.processRefreshTokenResponse(t.as, client, await oauth.refreshTokenGrantRequest(t.as, client, auth, first.refresh_token!, insecure)))).error).toBe('invalid_grant');
    expect((await refusal(oauth.processRefreshTokenResponse(t.as, client, await oauth.refreshTokenGrantRequest(t.as, client, auth, second.refresh_token!, insecure)))).error).toBe('invalid_grant');
    const introspected = await oauth.processIntrospectionResponse(t.as, client, await oauth.introspectionRequest(t.as, client, auth, second.access_token, insecure));
    expect(introspected.active).toBe(false);
  });
});

describe('a token answer after its rows are written', () => {
  it('a refresh whose new access token cannot be stored answers server_error, never tokens', async () => {
    const app = await t.addClient({ kind: 'first_party', grants: ['password', 'refresh_token'], scopes: ['lights:read'] });
    const client = { client_id: app.clientId };
    const auth = oauth.ClientSecretBasic(app.secret!);
    const first = await signIn(app, 'alice', 'alice-password-1');
    // The last of the refresh's three writes fails when its batch commits.
    t.withDatabase((db) => db.exec(`CREATE TRIGGER refuse_access BEFORE INSERT ON tokens WHEN NEW.model = 'AccessToken' AND NEW.client_id = '${app.clientId}'
                                    BEGIN SELECT RAISE(ABORT, 'the disk refused'); END`));
    try {
      const response = await oauth.refreshTokenGrantRequest(t.as, client, auth, first.refresh_token!, insecure);
      expect(response.status).toBe(500);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body.error).toBe('server_error');
      expect(body).not.toHaveProperty('access_token');
      expect(body).not.toHaveProperty('refresh_token');
      expect(JSON.stringify(body)).not.toMatch(/refused|sqlite|at .*\.ts/i); // no internals
    } finally {
      t.withDatabase((db) => db.exec('DROP TRIGGER IF EXISTS refuse_access'));
    }
    // The hub serves on. (The refused refresh consumed the old refresh token: the client signs in again.)
    const again = await signIn(app, 'alice', 'alice-password-1');
    expect((await t.introspect(app, again.access_token)).active).toBe(true);
  });
});

describe('role changes', () => {
  it('a permission withdrawn from a role is gone from the next refreshed token', async () => {
    await t.run('roles.create', { name: 'tenant', scopes: ['heat:read', 'heat:write'] });
    await t.addUser('tina', 'tina-password-1', ['tenant']);
    const app = await t.addClient({ kind: 'first_party', grants: ['password', 'refresh_token'], scopes: ['heat:read', 'heat:write'] });
    const client = { client_id: app.clientId };
    const auth = oauth.ClientSecretBasic(app.secret!);
    const first = await signIn(app, 'tina', 'tina-password-1');
    expect(first.scope?.split(' ').sort()).toEqual(['heat:read', 'heat:write']);
    await t.run('roles.update', { name: 'tenant', scopes: ['heat:read'] });
    const refreshed = await oauth.processRefreshTokenResponse(t.as, client, await oauth.refreshTokenGrantRequest(t.as, client, auth, first.refresh_token!, insecure));
    expect(refreshed.scope).toBe('heat:read');
  });
});

describe('introspection and revocation', () => {
  it('introspects per RFC 7662 and revokes per RFC 7009', async () => {
    const rs = await t.addClient({ kind: 'service', grants: ['client_credentials'], scopes: ['lights:read'] });
    const client = { client_id: rs.clientId };
    const auth = oauth.ClientSecretBasic(rs.secret!);
    const token = await oauth.processClientCredentialsResponse(t.as, client, await oauth.clientCredentialsGrantRequest(t.as, client, auth, new URLSearchParams({ scope: 'lights:read' }), insecure));
    const active = await oauth.processIntrospectionResponse(t.as, client, await oauth.introspectionRequest(t.as, client, auth, token.access_token, insecure));
    expect(active).toMatchObject({ active: true, client_id: rs.clientId, scope: 'lights:read', token_type: 'Bearer', aud: 'urn:lanyard:api' });
    await oauth.processRevocationResponse(await oauth.revocationRequest(t.as, client, auth, token.access_token, insecure));
    const inactive = await oauth.processIntrospectionResponse(t.as, client, await oauth.introspectionRequest(t.as, client, auth, token.access_token, insecure));
    expect(inactive.active).toBe(false);
    const unknown = await oauth.processIntrospectionResponse(t.as, client, await oauth.introspectionRequest(t.as, client, auth, 'not-a-token', insecure));
    expect(unknown.active).toBe(false);
  });

  it('finds a token whose application was disabled without revoking it (a race) inactive, and does not fail on it', async () => {
    const app = await t.addClient({ kind: 'first_party', grants: ['password'], scopes: ['lights:read'] });
    const machine = await t.addClient({ kind: 'service', grants: ['client_credentials'], scopes: ['lights:read'] });
    const rs = await t.addClient({ kind: 'service', grants: ['client_credentials'] });
    const user = await signIn(app, 'alice', 'alice-password-1');
    const service = await oauth.processClientCredentialsResponse(t.as, { client_id: machine.clientId }, await oauth.clientCredentialsGrantRequest(t.as, { client_id: machine.clientId }, oauth.ClientSecretBasic(machine.secret!), new URLSearchParams({ scope: 'lights:read' }), insecure));
    expect((await t.introspect(rs, user.access_token)).active).toBe(true);
    expect((await t.introspect(rs, service.access_token)).active).toBe(true);
    // What a token minted as another process disables its client is left with: the client
    // disabled, the token's row still there (the console and CLI revoke; this skips that).
    t.withDatabase((db) => db.prepare('UPDATE clients SET disabled = 1 WHERE client_id IN (?, ?)').run(app.clientId, machine.clientId));
    expect((await t.introspect(rs, user.access_token)).active).toBe(false);
    expect((await t.introspect(rs, service.access_token)).active).toBe(false);
  });

  it('lets only a refresh token\'s own client introspect it, and issues no DPoP-bound tokens', async () => {
    expect(t.as.dpop_signing_alg_values_supported).toBeUndefined();
    const app = await t.addClient({ kind: 'first_party', grants: ['password', 'refresh_token'], scopes: ['lights:read'] });
    const rs = await t.addClient({ kind: 'service', grants: ['client_credentials'] });
    const response = await oauth.genericTokenEndpointRequest(t.as, { client_id: app.clientId }, oauth.ClientSecretBasic(app.secret!), 'password', new URLSearchParams({ username: 'alice', password: 'alice-password-1' }), insecure);
    const tokens = await oauth.processGenericTokenEndpointResponse(t.as, { client_id: app.clientId }, response);
    expect((await t.introspect(rs, tokens.access_token)).active).toBe(true);
    expect((await t.introspect(rs, tokens.refresh_token!)).active).toBe(false);
    expect((await t.introspect(app, tokens.refresh_token!)).active).toBe(true);
  });
});
