// The rules of pairings (zero-touch registration): when a pairing may still admit a device, and
// what a device registering with one may hold — never more grants or scopes than the pairing
// allows, in a shape checkClient accepts.
import type { GrantName } from '../../../shared/admin-contract.ts';
import { checkClient } from './clients.ts';
import { invalid } from './errors.ts';
import { isOidcScope } from './scopes.ts';

type PairingLimits = { usesAllowed: number; uses: number; expiresAt: number; revokedAt: number | null };

/** A pairing's state at `now` (seconds): revoked wins over used up, which wins over expired. */
export function pairingState(pairing: PairingLimits, now: number): 'active' | 'used' | 'expired' | 'revoked' {
  if (pairing.revokedAt !== null) return 'revoked';
  if (pairing.uses >= pairing.usesAllowed) return 'used';
  if (pairing.expiresAt <= now) return 'expired';
  return 'active';
}

/** Why a pairing admits no more devices (for the device's invalid_token), or undefined when it does. */
export function pairingRefusal(pairing: PairingLimits | undefined, now: number): string | undefined {
  if (!pairing) return 'initial access token not found';
  const state = pairingState(pairing, now);
  if (state === 'active') return undefined;
  return { revoked: 'this pairing was revoked', used: 'this pairing has admitted as many devices as it allows', expired: 'this pairing has expired' }[state];
}

export type RegistrationRequest = {
  /** Grant names the device asked for (already translated from the provider's); undefined: as many as fit. */
  grants: GrantName[] | undefined;
  /** Scopes the device asked for; undefined: all the pairing allows. */
  scopes: string[] | undefined;
  redirectUris: string[];
  public: boolean;
};

export type RegistrationDecision = { grants: GrantName[]; apiScopes: string[]; oidcScopes: string[] };

const REDIRECT_GRANTS: readonly GrantName[] = ['authorization_code'];
const REFRESHABLE: readonly GrantName[] = ['authorization_code', 'device_code'];

/** What a registering device gets: what it asked for, refused where it asks for more than the pairing allows. */
export function decideRegistration(pairing: { grants: GrantName[]; scopes: string[] }, request: RegistrationRequest): RegistrationDecision {
  const grants = request.grants ?? defaultGrants(pairing.grants, request);
  const beyond = grants.filter((grant) => !pairing.grants.includes(grant));
  if (beyond.length) throw invalid(`this pairing does not allow the grant(s) ${beyond.join(', ')}; it allows ${pairing.grants.join(', ')}`, 'grant_types');
  const requested = request.scopes ?? pairing.scopes;
  const oidcScopes = requested.filter(isOidcScope);
  const apiScopes = requested.filter((scope) => !oidcScopes.includes(scope));
  const refused = apiScopes.filter((scope) => !pairing.scopes.includes(scope));
  if (refused.length) throw invalid(`this pairing does not allow the scope(s) ${refused.join(' ')}`, 'scope');
  checkClient({ kind: 'device', public: request.public, grants, redirectUris: request.redirectUris, postLogoutRedirectUris: [], backchannelLogoutUri: null });
  return { grants, apiScopes, oidcScopes };
}

/** The pairing's grants that can work for this device: no redirect grant without redirect URIs, no secret grant for a public client. */
function defaultGrants(allowed: GrantName[], request: Pick<RegistrationRequest, 'redirectUris' | 'public'>): GrantName[] {
  let grants = allowed.filter((grant) => request.redirectUris.length > 0 || !REDIRECT_GRANTS.includes(grant));
  if (request.public) grants = grants.filter((grant) => grant !== 'client_credentials');
  if (!grants.some((grant) => REFRESHABLE.includes(grant))) grants = grants.filter((grant) => grant !== 'refresh_token');
  return grants;
}
