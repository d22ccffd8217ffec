// Signs in to the console the way the browser app does: the hub's own authorization code +
// PKCE flow with the public `lanyard-console` client, through the real login page.
import * as oauth from 'oauth4webapi';
import { CONSOLE_CLIENT_ID, CONSOLE_SCOPE } from '../../shared/transport.ts';
import { FormBrowser } from './browser.ts';
import { insecure, type TestHub } from './hub.ts';

export async function consoleToken(t: TestHub, username: string, password: string): Promise<string> {
  const client = { client_id: CONSOLE_CLIENT_ID };
  const redirectUri = `${t.issuer}/console/`;
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(t.as.authorization_endpoint!);
  url.search = new URLSearchParams({ client_id: CONSOLE_CLIENT_ID, redirect_uri: redirectUri, response_type: 'code', scope: `openid ${CONSOLE_SCOPE}`, state, code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }).toString();
  const { finalUrl } = await new FormBrowser(new URL(t.issuer).origin, [redirectUri]).authorize(url.href, { username, password });
  const callback = oauth.validateAuthResponse(t.as, client, new URL(finalUrl), state);
  const response = await oauth.authorizationCodeGrantRequest(t.as, client, oauth.None(), callback, redirectUri, verifier, insecure);
  return (await oauth.processAuthorizationCodeResponse(t.as, client, response)).access_token;
}
