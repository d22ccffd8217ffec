// Which scopes a token may carry. One decision for every path that turns a request into a grant:
// the authorization code and implicit flows (consent page, first-party skip), the password grant,
// the device flow (a person in the browser or an admin in the console) and client credentials.
import { CONSOLE_SCOPE } from '../../../shared/transport.ts';

/** The resource every API token is for: the hub's own API and the LAN's resource servers. */
export const API_RESOURCE = 'urn:lanyard:api';

/** The scopes every client may ask for besides its own: OpenID identity and refresh tokens. */
export const OIDC_SCOPES = ['openid', 'profile', 'offline_access'] as const;
const OIDC = new Set<string>(OIDC_SCOPES);

/** Lets a client-credentials token create users through POST /api/users (domain/delegation.ts). */
export const USERS_CREATE_SCOPE = 'users:create';

/** Scopes every hub has from its first start, with the descriptions users see on consent pages. */
export const BUILTIN_SCOPES: Readonly<Record<string, string>> = {
  [CONSOLE_SCOPE]: 'Manage this Lanyard hub: applications, users, roles and tokens',
  [USERS_CREATE_SCOPE]: 'Create user accounts',
};

export function splitScope(scope: string | undefined | null): string[] {
  return scope ? [...new Set(scope.split(' ').filter(Boolean))] : [];
}

export const isOidcScope = (scope: string): boolean => OIDC.has(scope);

/** A request for OpenID scopes only (sign-in, no API access) gets a userinfo token, not an API token. */
export const isIdentityOnly = (requested: readonly string[]): boolean => requested.length > 0 && requested.every(isOidcScope);

export type UserGrantDecision = {
  /** OpenID scopes asked for (openid, profile, offline_access). */
  oidc: string[];
  /** API scopes the token gets. */
  granted: string[];
  /** API scopes asked for that the client or the user's roles do not allow. */
  withheld: string[];
  /** False when the request is for identity only: no API resource at all. */
  forApi: boolean;
};

/**
 * What a user's token may carry through a client: the API scopes requested (or, when none were,
 * everything the client may have), kept to the client's scopes and to the permissions of the
 * user's roles as they are now; the rest is withheld, not refused, so a sign-in still succeeds.
 */
export function decideUserScopes(input: { requested: readonly string[]; clientScopes: readonly string[]; userScopes: ReadonlySet<string> }): UserGrantDecision {
  const client = new Set(input.clientScopes);
  const wanted = (input.requested.length ? input.requested : input.clientScopes).filter((scope) => !OIDC.has(scope));
  const granted: string[] = [];
  const withheld: string[] = [];
  for (const scope of wanted) (client.has(scope) && input.userScopes.has(scope) ? granted : withheld).push(scope);
  return { oidc: input.requested.filter(isOidcScope), granted, withheld, forApi: !isIdentityOnly(input.requested) };
}

/**
 * What a client acting for itself (client credentials) may have: exactly what it asked for, or a
 * refusal naming what it may not have — a machine must not get less than it asked in silence.
 * An empty request means everything the client may have.
 */
export function decideClientScopes(input: { requested: readonly string[]; clientScopes: readonly string[] }): { granted: string[]; refused: string[] } {
  const allowed = new Set(input.clientScopes);
  const api = input.requested.filter((scope) => !OIDC.has(scope));
  const refused = api.filter((scope) => !allowed.has(scope));
  return { granted: api.length ? api.filter((scope) => allowed.has(scope)) : [...input.clientScopes], refused };
}

/** Keeps a token's API scopes to what the user holds now (a remembered grant must not outlive a withdrawn role). */
export const stillHeld = (scopes: readonly string[], userScopes: ReadonlySet<string>): string[] => scopes.filter((scope) => userScopes.has(scope));

/**
 * The API scopes a user's token carries that the user does not hold now: a role was withdrawn or
 * its assignment ended. Such a token is refused whole (introspection inactive, /api 401), never
 * answered with a narrower scope: a resource server that cached the old answer, or reads only
 * `active`, would keep honouring the permission that is gone. A refresh gives a token narrowed to
 * what is still held (getResourceServerInfo), and a new sign-in likewise.
 */
export const scopesNoLongerHeld = (scopes: readonly string[], userScopes: ReadonlySet<string>): string[] =>
  scopes.filter((scope) => !OIDC.has(scope) && !userScopes.has(scope));
