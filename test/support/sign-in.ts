// Starts a sign-in at the hub as a real client would (authorization code + PKCE, oauth4webapi),
// and finishes it once the hub sends the browser back to the client.
import * as oauth from 'oauth4webapi';
import { submitPassword } from './account.ts';
import { FormBrowser, type Page } from './browser.ts';
import { insecure, type TestHub } from './hub.ts';

export const CLIENT_REDIRECT = 'https://app.example.test/callback';

export type SignInRequest = { url: string; verifier: string; state: string; client: { client_id: string }; secret: string };

export async function authorizationRequest(t: TestHub, client: { clientId: string; secret: string | null }, scope = 'openid'): Promise<SignInRequest> {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(t.as.authorization_endpoint!);
  url.search = new URLSearchParams({ client_id: client.clientId, redirect_uri: CLIENT_REDIRECT, response_type: 'code', scope, state, code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }).toString();
  return { url: url.href, verifier, state, client: { client_id: client.clientId }, secret: client.secret ?? '' };
}

/** The tokens the client gets once the browser came back to it (`page.location`). */
export async function finishSignIn(t: TestHub, request: SignInRequest, page: Page) {
  if (!page.location?.startsWith(CLIENT_REDIRECT)) throw new Error(`expected a redirect to the client, got ${page.status}:\n${page.html.slice(0, 800)}`);
  const callback = oauth.validateAuthResponse(t.as, request.client, new URL(page.location), request.state);
  const response = await oauth.authorizationCodeGrantRequest(t.as, request.client, oauth.ClientSecretBasic(request.secret), callback, CLIENT_REDIRECT, request.verifier, insecure);
  const result = await oauth.processAuthorizationCodeResponse(t.as, request.client, response);
  return { tokens: result, claims: oauth.getValidatedIdTokenClaims(result) };
}

/** A first-party web app (consent skipped) with a `resident` role's lights:read to sign in at. */
export async function addFirstPartyApp(t: TestHub): Promise<{ clientId: string; secret: string | null }> {
  await t.run('roles.create', { name: 'resident', scopes: ['lights:read'] });
  return t.addClient({ name: 'Garden planner', kind: 'web', grants: ['authorization_code'], redirectUris: [CLIENT_REDIRECT], scopes: ['lights:read'], firstParty: true });
}

/** Starts a sign-in at `app` in a fresh form browser and submits the password: the page that comes next. */
export async function submitSignIn(t: TestHub, app: { clientId: string; secret: string | null }, username: string, password: string) {
  const browser = new FormBrowser(new URL(t.issuer).origin);
  const request = await authorizationRequest(t, app);
  const page = await submitPassword(browser, await browser.follow(request.url), username, password);
  return { browser, request, page };
}
