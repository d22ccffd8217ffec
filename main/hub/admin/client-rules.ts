// The rules that make a client configuration coherent, shared by every way of creating one.
import { DEFAULT_GRANTS, PUBLIC_KINDS, type ClientKind, type GrantName } from '../../../shared/admin-contract.ts';
import { invalid } from '../store/errors.ts';

const REDIRECT_GRANTS: GrantName[] = ['authorization_code', 'implicit'];
const CONFIDENTIAL_ONLY: GrantName[] = ['password', 'client_credentials'];
const REFRESHABLE: GrantName[] = ['authorization_code', 'password', 'device_code'];

export type ClientShape = { kind: ClientKind; public: boolean; grants: GrantName[]; redirectUris: string[] };

/** Fills in what the kind implies and refuses combinations that cannot work or are unsafe. */
export function shapeClient(input: { kind: ClientKind; public?: boolean | undefined; grants?: GrantName[] | undefined; redirectUris: string[] }): ClientShape {
  const grants = [...new Set(input.grants ?? DEFAULT_GRANTS[input.kind])];
  const shape = { kind: input.kind, public: input.public ?? PUBLIC_KINDS.has(input.kind), grants, redirectUris: [...new Set(input.redirectUris)] };
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
  if (shape.grants.some((grant) => REDIRECT_GRANTS.includes(grant)) && shape.redirectUris.length === 0) {
    throw invalid('The authorization_code and implicit grants need at least one redirect URI (--redirect-uri).', 'redirectUris');
  }
  if (shape.grants.includes('refresh_token') && !shape.grants.some((grant) => REFRESHABLE.includes(grant))) {
    throw invalid('The refresh_token grant needs a grant that issues refresh tokens: authorization_code, password or device_code.', 'grants');
  }
  if (shape.grants.length === 0) throw invalid('Choose at least one grant.', 'grants');
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
