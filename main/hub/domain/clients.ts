// What makes a client configuration coherent and safe, for every way of creating or changing one:
// which grants a public client may hold, which grants need redirect URIs or another grant, which
// addresses it may register (client-uris.ts), and what the console's own built-in client may never lose.
import { DEFAULT_GRANTS, PUBLIC_KINDS, type ClientKind, type GrantName } from '../../../shared/admin-contract.ts';
import { BROWSER_GRANTS, checkClientUris } from './client-uris.ts';
import { conflict, invalid } from './errors.ts';

/** Grants that authenticate the client with its secret: a public client has none. */
const CONFIDENTIAL_ONLY: GrantName[] = ['password', 'client_credentials'];
const REFRESHABLE: GrantName[] = ['authorization_code', 'password', 'device_code'];

export type ClientShape = { kind: ClientKind; public: boolean; grants: GrantName[]; redirectUris: string[]; postLogoutRedirectUris: string[]; backchannelLogoutUri: string | null };

/** Fills in what the kind implies and refuses combinations that cannot work or are unsafe. */
export function shapeClient(input: {
  kind: ClientKind; public?: boolean | undefined; grants?: GrantName[] | undefined; redirectUris: string[];
  postLogoutRedirectUris?: string[] | undefined; backchannelLogoutUri?: string | null | undefined;
}): ClientShape {
  const grants = [...new Set(input.grants ?? DEFAULT_GRANTS[input.kind])];
  const shape = {
    kind: input.kind,
    public: input.public ?? PUBLIC_KINDS.has(input.kind),
    grants,
    redirectUris: [...new Set(input.redirectUris)],
    postLogoutRedirectUris: [...new Set(input.postLogoutRedirectUris ?? [])],
    backchannelLogoutUri: input.backchannelLogoutUri ?? null,
  };
  checkClient(shape);
  return shape;
}

export function checkClient(shape: ClientShape): void {
  if (shape.public) {
    const refused = shape.grants.filter((grant) => CONFIDENTIAL_ONLY.includes(grant));
    if (refused.length) {
      throw invalid(`A public client cannot use the ${refused.join(' or ')} grant: it has no secret to authenticate with. Make it confidential or choose other grants.`, 'grants');
    }
  }
  if (shape.grants.some((grant) => BROWSER_GRANTS.includes(grant)) && shape.redirectUris.length === 0) {
    throw invalid('The authorization_code and implicit grants need at least one redirect URI.', 'redirectUris');
  }
  if (shape.grants.includes('refresh_token') && !shape.grants.some((grant) => REFRESHABLE.includes(grant))) {
    throw invalid('The refresh_token grant needs a grant that issues refresh tokens: authorization_code, password or device_code.', 'grants');
  }
  if (shape.grants.length === 0) throw invalid('Choose at least one grant.', 'grants');
  checkClientUris(shape);
}

/** A public client has no secret to rotate; the hub's built-in clients have none anyone holds. */
export function checkHasSecret(client: { name: string; public: boolean; builtin?: boolean }): void {
  if (client.builtin) throw conflict(`${client.name} is built into the hub; nobody holds a secret for it.`, 'clientId');
  if (client.public) throw invalid(`${client.name} is a public client: it has no secret to rotate.`, 'clientId');
}

type BuiltinPatch = { grants?: unknown; redirectUris?: unknown; postLogoutRedirectUris?: unknown; backchannelLogoutUri?: unknown; disabled?: unknown };

/**
 * The hub's own clients (the console's, the account page's, personal access tokens'): their
 * grants, redirect and post-logout URIs (derived from the hub's addresses at run time) and
 * enabled state keep the hub working, so only their name, scopes and lifetimes change.
 */
export function checkBuiltinClientChange(client: { builtin: boolean; name?: string }, patch: BuiltinPatch, deleting = false): void {
  if (!client.builtin) return;
  const name = client.name ?? 'This client';
  if (deleting) throw conflict(`${name} is built into the hub and cannot be deleted.`, 'clientId');
  const fixed: (keyof BuiltinPatch)[] = ['grants', 'redirectUris', 'postLogoutRedirectUris', 'backchannelLogoutUri', 'disabled'];
  if (fixed.some((field) => patch[field] !== undefined)) {
    throw conflict(`${name} is built into the hub: only its name, scopes and lifetimes can be changed.`, 'clientId');
  }
}

/** The kind the CLI infers when the operator gives grants but no kind. */
export function inferKind(grants: GrantName[], isPublic: boolean): ClientKind {
  // A device with the device grant may be public (no secret to keep) and is still a device.
  if (grants.includes('device_code') && !grants.includes('password')) return 'device';
  if (isPublic) return 'spa';
  if (grants.includes('password')) return 'first_party';
  if (grants.every((grant) => grant === 'client_credentials')) return 'service';
  return 'web';
}
