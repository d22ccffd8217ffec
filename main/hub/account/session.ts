// Signing in to the account page. The page is a first-party public client of the hub
// (ACCOUNT_CLIENT_ID): it sends people through the hub's own login pages with authorization code
// + PKCE, like any application, so the password, the second factor and the lockout are exactly
// the hub's; it redeems the code in-process (touchpoint 15) and keeps the resulting access token,
// which lives 30 minutes, in an httpOnly cookie. That token is the page's session: stored hashed
// like every token, listed and revocable like them, and gone when the user is disabled.
// `max_age` asks for a fresh sign-in when the browser's hub session is older than that, so
// changing a password or a second factor always follows a recent sign-in.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { User } from '../../../shared/admin-contract.ts';
import { ACCOUNT_CLIENT_ID, ACCOUNT_PATH } from '../../../shared/transport.ts';
import { ACCOUNT_SESSION_TTL } from '../domain/lifetimes.ts';
import { fromOtherSite, requestOrigin } from '../http/origin.ts';
import { mintAccessToken, redeemOwnCode } from '../oauth/touchpoints.ts';
import { sha256 } from '../security/secrets.ts';
import type { Store } from '../store/index.ts';

const SESSION_COOKIE = 'lanyard_account';
const FLOW_COOKIE = 'lanyard_account_flow';
const FLOW_TTL_SECONDS = 15 * 60;
export const CALLBACK_PATH = `${ACCOUNT_PATH}/callback`;

export type AccountSession = { user: User; tokenHash: string; grantId: string; csrf: string };

type Flow = { state: string; verifier: string; returnTo: string; expires: number };

export type SessionDeps = { provider: Provider; store: Store; csrfKey: string; origins: () => string[] };

export function accountSessions(deps: SessionDeps) {
  const { provider, store } = deps;
  const mac = (text: string) => createHmac('sha256', deps.csrfKey).update(text).digest('base64url');
  const cookieOptions = (ctx: Context, maxAgeSeconds: number) => ({ httpOnly: true, sameSite: 'lax' as const, secure: ctx.protocol === 'https', path: ACCOUNT_PATH, maxAge: maxAgeSeconds * 1000, overwrite: true });

  /** The signed-in user, or undefined (no cookie, expired or revoked token, user disabled). */
  async function current(ctx: Context): Promise<AccountSession | undefined> {
    const value = ctx.cookies.get(SESSION_COOKIE);
    if (!value || value.length > 200) return undefined;
    const token = await provider.AccessToken.find(value);
    if (!token || !token.isValid || token.clientId !== ACCOUNT_CLIENT_ID || !token.accountId || !token.grantId) return undefined;
    const user = store.users.get(token.accountId);
    if (!user || user.disabled) return undefined;
    const tokenHash = sha256(value);
    return { user, tokenHash, grantId: token.grantId, csrf: mac(`account:${tokenHash}`) };
  }

  /** Refuses a form not sent by this page (Origin, and the token bound to this session). */
  function checkForm(ctx: Context, session: AccountSession, presented: string | undefined): boolean {
    if (fromOtherSite(ctx)) return false;
    const expected = Buffer.from(session.csrf);
    const actual = Buffer.from(presented ?? '');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  /** Sends the browser to the hub's sign-in, to come back to `returnTo`. */
  function start(ctx: Context, returnTo: string): void {
    const origin = requestOrigin(ctx);
    // Only where the hub's own client may be redirected back to; elsewhere, start at the issuer.
    if (!deps.origins().includes(origin)) return ctx.redirect(`${deps.origins()[0]}${ACCOUNT_PATH}`);
    const flow: Flow = { state: randomBytes(16).toString('base64url'), verifier: randomBytes(32).toString('base64url'), returnTo, expires: Math.floor(Date.now() / 1000) + FLOW_TTL_SECONDS };
    const encoded = Buffer.from(JSON.stringify(flow)).toString('base64url');
    ctx.cookies.set(FLOW_COOKIE, `${encoded}.${mac(`flow:${encoded}`)}`, cookieOptions(ctx, FLOW_TTL_SECONDS));
    const query = new URLSearchParams({
      client_id: ACCOUNT_CLIENT_ID,
      response_type: 'code',
      redirect_uri: `${origin}${CALLBACK_PATH}`,
      scope: 'openid',
      state: flow.state,
      code_challenge: createHash('sha256').update(flow.verifier).digest('base64url'),
      code_challenge_method: 'S256',
      max_age: String(ACCOUNT_SESSION_TTL),
    });
    ctx.redirect(`/authorize?${query}`);
  }

  function readFlow(ctx: Context): Flow | undefined {
    const [encoded, presented] = (ctx.cookies.get(FLOW_COOKIE) ?? '').split('.');
    if (!encoded || !presented) return undefined;
    const expected = Buffer.from(mac(`flow:${encoded}`));
    if (Buffer.from(presented).length !== expected.length || !timingSafeEqual(Buffer.from(presented), expected)) return undefined;
    try {
      const flow = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Flow;
      return flow.expires >= Math.floor(Date.now() / 1000) ? flow : undefined;
    } catch {
      return undefined;
    }
  }

  /** The redirect back from the sign-in: on success, the session cookie is set and the path to return to given. */
  async function finish(ctx: Context): Promise<{ ok: true; returnTo: string } | { ok: false; reason: 'cancelled' | 'expired' }> {
    const flow = readFlow(ctx);
    ctx.cookies.set(FLOW_COOKIE, '', { ...cookieOptions(ctx, 0), maxAge: 0 });
    const state = ctx.query.state;
    if (!flow || typeof state !== 'string' || state !== flow.state) return { ok: false, reason: 'expired' };
    const code = ctx.query.code;
    if (typeof code !== 'string') return { ok: false, reason: 'cancelled' };
    const redeemed = await redeemOwnCode(provider, { code, clientId: ACCOUNT_CLIENT_ID, redirectUri: `${requestOrigin(ctx)}${CALLBACK_PATH}`, verifier: flow.verifier });
    if (!redeemed) return { ok: false, reason: 'expired' };
    const { value } = await mintAccessToken(provider, { clientId: ACCOUNT_CLIENT_ID, accountId: redeemed.accountId, grantId: redeemed.grantId, scope: 'openid', expiresIn: ACCOUNT_SESSION_TTL, gty: 'authorization_code' });
    ctx.cookies.set(SESSION_COOKIE, value, cookieOptions(ctx, ACCOUNT_SESSION_TTL));
    return { ok: true, returnTo: flow.returnTo.startsWith(ACCOUNT_PATH) ? flow.returnTo : ACCOUNT_PATH };
  }

  /** Ends this page's session: its token is revoked, the cookie cleared. */
  async function end(ctx: Context): Promise<void> {
    const value = ctx.cookies.get(SESSION_COOKIE);
    if (value) await (await provider.AccessToken.find(value))?.destroy();
    ctx.cookies.set(SESSION_COOKIE, '', { ...cookieOptions(ctx, 0), maxAge: 0 });
  }

  /** The hub's sign-out (RP-initiated logout), coming back to this page where the hub lets its client return. */
  function hubSignOut(ctx: Context): string {
    const origin = requestOrigin(ctx);
    if (!deps.origins().includes(origin)) return '/logout';
    return `/logout?${new URLSearchParams({ client_id: ACCOUNT_CLIENT_ID, post_logout_redirect_uri: `${origin}${ACCOUNT_PATH}` })}`;
  }

  return { current, checkForm, start, finish, end, hubSignOut };
}

export type AccountSessions = ReturnType<typeof accountSessions>;
