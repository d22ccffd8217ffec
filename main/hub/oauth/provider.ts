// Builds the oidc-provider instance from the store: its configuration and hooks. Scope decisions
// come from domain/scopes.ts; the few places that reach past the documented configuration are in
// touchpoints.ts. Our own grants, the implicit flow and the interaction pages plug in through the
// provider's hooks (http/index.ts installs them).
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { DAY, HOUR, SESSION_TTL } from '../domain/lifetimes.ts';
import { API_RESOURCE, OIDC_SCOPES, decideClientScopes, decideUserScopes, isIdentityOnly, scopesNoLongerHeld, splitScope, stillHeld } from '../domain/scopes.ts';
import { isActiveAccount } from '../domain/users.ts';
import type { EventBus } from '../events.ts';
import { t } from '../i18n/translate.ts';
import type { Store } from '../store/index.ts';
import { adapterFactory } from '../store/oidc-adapter.ts';
import { PENDING_WINDOW_SECONDS } from '../http/admission.ts';
import type { ModelCodec } from '../security/model-codec.ts';
import { withAnonymousSessions } from './anonymous-sessions.ts';
import { EXTRA_METADATA, accessTtl, clientScopes, isFirstParty, refreshTtl, toProviderMetadata } from './client-metadata.ts';
import { CODE_VERIFICATION_PATH, DEVICE_AUTHORIZATION_PATH, deviceFlowFeature } from './device.ts';
import { recordDecision } from './grant-scopes.ts';
import { isImplicitRequest } from './implicit.ts';
import { REGISTRATION_PATH, registrationFeatures, registrationSource } from './registration.ts';
import { errorPage, logoutPage, PAGE_CSP, signedOutPage } from './interactions/views.ts';
import type { HubKeys } from './keys.ts';
import { compareHashedSecrets, lanFetch, operatorGrantListDecides, relaxImplicitRedirectChecks, unregisteredPostLogoutUri } from './touchpoints.ts';

export type ProviderDeps = { issuer: string; urls: readonly string[]; store: Store; events: EventBus; keys: HubKeys; codec: ModelCodec; onServerError: (error: unknown) => void };

/** A grant a person consented to outlives its tokens; the purge removes it once expired. */
const GRANT_TTL = 365 * DAY;

/**
 * A grant made at the token endpoint (the password grant: one per sign-in) lives as long as
 * the tokens it is minted with; the purger extends it while later tokens of it are live
 * (store/tokens.ts extendGrants). Grants a person consented to in the browser stay a year.
 */
function grantTtl(ctx: KoaContextWithOIDC | undefined): number {
  const client = ctx?.oidc?.client;
  if (ctx?.oidc?.route !== 'token' || !client) return GRANT_TTL;
  return Math.max(accessTtl(client), client.grantTypeAllowed('refresh_token') ? refreshTtl(client) : 0);
}
/** Where each endpoint lives; http/ refines them (POST for GET-only endpoints, 405s, aliases). */
export const OAUTH_ROUTES = {
  authorization: '/authorize',
  token: '/token',
  userinfo: '/userinfo',
  introspection: '/introspect',
  revocation: '/revoke',
  jwks: '/jwks',
  end_session: '/logout',
  pushed_authorization_request: '/par',
  device_authorization: DEVICE_AUTHORIZATION_PATH,
  code_verification: CODE_VERIFICATION_PATH,
  registration: REGISTRATION_PATH,
} as const;

/**
 * How clients authenticate at the token, introspection and revocation endpoints alike. Secrets
 * are stored hashed, so methods that need the plaintext secret as a key (client_secret_jwt)
 * cannot be offered.
 */
export const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'] as const;

