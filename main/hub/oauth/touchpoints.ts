// Every place Lanyard relies on oidc-provider beyond its documented configuration and hooks, in
// one module. Each export says why it exists; test/hub/oauth/touchpoints.test.ts has a test per
// touchpoint that fails loudly when an upgrade changes the behaviour relied on. oidc-provider is
// pinned to an exact version in package.json: upgrade it deliberately, with those tests.
//
//  1. relaxImplicitRedirectChecks   Client.Schema.prototype.invalidate    (the library's documented recipe)
//  2. operatorGrantListDecides      Client.prototype.grantTypeAllowed
//  3. compareHashedSecrets          Client.prototype.compareClientSecret
//  4. grantNotAllowed               the token and device endpoints' grant check, read back semantically
//  5. responseTypeNotAllowed        the authorization endpoint's response-type check, likewise
//  6. isCodeFormRefusal             the device code form's xsrf refusals (InvalidRequest)
//  7. isSessionlessCodeFormCrash    a TypeError the code form throws without a session
//  8. codeFormXsrf                  the session's xsrf secret, which our device pages must post back
//  9. device code decisions         DeviceCode fields the provider's own device actions write
// 10. apiResourceServer             provider.ResourceServer, for tokens our password grant mints
// 11. SECRET_PAYLOAD_FIELDS         which fields of the provider's stored payloads carry secrets
// 12. anonymous sessions            a session is saved without an account only before sign-in
// 13. lanFetch                      the special-use-address guard on the provider's outgoing requests
// 14. unregisteredPostLogoutUri     the end-session endpoint's post_logout_redirect_uri check, read back semantically
// 15. redeemOwnCode                 AuthorizationCode fields and consume(), for the account page's own sign-in
// 16. mintAccessToken               an AccessToken (and its Grant) made outside a request, with a lifetime of our own
// 17. presentStoredSecret           RFC 7592 update's client_secret check against the stored value
import { createHash } from 'node:crypto';
import Provider, { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { secretMatches } from '../security/secrets.ts';
import { clientExtra, fromProviderGrant } from './client-metadata.ts';

type OidcClient = InstanceType<Provider['Client']>;

/**
 * 1. Implicit clients on a LAN often live at plain http:// or localhost URLs. oidc-provider refuses
 * those for implicit web clients; its documented recipe relaxes exactly these two checks by
 * wrapping the client schema's `invalidate`. The console warns operators about implicit over HTTP.
 */
export const IMPLICIT_RELAXED_CHECKS = ['implicit-force-https', 'implicit-forbid-localhost'] as const;
export function relaxImplicitRedirectChecks(provider: Provider): void {
  const schema = (provider.Client as unknown as { Schema: { prototype: { invalidate: (message: string, code?: string) => void } } }).Schema;
  const { invalidate } = schema.prototype;
  schema.prototype.invalidate = function relaxed(this: unknown, message: string, code?: string) {
    if ((IMPLICIT_RELAXED_CHECKS as readonly (string | undefined)[]).includes(code)) return;
    invalidate.call(this, message, code);
  };
}

/**
 * 2. oidc-provider adds authorization_code to every client with a "code …" response type, so an
 * implicit-only client (registered as "code token", see implicit.ts) would pass the token
 * endpoint's grant check. The operator's grant list (lanyard_grants) is what counts: a grant
 * missing from it is refused (a device waiting for approval has an empty list). The same list
 * decides the authorization endpoint's response types (Client.prototype.responseTypeAllowed):
 * a device waiting for approval is refused at the authorization request, before anyone signs
 * in for it, not only at the code exchange.
 */
export function operatorGrantListDecides(provider: Provider): void {
  const prototype = provider.Client.prototype as OidcClient & { responseTypeAllowed(type: string): boolean };
  const { grantTypeAllowed, responseTypeAllowed } = prototype;
  prototype.grantTypeAllowed = function allowed(this: object, type: string) {
    const grants = clientExtra(this, 'lanyard_grants') as string[] | undefined;
    const ours = fromProviderGrant(type);
    if (Array.isArray(grants) && ours && !grants.includes(ours)) return false;
    return grantTypeAllowed.call(this, type);
  };
  prototype.responseTypeAllowed = function allowed(this: object, type: string) {
    const grants = clientExtra(this, 'lanyard_grants') as string[] | undefined;
    // "code" needs the code grant; "code token" is our implicit flow (implicit.ts).
    const needs = ({ code: 'authorization_code', 'code token': 'implicit' } as Record<string, string>)[type];
    if (Array.isArray(grants) && needs && !grants.includes(needs)) return false;
    return responseTypeAllowed.call(this, type);
  };
}

/**
 * 3. Client secrets are stored as SHA-256 hashes (the provider's client_secret holds the hash),
 * so the provider's comparison compares hashes. It awaits this method (lib/shared/client_auth.js).
 */
export function compareHashedSecrets(provider: Provider): void {
  provider.Client.prototype.compareClientSecret = async function compare(this: { clientSecret?: string }, actual: string) {
    return typeof this.clientSecret === 'string' && this.clientSecret.length > 0 && secretMatches(actual, this.clientSecret);
  };
}

/**
 * 4. RFC 6749 §5.2 and RFC 8628 §3.2 name `unauthorized_client` for a client using a grant it may
 * not use; oidc-provider answers `invalid_request`. After the provider answered, this says whether
 * that was the reason — by asking the client, not by reading the English description.
 */
export function grantNotAllowed(ctx: KoaContextWithOIDC, grantType: unknown): boolean {
  const client = ctx.oidc?.client;
  return !!client && typeof grantType === 'string' && !client.grantTypeAllowed(grantType);
}

/** 5. The same for the authorization endpoint's response type. */
export function responseTypeNotAllowed(ctx: KoaContextWithOIDC): boolean {
  const client = ctx.oidc?.client as (OidcClient & { responseTypeAllowed(type: string): boolean }) | undefined;
  const responseType = ctx.oidc?.params?.response_type;
  return !!client && typeof responseType === 'string' && !client.responseTypeAllowed(responseType);
}

/**
 * 6. The device code form (POST /device) refuses a missing or wrong xsrf value with
 * InvalidRequest (lib/shared/xsrf.js): the form expired or was not sent by our page.
 */
export const isCodeFormRefusal = (err: unknown): boolean => err instanceof errors.InvalidRequest;

/**
 * 7. oidc-provider 9.13: a code form posted without a live session (cookie expired or blocked)
 * makes its error page touch a session that was never saved, and its final session save throws
 * this TypeError (lib/models/session.js). Callers start over on a fresh form instead of a 500.
 */
export const isSessionlessCodeFormCrash = (error: unknown): boolean => error instanceof TypeError && /persist can only be called/.test(error.message);

/** 8. The xsrf secret the provider keeps in the session for its device code form (lib/shared/xsrf.js). */
export const codeFormXsrf = (ctx: KoaContextWithOIDC): string => String((ctx.oidc.session?.state as { secret?: unknown } | undefined)?.secret ?? '');

/**
 * 9. An administrator decides a device request as a person would in the browser. The change is
 * the one oidc-provider's own actions make (lib/actions/code_verification.js,
 * lib/actions/authorization/device.js), through its DeviceCode model: deny sets `error`; approve
 * sets accountId, grantId, scope and resource; the device's next poll reads them.
 */
export type DeviceCodeModel = {
  clientId: string;
  accountId?: string;
  error?: string;
  errorDescription?: string;
  consumed?: unknown;
  isExpired: boolean;
  params?: Record<string, unknown>;
  grantId?: string;
  scope?: string;
  resource?: string | string[];
  save(): Promise<string>;
};
export async function denyDeviceCode(code: DeviceCodeModel, description: string): Promise<void> {
  Object.assign(code, { error: 'access_denied', errorDescription: description });
  await code.save();
}
export async function approveDeviceCode(code: DeviceCodeModel, approval: { accountId: string; grantId: string; scope: string; resource: string | undefined }): Promise<void> {
  // No authTime, session or sid: the user did not sign in, so nothing may claim they did.
  Object.assign(code, { accountId: approval.accountId, grantId: approval.grantId, scope: approval.scope, ...(approval.resource ? { resource: approval.resource } : {}) });
  await code.save();
}

/**
 * 10. A token minted by our own grant (registerGrantType) needs the resource server the provider
 * would have resolved, so introspection reports its audience and the refresh grant keeps it.
 */
export function apiResourceServer(provider: Provider, info: { resource: string; scope: string; accessTokenTTL: number }): unknown {
  const ResourceServer = (provider as unknown as { ResourceServer: new (identifier: string, info: object) => unknown }).ResourceServer;
  return new ResourceServer(info.resource, { scope: info.scope, audience: info.resource, accessTokenFormat: 'opaque', accessTokenTTL: info.accessTokenTTL });
}

/**
 * 11. What a copy of the database must not reveal (security/model-codec.ts seals these): the
 * payload fields of the provider's models that carry a secret, as paths. Another record's id
 * (an interaction's session cookie, device code and resume URL), the user code, and a record's
 * own id where the provider finds it by another key and saves it again (a device code found by
 * its user code, a session by its uid). Read from lib/models/*.js IN_PAYLOAD; an upgrade that
 * adds a field to these models must be checked against this list (the touchpoint test fails).
 */
export const SECRET_PAYLOAD_FIELDS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  Interaction: [['session', 'cookie'], ['deviceCode'], ['returnTo']],
  DeviceCode: [['jti'], ['userCode']],
  Session: [['jti']],
};

