// One test per oidc-provider touchpoint (main/hub/oauth/touchpoints.ts). Each checks the behaviour
// Lanyard relies on, so an oidc-provider upgrade that changes it fails here, loudly and by name.
import Database from 'better-sqlite3';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import Provider from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { IMPLICIT_RELAXED_CHECKS, lanFetch, SECRET_PAYLOAD_FIELDS } from '../../../main/hub/oauth/touchpoints.ts';
import { FormBrowser } from '../../support/browser.ts';
import { addResidentAlice, insecure, startHubForFile } from '../../support/hub.ts';
import { BackchannelReceiver } from '../../support/relying-party.ts';

const readSessions = (dataDir: string): number => {
  const db = new Database(join(dataDir, 'lanyard.db'), { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM oidc_models WHERE model = 'Session'").pluck().get() as number;
  } finally {
    db.close();
  }
};

const t = startHubForFile(addResidentAlice);

const form = (body: Record<string, string>, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(body).toString(), redirect: 'manual' as const });
const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

describe('oidc-provider touchpoints', () => {
  it('1. relaxImplicitRedirectChecks: a bare provider refuses implicit http:// redirects with exactly the codes we relax', async () => {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    const bare = new Provider('http://127.0.0.1:1', { responseTypes: ['code token'], jwks: { keys: [key as never] }, features: { devInteractions: { enabled: false } } });
    const metadata = { client_id: 'x', client_secret: 'y'.repeat(32), grant_types: ['implicit', 'authorization_code'], response_types: ['code token'], redirect_uris: ['http://tablet.local/cb'] };
    const invalidate = (bare.Client as unknown as { Schema: { prototype: { invalidate(message: string, code?: string): void } } }).Schema.prototype.invalidate;
    const seen: (string | undefined)[] = [];
    (bare.Client as unknown as { Schema: { prototype: { invalidate(message: string, code?: string): void } } }).Schema.prototype.invalidate = function spy(message: string, code?: string) {
      seen.push(code);
      return invalidate.call(this, message, code);
    };
    const refusal = await (bare.Client as unknown as { validate(m: object): Promise<void> }).validate(metadata).then(() => undefined, (error: unknown) => error);
    expect(refusal, 'a bare provider must refuse this client, or the override is no longer needed').toBeDefined();
    expect(seen.some((code) => (IMPLICIT_RELAXED_CHECKS as readonly (string | undefined)[]).includes(code))).toBe(true);
    // And the hub accepts such a client.
    await t.addClient({ kind: 'web', grants: ['implicit'], redirectUris: ['http://tablet.local/cb', 'http://localhost:8080/cb'], scopes: ['lights:read'] });
  });

  it('2. operatorGrantListDecides: an implicit-only client cannot exchange codes, though the provider would allow it', async () => {
    const implicitOnly = await t.addClient({ kind: 'web', grants: ['implicit'], redirectUris: ['http://tablet.local/cb'] });
    const response = await fetch(`${t.url}/token`, form({ grant_type: 'authorization_code', code: 'whatever', redirect_uri: 'http://tablet.local/cb' }, basic(implicitOnly.clientId, implicitOnly.secret!)));
    expect(await response.json()).toMatchObject({ error: 'unauthorized_client' });
  });

  it('2. operatorGrantListDecides: the operator\'s grant list decides response types too — a device waiting for approval is refused at /authorize', async () => {
    // The override wraps Client.prototype.responseTypeAllowed, which the authorization endpoint asks.
    expect(typeof (new Provider('http://localhost').Client.prototype as unknown as { responseTypeAllowed?: unknown }).responseTypeAllowed).toBe('function');
    const { initialAccessToken } = await t.run('pairings.create', { grants: ['authorization_code'], requiresApproval: true });
    const registration = await fetch(`${t.url}/reg`, {
      method: 'POST',
      headers: { authorization: `Bearer ${initialAccessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Frame', grant_types: ['authorization_code'], redirect_uris: ['https://frame.local/cb'], token_endpoint_auth_method: 'none' }),
    });
    const { client_id } = (await registration.json()) as { client_id: string };
    const query = new URLSearchParams({ client_id, response_type: 'code', redirect_uri: 'https://frame.local/cb', scope: 'openid', state: 's', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
    const response = await fetch(`${t.url}/authorize?${query}`, { redirect: 'manual' });
    const location = new URL(response.headers.get('location')!);
    expect(location.host).toBe('frame.local');
    expect(location.searchParams.get('error')).toBe('unauthorized_client');
  });

  it('3. compareHashedSecrets: the secret authenticates, and neither a wrong secret nor the stored hash does', async () => {
    const service = await t.addClient({ kind: 'service', grants: ['client_credentials'], scopes: ['lights:read'] });
    const { sha256 } = await import('../../../main/hub/security/secrets.ts');
    const attempt = (secret: string) => fetch(`${t.url}/token`, form({ grant_type: 'client_credentials' }, basic(service.clientId, secret)));
    expect((await attempt(service.secret!)).status).toBe(200);
    expect(await (await attempt(`${service.secret!}x`)).json()).toMatchObject({ error: 'invalid_client' });
    expect(await (await attempt(sha256(service.secret!))).json()).toMatchObject({ error: 'invalid_client' });
  });

  it('4. grantNotAllowed: the token and device endpoints answer unauthorized_client for a grant the client may not use', async () => {
    const web = await t.addClient({ kind: 'web', grants: ['authorization_code'], redirectUris: ['https://app.local/cb'] });
    const token = await fetch(`${t.url}/token`, form({ grant_type: 'client_credentials' }, basic(web.clientId, web.secret!)));
    expect(await token.json()).toMatchObject({ error: 'unauthorized_client' });
    const device = await fetch(`${t.url}/device/auth`, form({ client_id: web.clientId }, basic(web.clientId, web.secret!)));
    expect(await device.json()).toMatchObject({ error: 'unauthorized_client' });
  });

  it('5. responseTypeNotAllowed: the authorization endpoint redirects with unauthorized_client', async () => {
    const codeOnly = await t.addClient({ kind: 'web', grants: ['authorization_code'], redirectUris: ['https://app.local/cb'] });
    const response = await fetch(`${t.url}/authorize?${new URLSearchParams({ client_id: codeOnly.clientId, response_type: 'token', redirect_uri: 'https://app.local/cb', scope: 'lights:read', state: 's' })}`, { redirect: 'manual' });
    const location = new URL(response.headers.get('location')!);
    expect(new URLSearchParams(location.hash.slice(1) || location.search.slice(1)).get('error')).toBe('unauthorized_client');
  });

  it('6 and 8. codeFormXsrf / isCodeFormRefusal: our code page posts the provider\'s xsrf back; a wrong one is refused in words', async () => {
    const browser = new FormBrowser(t.url);
    const page = await browser.request(`${t.url}/device`);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.html)?.[1];
    expect(xsrf).toMatch(/^[0-9a-f]{48}$/);
    const accepted = await browser.request(`${t.url}/device`, { form: { xsrf: xsrf!, user_code: 'BCDF-GHJK' } });
    expect(accepted.html).toContain('No device is waiting for this code');
    const refused = await browser.request(`${t.url}/device`, { form: { xsrf: 'f'.repeat(48), user_code: 'BCDF-GHJK' } });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('This form has expired or was not sent by this page');
  });

  it('7. isSessionlessCodeFormCrash: a code form posted without a session starts over instead of failing', async () => {
    const response = await fetch(`${t.url}/device`, form({ xsrf: 'a'.repeat(48), user_code: 'BCDF-GHJK' }));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/device?user_code=BCDF-GHJK');
  });

  it('9. device code decisions: a device approved by an administrator gets its tokens at the next poll', async () => {
    const device = await t.addClient({ kind: 'device', grants: ['device_code'], public: true, scopes: ['lights:read'] });
    const client = { client_id: device.clientId, token_endpoint_auth_method: 'none' } as const;
    const started = await oauth.processDeviceAuthorizationResponse(t.as, client, await oauth.deviceAuthorizationRequest(t.as, client, oauth.None(), new URLSearchParams({ scope: 'lights:read' }), insecure));
    await t.run('devices.decide', { userCode: started.user_code, decision: 'approve', username: 'alice' });
    const tokens = await oauth.processGenericTokenEndpointResponse(t.as, client, await oauth.deviceCodeGrantRequest(t.as, client, oauth.None(), started.device_code, insecure));
    expect(tokens.scope).toBe('lights:read');
  });

  it('10. apiResourceServer: a password-grant token introspects with the API audience and refreshes', async () => {
    const app = await t.addClient({ kind: 'first_party', grants: ['password', 'refresh_token'], scopes: ['lights:read'] });
    const client = { client_id: app.clientId };
    const auth = oauth.ClientSecretBasic(app.secret!);
    const first = await oauth.processGenericTokenEndpointResponse(t.as, client, await oauth.genericTokenEndpointRequest(t.as, client, auth, 'password', new URLSearchParams({ username: 'alice', password: 'alice-password-1' }), insecure));
    const introspection = await oauth.processIntrospectionResponse(t.as, client, await oauth.introspectionRequest(t.as, client, auth, first.access_token, insecure));
    expect(introspection).toMatchObject({ active: true, aud: 'urn:lanyard:api', scope: 'lights:read' });
    const refreshed = await oauth.processRefreshTokenResponse(t.as, client, await oauth.refreshTokenGrantRequest(t.as, client, auth, first.refresh_token!, insecure));
    expect(refreshed.scope).toBe('lights:read');
  });

  it('11. SECRET_PAYLOAD_FIELDS: the models whose ids are secret carry exactly the payload fields it was written for', () => {
    // A new field in one of these models may carry a secret: check it, add it to
    // SECRET_PAYLOAD_FIELDS if it does, then update this list.
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
    const bare = new Provider('http://127.0.0.1:1', { adapter: (() => ({})) as never, jwks: { keys: [key as never] }, features: { devInteractions: { enabled: false } } });
    const fields = (model: string) => [...new Set((bare as unknown as Record<string, { IN_PAYLOAD: string[] }>)[model]!.IN_PAYLOAD)].sort();
    expect(fields('Session')).toEqual(['acr', 'amr', 'accountId', 'authorizations', 'exp', 'iat', 'jti', 'kind', 'loginTs', 'state', 'transient', 'uid'].sort());
    expect(fields('Interaction')).toEqual(['cid', 'deviceCode', 'exp', 'grantId', 'iat', 'jti', 'kind', 'lastSubmission', 'params', 'parJti', 'prompt', 'result', 'returnTo', 'session', 'trusted'].sort());
    expect(fields('DeviceCode')).toEqual(expect.arrayContaining(['userCode', 'jti']));
    for (const [model, paths] of Object.entries(SECRET_PAYLOAD_FIELDS)) for (const path of paths) expect(fields(model)).toContain(path[0]);
  });

  it('12. anonymous sessions: a signed-in session is destroyed at sign-out, never saved without its account', async () => {
    const sessions = () => readSessions(t.dataDir);
    const web = await t.addClient({ grants: ['authorization_code'], redirectUris: ['https://app.example.test/cb'], firstParty: true });
    const url = new URL(t.as.authorization_endpoint!);
    url.search = new URLSearchParams({ client_id: web.clientId, redirect_uri: 'https://app.example.test/cb', response_type: 'code', code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()), code_challenge_method: 'S256' }).toString();
    const browser = new FormBrowser(new URL(t.issuer).origin);
    const before = sessions();
    await browser.authorize(url.href, { username: 'alice', password: 'alice-password-1' });
    await t.hub.purgeExpired(); // lets queued writes land
    expect(sessions()).toBe(before + 1);
    const page = await browser.request(`${t.url}/logout`);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.html)![1]!;
    await browser.follow(new URL(FormBrowser.action(page.html, '/logout/confirm'), t.url).href, { form: { xsrf, logout: 'yes' } });
    await browser.request(`${t.url}/logout`); // and an anonymous visit afterwards stores nothing
    await t.hub.purgeExpired();
    expect(sessions()).toBe(before);
  });

  it('13. lanFetch: the provider guards its outgoing requests against LAN addresses; without the guard a back-channel logout reaches one', async () => {
    const receiver = await BackchannelReceiver.start();
    try {
      const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
      const metadata = { client_id: 'lan-app', client_secret: 'y'.repeat(32), redirect_uris: ['https://app.local/cb'], backchannel_logout_uri: receiver.url, backchannel_logout_session_required: true };
      const backchannelLogout = async (fetch?: typeof lanFetch) => {
        const bare = new Provider('http://127.0.0.1:1', { clients: [metadata], jwks: { keys: [key as never] }, features: { devInteractions: { enabled: false }, backchannelLogout: { enabled: true } }, ...(fetch ? { fetch: fetch as never } : {}) });
        const lanApp = (await bare.Client.find('lan-app')) as unknown as { backchannelLogout(sub: string, sid: string): Promise<void> };
        return lanApp.backchannelLogout('usr_1', 'sid-1').then(() => 'delivered', (error: unknown) => error);
      };
      // The provider still hands fetch a dispatcher that cuts connections to special-use
      // addresses: 127.0.0.1 is one, like every private LAN address.
      const refused = await backchannelLogout();
      expect(refused, 'if a bare provider reaches 127.0.0.1, the guard changed and lanFetch may be unnecessary').toBeInstanceOf(Error);
      expect(receiver.tokens).toHaveLength(0);
      let handed: unknown;
      await backchannelLogout((url, options) => {
        handed = options.dispatcher;
        return lanFetch(url, options);
      });
      expect(handed, 'the provider no longer passes a dispatcher: check how it guards outgoing requests now').toBeDefined();
      expect(await backchannelLogout(lanFetch)).toBe('delivered');
      expect(receiver.tokens).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });

  it('14. unregisteredPostLogoutUri: the end-session endpoint refuses an unregistered URI, and the page says why in words', async () => {
    const { client } = await t.run('clients.create', { kind: 'web', name: 'Planner', grants: ['authorization_code'], redirectUris: ['https://app.local/cb'], postLogoutRedirectUris: ['https://app.local/bye'] });
    const url = (uri: string) => `${t.url}/logout?${new URLSearchParams({ client_id: client.clientId, post_logout_redirect_uri: uri })}`;
    const json = await fetch(url('https://app.local/other'), { headers: { accept: 'application/json' } });
    expect(await json.json()).toEqual({ error: 'invalid_request', error_description: 'post_logout_redirect_uri not registered' });
    const page = await fetch(url('https://app.local/other'), { headers: { accept: 'text/html' } });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('Planner asked to send you to https://app.local/other after signing out');
    // A registered one is not refused (nobody is signed in: the provider goes on to confirm).
    expect((await fetch(url('https://app.local/bye'), { headers: { accept: 'text/html' } })).status).toBe(200);
  });

  it('15. redeemOwnCode: the account page signs in with its code once; the same code again is refused', async () => {
    const origin = new URL(t.issuer).origin;
    const browser = new FormBrowser(origin, [`${origin}/account/callback`]);
    const login = await browser.follow(`${origin}/account`);
    const back = await browser.follow(new URL(FormBrowser.action(login.html, '/login'), origin).href, { form: { csrf: FormBrowser.csrf(login.html), username: 'alice', password: 'alice-password-1' } });
    expect(back.location).toMatch(/\/account\/callback\?code=/);
    const flowCookie = new Map(browser.jar);
    const first = await browser.request(back.location!);
    expect(first).toMatchObject({ status: 303, location: `${origin}/account` });
    for (const [name, value] of flowCookie) browser.jar.set(name, value); // replay with the PKCE verifier's cookie
    const replay = await browser.request(back.location!);
    expect(replay.status).toBe(400);
    expect(replay.html).toContain('The sign-in was cancelled or has expired.');
  });

  it('16. mintAccessToken: a token the hub mints lives as long as asked, with a grant that lives as long', async () => {
    const rs = await t.addClient({ kind: 'service', grants: ['client_credentials'] });
    const client = { client_id: rs.clientId };
    const created = await t.run('personalTokens.create', { userId: 'alice', name: 'touchpoint', scopes: ['lights:read'], expiresIn: 7200 });
    const introspection = await oauth.processIntrospectionResponse(t.as, client, await oauth.introspectionRequest(t.as, client, oauth.ClientSecretBasic(rs.secret!), created.token, insecure));
    expect(introspection).toMatchObject({ active: true, scope: 'lights:read', aud: 'urn:lanyard:api' });
    expect(introspection.exp! - introspection.iat!).toBe(7200);
    const { Store } = await import('../../../main/hub/store/index.ts');
    const store = new Store(t.dataDir);
    try {
      const grantId = store.personalTokens.find(created.id)!.grantId;
      const grantExpires = store.db.prepare("SELECT expires_at FROM oidc_models WHERE model = 'Grant' AND id = ?").pluck().get(grantId) as number;
      expect(Math.abs(grantExpires - introspection.exp!)).toBeLessThanOrEqual(2);
    } finally {
      store.close();
    }
  });
});

describe('oidc-provider touchpoints for registration', () => {
  it('17. presentStoredSecret: an RFC 7592 update takes the device\'s secret, and neither a wrong one nor the stored hash', async () => {
    const { initialAccessToken } = await t.run('pairings.create', {});
    const created = await fetch(`${t.issuer}/reg`, { method: 'POST', headers: { authorization: `Bearer ${initialAccessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ grant_types: ['client_credentials'] }) });
    const registered = (await created.json()) as { client_id: string; client_secret: string; registration_access_token: string; registration_client_uri: string };
    const hash = t.withDatabase((db) => db.prepare('SELECT secret_hash FROM clients WHERE client_id = ?').pluck().get(registered.client_id) as string);
    const put = (secret: string) =>
      fetch(registered.registration_client_uri, { method: 'PUT', headers: { authorization: `Bearer ${registered.registration_access_token}`, 'content-type': 'application/json' }, body: JSON.stringify({ client_id: registered.client_id, client_secret: secret, grant_types: ['client_credentials'] }) });
    expect(await (await put(hash)).json()).toMatchObject({ error: 'invalid_request' });
    expect(await (await put('lys_wrong')).json()).toMatchObject({ error: 'invalid_request' });
    expect((await put(registered.client_secret)).status).toBe(200);
  });
});