export function createProvider(deps: ProviderDeps): Provider {
  const configuration: Configuration = {
    ...storage(deps),
    ...accounts(deps.store),
    scopes: [...OIDC_SCOPES],
    responseTypes: ['code', 'code token', 'none'],
    extraClientMetadata: { properties: [...EXTRA_METADATA] },
    clientAuthMethods: [...CLIENT_AUTH_METHODS],
    routes: { ...OAUTH_ROUTES },
    // Back-channel logout notifications go to LAN addresses (see touchpoints.ts).
    fetch: lanFetch as Configuration['fetch'],
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: features(deps.store),
    pkce: {
      // Public clients must use PKCE (S256); the implicit flow has no code to protect.
      required: (ctx, client) => client.clientAuthMethod === 'none' && !isImplicitRequest(ctx),
    },
    ttl: lifetimes(),
    ...tokenPolicy(deps.store),
    clientBasedCORS: corsFor(new URL(deps.issuer).origin),
    renderError,
  };

  const provider = new Provider(deps.issuer, configuration);
  provider.proxy = false;
  relaxImplicitRedirectChecks(provider);
  operatorGrantListDecides(provider);
  compareHashedSecrets(provider);

  provider.on('server_error', (_ctx: unknown, error: unknown) => deps.onServerError(error));
  return provider;
}

