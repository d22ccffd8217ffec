// Browser sign-in for the console: the hub's own OAuth authorization-code flow with PKCE,
// as the public client `lanyard-console`, redirecting back to `<origin>/console/` exactly.
// Signing out ends the hub's session too (OpenID RP-Initiated Logout), back to the same address.
// Tokens live in memory and sessionStorage (gone when the tab closes).
import * as oauth from 'oauth4webapi';
import { CONSOLE_CLIENT_ID, CONSOLE_PATH, CONSOLE_SCOPE } from '../../shared/transport.ts';

export type Session = { accessToken: string; refreshToken: string | null; expiresAt: number | null; account: string | null; idToken?: string | null };
type Pending = { state: string; codeVerifier: string; nonce: string };

const SESSION_KEY = 'lanyard.console.session';
const PENDING_KEY = 'lanyard.console.pending';
/** Set by sign-out: the next sign-in asks the hub for the login form again (prompt=login), so
 *  another account can be used even though the hub still has a login session. */
const RELOGIN_KEY = 'lanyard.console.relogin';
/** The `state` sent to the hub's end-session endpoint, to recognise the way back. */
const SIGN_OUT_KEY = 'lanyard.console.sign-out';
const CONSOLE_SCOPES = `openid ${CONSOLE_SCOPE}`;

export class BrowserAuth {
  private session: Session | null = null;
  private as: oauth.AuthorizationServer | null = null;
  readonly origin: string;
  readonly redirectUri: string;
  // Home networks have devices with drifting clocks: accept ID tokens up to 5 minutes off.
  private client: oauth.Client = { client_id: CONSOLE_CLIENT_ID, token_endpoint_auth_method: 'none', [oauth.clockTolerance]: 300 };
  private storage: Storage;

  constructor(origin = window.location.origin, storage: Storage = window.sessionStorage) {
    this.origin = origin;
    this.redirectUri = `${origin}${CONSOLE_PATH}/`;
    this.storage = storage;
    try {
      const saved = storage.getItem(SESSION_KEY);
      this.session = saved ? (JSON.parse(saved) as Session) : null;
    } catch {
      this.session = null;
    }
  }

  get current(): Session | null {
    return this.session;
  }
  getToken = (): string | null => this.session?.accessToken ?? null;

  private options() {
    // The hub runs on a home network, usually over plain http.
    return { [oauth.allowInsecureRequests]: this.origin.startsWith('http:') };
  }

  private async discover(): Promise<oauth.AuthorizationServer> {
    if (this.as) return this.as;
    const response = await oauth.discoveryRequest(new URL(this.origin), { ...this.options(), algorithm: 'oidc' });
    // The issuer may be configured with another host name than the one in the address bar.
    const issuer = ((await response.clone().json()) as { issuer?: string }).issuer ?? this.origin;
    this.as = await oauth.processDiscoveryResponse(new URL(issuer), response);
    return this.as;
  }

