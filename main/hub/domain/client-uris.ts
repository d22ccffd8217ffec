// Which addresses a client may register: where users come back after signing in (redirect URIs)
// and after signing out (OpenID RP-Initiated Logout 1.0 §3.1), and where the hub tells it about a
// sign-out (Back-Channel Logout 1.0 §2.2). The same rules oidc-provider applies when it loads a
// client, checked when the operator saves one, so a client never breaks at sign-in time.
import type { GrantName } from '../../../shared/admin-contract.ts';
import { invalid } from './errors.ts';

/** Grants that sign users in through the browser, and so have a session to end. */
export const BROWSER_GRANTS: readonly GrantName[] = ['authorization_code', 'implicit'];
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Schemes no browser may be sent to with a token or a state (oidc-provider refuses them too). */
const FORBIDDEN_SCHEMES = new Set(['javascript:', 'vbscript:', 'data:', 'blob:', 'file:', 'about:']);

export type ClientUris = { grants: readonly GrantName[]; redirectUris: readonly string[]; postLogoutRedirectUris: readonly string[]; backchannelLogoutUri: string | null };

/**
 * A native app (RFC 8252) registers at least one redirect URI that is not a web address, such as
 * `com.example.app:/cb`; oidc-provider then applies the native rules to all of its URIs.
 */
export const isNativeApplication = (redirectUris: readonly string[]): boolean => redirectUris.some((uri) => !/^https?:/i.test(uri));

/** Refuses a URI the client's kind of application may not use; `field` names the form field. */
function checkBrowserTarget(uri: string, native: boolean, field: string, what: string): void {
  const url = URL.parse(uri);
  if (!url) throw invalid(`${what} must be an absolute URI: ${uri}`, field);
  if (!native) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw invalid(`${what} of a web application must be an http:// or https:// address (${uri}); an app with its own URI scheme registers one as a redirect URI too.`, field);
    }
    return;
  }
  if (FORBIDDEN_SCHEMES.has(url.protocol)) throw invalid(`${what} must not use the ${url.protocol} scheme: ${uri}`, field);
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw invalid(`${what} of a native app may use http:// only on the device itself (localhost, 127.0.0.1 or [::1]), not ${uri}. Use the app's own scheme or https://.`, field);
  }
  if (url.protocol === 'https:' && LOOPBACK_HOSTS.has(url.hostname)) {
    throw invalid(`${what} of a native app must not be https:// on ${url.hostname} (${uri}); use http:// for the device itself.`, field);
  }
}

/** Checks every address a client registers, against its grants and its kind of application. */
export function checkClientUris(client: ClientUris): void {
  const native = isNativeApplication(client.redirectUris);
  for (const uri of client.redirectUris) checkBrowserTarget(uri, native, 'redirectUris', 'A redirect URI');
  const signsInUsers = client.grants.some((grant) => BROWSER_GRANTS.includes(grant));
  if (!signsInUsers && client.postLogoutRedirectUris.length > 0) {
    throw invalid('Post-logout redirect URIs are for applications that sign users in through the browser (the authorization_code or implicit grant).', 'postLogoutRedirectUris');
  }
  for (const uri of client.postLogoutRedirectUris) checkBrowserTarget(uri, native, 'postLogoutRedirectUris', 'A post-logout redirect URI');
  if (!signsInUsers && client.backchannelLogoutUri) {
    throw invalid('A back-channel logout URI is for applications that sign users in through the browser (the authorization_code or implicit grant).', 'backchannelLogoutUri');
  }
}