/** Where the provider keeps its records (the store, hashed and sealed), its signing keys and cookies. */
function storage(deps: ProviderDeps): Pick<Configuration, 'adapter' | 'clients' | 'jwks' | 'cookies'> {
  const { store, issuer } = deps;
  return {
    adapter: withAnonymousSessions(adapterFactory(store.db, (clientId) => {
      const record = store.clients.findCached(clientId);
      if (!record) return undefined;
      store.clients.touch(clientId);
      return toProviderMetadata(record, issuer, deps.urls);
    }, deps.codec, registrationSource(store, deps.events))),
    clients: [],
    jwks: deps.keys.jwks as Configuration['jwks'],
    // SameSite=Lax: oidc-provider's enableHttpPostMethods (POST at /authorize and /logout) stays
    // off, because it demands SameSite=None on these cookies, which browsers drop without Secure —
    // nobody could sign in on a plain-HTTP hub. http/post-as-get.ts answers those POSTs with a
    // 303 to the same GET instead; docs/standards.md has the reasoning.
    cookies: {
      keys: deps.keys.cookieKeys,
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
  };
}

/** Who an account is and which claims it carries. */
function accounts(store: Store): Pick<Configuration, 'findAccount' | 'claims'> {
  return {
    async findAccount(_ctx, sub) {
      // Read at every use: a guest whose account expired is gone from that moment, sessions and refreshes included.
      const user = store.users.get(sub);
      if (!user || !isActiveAccount(user)) return undefined;
      return { accountId: sub, claims: async () => ({ sub, preferred_username: user.username, roles: user.roles }) };
    },
    // The username comes with `openid` so every signed-in app (the console too) can greet by name.
    // `amr` says how the sign-in was made (pwd, otp, hwk: interactions/second-factor.ts).
    claims: { openid: ['sub', 'preferred_username', 'amr'], profile: ['preferred_username', 'roles'] },
  };
}

/** Which of oidc-provider's features are on, and how each decides. */
function features(store: Store): NonNullable<Configuration['features']> {
  return {
    devInteractions: { enabled: false },
    // Pushed authorization requests would reach the provider without the implicit guard, and
    // nothing on a LAN needs them.
    pushedAuthorizationRequests: { enabled: false },
    clientCredentials: { enabled: true },
    // RFC 8628: devices without a keyboard get a code a person enters here on any browser;
    // login and consent are the Authorization UI's own interactions.
    deviceFlow: deviceFlowFeature(store),
    // RFC 7591/7592, only with a pairing's initial access token (registration.ts).
    ...registrationFeatures(store),
    // Who may introspect and revoke which token.
    introspection: {
      enabled: true,
      // Resource servers on the LAN are confidential clients checking any access token
      // presented to them; a public client may only look at its own tokens.
      // Refresh tokens are no resource server's business: only their own client may look.
      // A token of a user who is disabled or whose account expired is inactive at once, and so
      // is an access token carrying a scope its user no longer holds (domain/scopes.ts).
      allowedPolicy: async (_ctx, client, token) =>
        (token.clientId === client.clientId || (client.clientAuthMethod !== 'none' && token.kind !== 'RefreshToken')) &&
        (!('accountId' in token) || !token.accountId || (isActiveAccount(store.users.get(token.accountId)) && (token.kind === 'RefreshToken' || scopesNoLongerHeld(splitScope(token.scope), store.roles.scopesForUser(token.accountId)).length === 0))),
    },
    revocation: {
      enabled: true,
      // RFC 7009 §2.1: a client revokes only tokens issued to it. A confidential client is told
      // so; a public client gets the same 200 as for an unknown token and learns nothing.
      allowedPolicy: async (_ctx, client, token) => {
        if (token.clientId === client.clientId) return true;
        if (client.clientAuthMethod === 'none') return false;
        throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
      },
    },
    userinfo: { enabled: true },
    // The hub's own API and LAN resource servers take bearer tokens and check them by
    // introspection; sender-constrained (DPoP) tokens would be honoured nowhere, so none are issued.
    dPoP: { enabled: false },
    // OpenID Back-Channel Logout 1.0: apps that register a backchannel_logout_uri get a signed
    // logout token (with `sid`) when a user signs out at the hub.
    backchannelLogout: { enabled: true },
    rpInitiatedLogout: logoutPages(),
    resourceIndicators: resourceIndicators(store),
  };
}

/** The hub's own sign-out pages. */
function logoutPages(): NonNullable<Configuration['features']>['rpInitiatedLogout'] {
  return {
    enabled: true,
    async logoutSource(ctx, form) {
      ctx.set('Content-Security-Policy', PAGE_CSP);
      ctx.body = logoutPage({ form, host: ctx.host });
    },
    async postLogoutSuccessSource(ctx) {
      ctx.set('Content-Security-Policy', PAGE_CSP);
      ctx.body = signedOutPage({ clientName: ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId });
    },
  };
}

/**
 * Every token is for the hub's API unless the client asked for OpenID scopes only (then it is a
 * userinfo token). Token requests without `scope` reuse what was granted.
 */
function resourceIndicators(store: Store): NonNullable<Configuration['features']>['resourceIndicators'] {
  return {
    enabled: true,
    defaultResource(ctx, _client, oneOf) {
      if (oneOf) return oneOf.includes(API_RESOURCE) ? API_RESOURCE : oneOf[0]!;
      const requested = splitScope(ctx.oidc.params?.scope as string | undefined);
      if (isIdentityOnly(requested)) return undefined as unknown as string;
      if (ctx.oidc.route === 'token' && requested.length === 0 && ctx.oidc.params?.grant_type !== 'client_credentials') return undefined as unknown as string;
      return API_RESOURCE;
    },
    useGrantedResource: () => true,
    getResourceServerInfo(ctx, resource, client) {
      if (resource !== API_RESOURCE) throw new errors.InvalidTarget(`this hub issues tokens for ${API_RESOURCE} only`);
      if (ctx.oidc.route === 'token' && ctx.oidc.params?.grant_type === 'client_credentials') {
        const { refused } = decideClientScopes({ requested: splitScope(ctx.oidc.params.scope as string | undefined), clientScopes: clientScopes(client) });
        if (refused.length) throw new errors.InvalidScope(`requested scope is not allowed for this client: ${refused.join(' ')}`, refused.join(' '));
      }
      let scopes = clientScopes(client);
      // When a user's token is minted at the token endpoint (code exchange, refresh), hold it
      // to the user's roles as they are now: a withdrawn permission ends at the next refresh.
      const { entities } = ctx.oidc;
      const accountId = ctx.oidc.route === 'token' ? (entities.RefreshToken?.accountId ?? entities.AuthorizationCode?.accountId ?? entities.DeviceCode?.accountId) : undefined;
      if (accountId) scopes = stillHeld(scopes, store.roles.scopesForUser(accountId));
      return { scope: scopes.join(' '), audience: API_RESOURCE, accessTokenFormat: 'opaque', accessTokenTTL: accessTtl(client) };
    },
  };
}

/** How long each kind of record lives. */
function lifetimes(): Configuration['ttl'] {
  return {
    AccessToken: (_ctx, _token, client) => accessTtl(client),
    ClientCredentials: (_ctx, _token, client) => accessTtl(client),
    RefreshToken: (_ctx, _token, client) => refreshTtl(client),
    AuthorizationCode: 60,
    DeviceCode: 600,
    Grant: grantTtl,
    IdToken: HOUR,
    Interaction: PENDING_WINDOW_SECONDS,
    Session: SESSION_TTL,
  };
}

/** Which tokens a session ends, who gets refresh tokens, and which grant a request continues. */
function tokenPolicy(store: Store): Pick<Configuration, 'expiresWithSession' | 'issueRefreshToken' | 'rotateRefreshToken' | 'loadExistingGrant'> {
  return {
    // Refresh tokens go to clients allowed the refresh_token grant, offline_access or not
    // (plain OAuth clients never ask for it), and never through the front channel.
    // Devices are not tied to the browser session of the person who allowed them: a sign-out
    // or an expired session must not cut off the thermostat. Other flows keep the default.
    expiresWithSession: (_ctx, source) => source.kind !== 'DeviceCode' && !source.scopes.has('offline_access'),
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token') && !isImplicitRequest(ctx),
    rotateRefreshToken: () => true,
    // A device authorization gets its own grant, never the browser session's grant for the
    // client: two devices sharing a client id stay separate (revoking one spares the other).
    async loadExistingGrant(ctx) {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const device = ctx.oidc.route === 'code_verification' || ctx.oidc.route === 'device_resume';
      const grantId = ctx.oidc.result?.consent?.grantId || (device ? undefined : session.grantIdFor(client.clientId));
      const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (!isFirstParty(client)) return existing;
      // First-party clients skip consent: grant what the user's roles allow, withhold the rest.
      const grant = existing ?? new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      const decision = decideUserScopes({ requested: splitScope(ctx.oidc.params?.scope as string | undefined), clientScopes: clientScopes(client), userScopes: store.roles.scopesForUser(session.accountId) });
      // The provider already chose whether this request is for the API (defaultResource above).
      recordDecision(grant, { ...decision, forApi: Object.keys(ctx.oidc.resourceServers ?? {}).length > 0 });
      await grant.save();
      return grant;
    },
  };
}

/** Browsers may call the endpoints from the hub's own pages and from a client's redirect origins. */
function corsFor(issuerOrigin: string): Configuration['clientBasedCORS'] {
  return (_ctx, origin, client) => {
    if (origin === issuerOrigin) return true;
    return client.redirectUris?.some((uri) => URL.parse(uri)?.origin === origin) ?? false;
  };
}

/** The error page a browser sees, naming an unregistered post-logout address when that was the problem. */
const renderError: Configuration['renderError'] = async (ctx, out) => {
  ctx.type = 'html';
  ctx.set('Content-Security-Policy', PAGE_CSP);
  const unregistered = unregisteredPostLogoutUri(ctx);
  if (unregistered) {
    ctx.body = errorPage({
      title: t('pages.logout.cannotContinue'),
      message: t('pages.logout.unregistered', { client: ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId ?? t('pages.logout.theApplication'), uri: unregistered }),
      detail: t('pages.error.code', { code: 'invalid_request (post_logout_redirect_uri not registered)' }),
    });
    return;
  }
  ctx.body = errorPage({
    title: out.error === 'access_denied' ? t('pages.error.accessDenied') : t('pages.error.cannotComplete'),
    message: String(out.error_description ?? out.error ?? t('pages.error.invalidRequest')),
    detail: t('pages.error.code', { code: String(out.error ?? 'server_error') }),
  });
};