// 12. oidc-provider saves a session on any request that touches it, signed in or not (GET /logout
// and GET /device store an xsrf secret in a fresh one). oauth/anonymous-sessions.ts keeps the
// ones without an account in memory; that is safe because the provider never saves a signed-in
// session without its account: sign-out destroys it, and sign-in gives it a new id
// (lib/actions/end_session.js, lib/actions/authorization/resume.js). Nothing to export: the
// adapter is configuration; the test holds the provider to it.

/**
 * 13. oidc-provider hands `fetch` an undici dispatcher (lib/helpers/fetch_request.js) that cuts
 * every connection to a special-use address: loopback, the private ranges (10/8, 172.16/12,
 * 192.168/16), link-local — which is every address on a home or building network, so no
 * back-channel logout would ever reach a LAN app. The only outgoing requests this configuration
 * makes are those back-channel logout notifications (sector_identifier_uri, client JWKS,
 * request_uri, client metadata documents and CIBA are all off), to URIs that only an
 * administrator registers. So the guard is dropped; the provider's 2.5 s timeout and
 * `redirect: 'manual'` stay. Dynamic client registration refuses a backchannel_logout_uri
 * (oauth/registration.ts): devices cannot make the hub call an address of their choosing.
 */
export const lanFetch = (url: string | URL, options: RequestInit & { dispatcher?: unknown }): Promise<Response> => {
  const { dispatcher: _specialUseGuard, ...rest } = options;
  return fetch(url, rest);
};

