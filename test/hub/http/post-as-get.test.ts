// POST at the authorization endpoint (OpenID Connect Core 1.0 §3.1.2.1), through the Smartenit
// aliases too: the answer is a 303 to the very GET the provider serves, so everything after it —
// sign-in, consent, the implicit translation, errors — is the GET's. Requests are built with
// oauth4webapi; the person is a cookie-keeping form client. (Chromium, cross-site, and the
// cookies: test/e2e/standards.e2e.test.ts.)
import { generateKeyPairSync } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import Provider from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { POST_AS_GET_LIMIT } from '../../../main/hub/http/post-as-get.ts';
import { FormBrowser } from '../../support/browser.ts';
import { addResidentAlice, insecure, startHubForFile } from '../../support/hub.ts';

const CALLBACK = 'https://planner.example.test/cb';
const t = startHubForFile(addResidentAlice);

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body, redirect: 'manual' });

async function codeRequest(clientId: string) {
  const verifier = oauth.generateRandomCodeVerifier();
  const params = new URLSearchParams({ client_id: clientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid lights:read', state: oauth.generateRandomState(), code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
  return { params, verifier };
}

describe('POST at the authorization endpoint', () => {
  it('oidc-provider still ties its own POST support to SameSite=None (why post-as-get exists)', () => {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    const make = (sameSite: 'lax' | 'none') => () => new Provider('http://127.0.0.1:1', { enableHttpPostMethods: true, cookies: { long: { sameSite } }, jwks: { keys: [key as never] } });
    expect(make('lax'), 'if this stops throwing, the provider can serve POST with Lax cookies itself').toThrow(/sameSite is set to none/);
    expect(make('none')).not.toThrow();
  });

  it('answers a form POST with a 303 to the same request as a GET, for /authorize and the Smartenit aliases', async () => {
    const app = await t.addClient({ grants: ['authorization_code'], redirectUris: [CALLBACK], scopes: ['lights:read'] });
    const { params } = await codeRequest(app.clientId);
    for (const path of ['/authorize', '/v2/oauth2/authorize', '/v2/oauth2/dialog']) {
      const response = await post(path, params.toString());
      expect(response.status, path).toBe(303);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const target = new URL(response.headers.get('location')!, t.url);
      expect(target.pathname).toBe('/authorize');
      expect([...target.searchParams]).toEqual([...params]);
    }
  });

  it('signs the person in and returns a code the client exchanges, exactly as for GET', async () => {
    const app = await t.addClient({ grants: ['authorization_code'], redirectUris: [CALLBACK], scopes: ['lights:read'] });
    const client = { client_id: app.clientId };
    const { params, verifier } = await codeRequest(app.clientId);
    const browser = new FormBrowser(t.url);
    const posted = await browser.request(`${t.url}/v2/oauth2/dialog`, { form: Object.fromEntries(params) });
    const { finalUrl, sawConsent } = await browser.authorize(posted.location!, { username: 'alice', password: 'alice-password-1' });
    expect(sawConsent).toBe(true);
    const callback = oauth.validateAuthResponse(t.as, client, new URL(finalUrl), params.get('state')!);
    const tokens = await oauth.processAuthorizationCodeResponse(t.as, client, await oauth.authorizationCodeGrantRequest(t.as, client, oauth.ClientSecretBasic(app.secret!), callback, CALLBACK, verifier, insecure));
    expect(tokens.scope).toBe('lights:read');
    expect(oauth.getValidatedIdTokenClaims(tokens)?.sub).toEqual(expect.any(String));
  });

  it('translates response_type=token in a POST as in a GET: the token arrives in the fragment', async () => {
    const tablet = await t.addClient({ grants: ['implicit'], redirectUris: ['http://tablet.local/cb'], scopes: ['lights:read'], firstParty: true });
    const browser = new FormBrowser(t.url);
    const posted = await browser.request(`${t.url}/authorize`, { form: { client_id: tablet.clientId, redirect_uri: 'http://tablet.local/cb', response_type: 'token', scope: 'lights:read', state: 'st' } });
    const { finalUrl } = await browser.authorize(posted.location!, { username: 'alice', password: 'alice-password-1' });
    const fragment = new URLSearchParams(new URL(finalUrl).hash.slice(1));
    expect(Object.fromEntries(fragment)).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer', scope: 'lights:read', state: 'st' });
    expect(fragment.has('code')).toBe(false);
    // The internal spelling is refused whichever way it comes.
    const sneaky = await browser.follow(`${t.url}/authorize`, { form: { client_id: tablet.clientId, redirect_uri: 'http://tablet.local/cb', response_type: 'token code', scope: 'lights:read' } });
    expect([sneaky.status, sneaky.html.includes('unsupported_response_type')]).toEqual([400, true]);
  });

  it('refuses what is not a form POST, parameters in both places, and oversized forms; repeated parameters meet the provider\'s own refusal', async () => {
    const app = await t.addClient({ grants: ['authorization_code'], redirectUris: [CALLBACK] });
    const { params } = await codeRequest(app.clientId);
    const asJson = await fetch(`${t.url}/authorize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(Object.fromEntries(params)) });
    expect(asJson.status).toBe(415);
    expect(await asJson.text()).toContain('form-encoded');
    const both = await post(`/authorize?client_id=${app.clientId}`, params.toString());
    expect(both.status).toBe(400);
    expect(await both.text()).toContain('not both');
    const huge = await post('/authorize', `${params}&padding=${'x'.repeat(POST_AS_GET_LIMIT)}`);
    expect(huge.status).toBe(413);
    const repeated = await post('/authorize', `${params}&scope=openid`);
    const target = new URL(repeated.headers.get('location')!, t.url);
    const answer = new URL((await fetch(target, { redirect: 'manual' })).headers.get('location')!);
    expect(answer.href.startsWith(CALLBACK)).toBe(true);
    expect(Object.fromEntries(answer.searchParams)).toMatchObject({ error: 'invalid_request', error_description: "'scope' parameter must not be provided twice" });
  });
});
