// Which scopes a user may receive through a client: requested ∩ client's ∩ the user's roles.
import { OIDC_SCOPES } from './client-metadata.ts';

const OIDC = new Set<string>(OIDC_SCOPES);

export const API_RESOURCE = 'urn:lanyard:api';

export function splitScope(scope: string | undefined | null): string[] {
  return scope ? [...new Set(scope.split(' ').filter(Boolean))] : [];
}

export const isOidcScope = (scope: string) => OIDC.has(scope);

/**
 * The API scopes a user gets: what was requested (or, when nothing was, everything the client
 * may have), kept to the client's scopes and to the permissions of the user's roles.
 */
export function grantableScopes(input: { requested: string[]; clientScopes: string[]; userScopes: Set<string> }): { granted: string[]; withheld: string[] } {
  const client = new Set(input.clientScopes);
  const wanted = (input.requested.length ? input.requested : input.clientScopes).filter((scope) => !OIDC.has(scope));
  const granted: string[] = [];
  const withheld: string[] = [];
  for (const scope of wanted) (client.has(scope) && input.userScopes.has(scope) ? granted : withheld).push(scope);
  return { granted, withheld };
}