/**
 * 14. The end-session endpoint refuses a post_logout_redirect_uri the client did not register
 * (lib/actions/end_session.js, with the client's postLogoutRedirectUriAllowed). After it refused,
 * this says whether that was the reason — by asking the client the same question, not by
 * reading the English description — so the page can explain it to a person.
 */
export function unregisteredPostLogoutUri(ctx: KoaContextWithOIDC): string | undefined {
  const client = ctx.oidc?.client as (OidcClient & { postLogoutRedirectUriAllowed(uri: string): boolean }) | undefined;
  const uri = ctx.oidc?.params?.post_logout_redirect_uri;
  if (ctx.oidc?.route !== 'end_session' || !client || typeof uri !== 'string') return undefined;
  return client.postLogoutRedirectUriAllowed(uri) ? undefined : uri;
}

/**
 * 15. The account page (account/session.ts) is a first-party client of the hub: it signs people in
 * with authorization code + PKCE through the hub's own login pages, exactly like any application.
 * Being the hub itself, it redeems the code in-process through the provider's AuthorizationCode
 * model — the checks the token endpoint makes (unused, unexpired, same client and redirect URI,
 * PKCE S256), then consume() — instead of sending an HTTP request to its own listening address.
 */
export async function redeemOwnCode(provider: Provider, input: { code: string; clientId: string; redirectUri: string; verifier: string }): Promise<{ accountId: string; grantId: string } | undefined> {
  const code = await provider.AuthorizationCode.find(input.code);
  if (!code || !code.isValid) return undefined;
  const fields = code as unknown as { clientId?: string; redirectUri?: string; codeChallenge?: string; codeChallengeMethod?: string; accountId?: string; grantId?: string };
  if (fields.clientId !== input.clientId || fields.redirectUri !== input.redirectUri) return undefined;
  const challenge = createHash('sha256').update(input.verifier).digest('base64url');
  if (fields.codeChallengeMethod !== 'S256' || fields.codeChallenge !== challenge) return undefined;
  await code.consume();
  return fields.accountId && fields.grantId ? { accountId: fields.accountId, grantId: fields.grantId } : undefined;
}

/**
 * 16. Personal access tokens and the account page's sign-in are AccessTokens the hub makes itself,
 * outside any token request, so that introspection, revocation and the live-token list treat
 * them like every other token. Their lifetime is the models' `expiresIn` (the ttl configuration
 * would give the client's); a Grant made alongside lives as long, as introspection requires a
 * live grant for a token that names one.
 */
export async function mintAccessToken(provider: Provider, input: { clientId: string; accountId: string; scope: string; expiresIn: number; gty: string; grantId?: string; resource?: { identifier: string; scope: string } }): Promise<{ value: string; grantId: string }> {
  const client = await provider.Client.find(input.clientId);
  if (!client) throw new Error(`The built-in client ${input.clientId} is missing; restart the hub to recreate it.`);
  let { grantId } = input;
  if (!grantId) {
    const grant = new provider.Grant({ accountId: input.accountId, clientId: input.clientId, expiresIn: input.expiresIn } as ConstructorParameters<typeof provider.Grant>[0]);
    if (input.resource) grant.addResourceScope(input.resource.identifier, input.resource.scope);
    grantId = await grant.save();
  }
  const token = new provider.AccessToken({ accountId: input.accountId, client, grantId, gty: input.gty, scope: input.scope, expiresIn: input.expiresIn } as ConstructorParameters<typeof provider.AccessToken>[0]);
  if (input.resource) {
    token.resourceServer = apiResourceServer(provider, { resource: input.resource.identifier, scope: input.resource.scope, accessTokenTTL: input.expiresIn }) as typeof token.resourceServer;
  }
  return { value: await token.save(), grantId };
}

/**
 * 17. An RFC 7592 update may repeat the client's secret; oidc-provider compares it with the
 * client_secret it holds (lib/actions/registration.js, equalChecks), which for us is the hash.
 * The secret a device sends is checked here and replaced by the hash when it matches; anything
 * else (the hash itself included) by a value that never matches.
 */
export function presentStoredSecret(body: Record<string, unknown>, storedHash: string | null): void {
  const presented = body.client_secret;
  body.client_secret = typeof presented === 'string' && storedHash && secretMatches(presented, storedHash) ? storedHash : '';
}