  /** Sends the browser to the hub's sign-in page. */
  async signIn(): Promise<void> {
    const as = await this.discover();
    if (!as.authorization_endpoint) throw new Error('The hub does not announce an authorization endpoint.');
    const pending: Pending = { state: oauth.generateRandomState(), codeVerifier: oauth.generateRandomCodeVerifier(), nonce: oauth.generateRandomNonce() };
    this.storage.setItem(PENDING_KEY, JSON.stringify(pending));
    const url = new URL(as.authorization_endpoint);
    url.searchParams.set('client_id', CONSOLE_CLIENT_ID);
    url.searchParams.set('redirect_uri', this.redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', CONSOLE_SCOPES);
    url.searchParams.set('state', pending.state);
    url.searchParams.set('nonce', pending.nonce);
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
    if (this.storage.getItem(RELOGIN_KEY)) url.searchParams.set('prompt', 'login');
    window.location.assign(url.href);
  }

  /** True if the URL carries an authorization response (`?code=…&state=…` or `?error=…`). */
  static isCallback(url: URL): boolean {
    return url.searchParams.has('state') && (url.searchParams.has('code') || url.searchParams.has('error'));
  }

  /** Finishes sign-in from the redirect back to /console/; throws with a readable message. */
  async completeSignIn(url: URL): Promise<Session> {
    const raw = this.storage.getItem(PENDING_KEY);
    this.storage.removeItem(PENDING_KEY);
    if (!raw) throw new Error('This sign-in was not started here (or the tab was reloaded). Sign in again.');
    const pending = JSON.parse(raw) as Pending;
    const as = await this.discover();
    let params: URLSearchParams;
    try {
      params = oauth.validateAuthResponse(as, this.client, url, pending.state);
    } catch (cause) {
      throw new Error(describe(cause, 'The hub refused the sign-in.'), { cause });
    }
    const response = await oauth.authorizationCodeGrantRequest(as, this.client, oauth.None(), params, this.redirectUri, pending.codeVerifier, this.options());
    let result: oauth.TokenEndpointResponse;
    try {
      result = await oauth.processAuthorizationCodeResponse(as, this.client, response, { expectedNonce: pending.nonce, requireIdToken: false });
    } catch (cause) {
      throw new Error(describe(cause, 'The sign-in could not be completed.'), { cause });
    }
    this.storage.removeItem(RELOGIN_KEY);
    const claims = oauth.getValidatedIdTokenClaims(result);
    const account = (claims?.['preferred_username'] as string | undefined) ?? (claims?.['name'] as string | undefined) ?? claims?.sub ?? null;
    return this.store(result, account);
  }

  /** Uses the refresh token, if there is one. */
  async refresh(): Promise<boolean> {
    const refreshToken = this.session?.refreshToken;
    if (!refreshToken) return false;
    try {
      const as = await this.discover();
      const response = await oauth.refreshTokenGrantRequest(as, this.client, oauth.None(), refreshToken, this.options());
      const result = await oauth.processRefreshTokenResponse(as, this.client, response);
      this.store(result, this.session?.account ?? null, refreshToken, this.session?.idToken ?? null);
      return true;
    } catch {
      return false;
    }
  }

  /** Forgets the session in this tab; the next sign-in asks the hub for the login form. */
  forget(): void {
    this.session = null;
    this.storage.removeItem(SESSION_KEY);
    this.storage.removeItem(PENDING_KEY);
    this.storage.setItem(RELOGIN_KEY, '1');
  }

  /**
   * Signs out here and at the hub: the browser goes to the hub's end-session endpoint, which asks
   * the person to confirm and sends them back to /console/ with our `state`. Resolves false when
   * only this tab could be signed out (a hub without an end-session endpoint, or no ID token).
   */
  async signOut(): Promise<boolean> {
    const idToken = this.session?.idToken ?? null;
    this.forget();
    let as: oauth.AuthorizationServer;
    try {
      as = await this.discover();
    } catch {
      return false;
    }
    if (!as.end_session_endpoint || !idToken) return false;
    const state = oauth.generateRandomState();
    this.storage.setItem(SIGN_OUT_KEY, state);
    const url = new URL(as.end_session_endpoint);
    url.searchParams.set('id_token_hint', idToken);
    url.searchParams.set('post_logout_redirect_uri', this.redirectUri);
    url.searchParams.set('state', state);
    window.location.assign(url.href);
    return true;
  }

  /** True if the hub sent the browser back after signing out: the URL carries our `state` only. */
  isSignOutReturn(url: URL): boolean {
    const expected = this.storage.getItem(SIGN_OUT_KEY);
    return !!expected && url.searchParams.get('state') === expected && !url.searchParams.has('code') && !url.searchParams.has('error');
  }

  /** Forgets the sign-out's `state` once its way back was handled. */
  finishSignOut(): void {
    this.storage.removeItem(SIGN_OUT_KEY);
  }

  private store(result: oauth.TokenEndpointResponse, account: string | null, previousRefresh: string | null = null, previousIdToken: string | null = null): Session {
    this.session = {
      accessToken: result.access_token,
      refreshToken: result.refresh_token ?? previousRefresh,
      expiresAt: typeof result.expires_in === 'number' ? Date.now() + result.expires_in * 1000 : null,
      account,
      // The hub's end-session endpoint takes it as id_token_hint, to know which app signs out.
      idToken: result.id_token ?? previousIdToken,
    };
    this.storage.setItem(SESSION_KEY, JSON.stringify(this.session));
    return this.session;
  }
}

function describe(cause: unknown, fallback: string): string {
  if (cause instanceof oauth.AuthorizationResponseError || cause instanceof oauth.ResponseBodyError) {
    const description = cause.error_description ? `: ${cause.error_description}` : '';
    return `${fallback} (${cause.error}${description})`;
  }
  return cause instanceof Error ? `${fallback} (${cause.message})` : fallback;
}
