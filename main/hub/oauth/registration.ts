// Zero-touch registration: devices register themselves (RFC 7591) and manage their registration
// (RFC 7592) with oidc-provider's registration features, only with a pairing's initial access
// token. What they may hold is decided by domain/pairings.ts; what they register lands in the
// operator's `clients` table as a real Lanyard client (secret hashed, marked with its pairing).
import type { AdapterPayload, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import { RedirectUri, type GrantName } from '../../../shared/admin-contract.ts';
import { readSettings } from '../admin/settings.ts';
import { RuleError } from '../domain/errors.ts';
import { decideRegistration, pairingRefusal } from '../domain/pairings.ts';
import { splitScope } from '../domain/scopes.ts';
import type { EventBus } from '../events.ts';
import { newClientId, newClientSecret, sha256 } from '../security/secrets.ts';
import { epoch } from '../store/db.ts';
import type { Store } from '../store/index.ts';
import type { RegistrationSource } from '../store/oidc-adapter.ts';
import type { PairingRecord } from '../store/pairings.ts';
import { EXTRA_METADATA, fromProviderGrant, toProviderGrant } from './client-metadata.ts';

/** The one registration policy: every initial access token (and so every registration access token) carries it. */
const PAIRING_POLICY = 'lanyard-pairing';

/** The registration endpoint's path; discovery announces it as `registration_endpoint`. */
export const REGISTRATION_PATH = '/reg';

type Properties = Record<string, unknown>;

/** features.registration and features.registrationManagement. */
export function registrationFeatures(store: Store): Pick<NonNullable<Configuration['features']>, 'registration' | 'registrationManagement'> {
  return {
    registration: {
      enabled: true,
      initialAccessToken: true,
      issueRegistrationAccessToken: true,
      idFactory: () => newClientId(),
      secretFactory: () => newClientSecret(),
      policies: { [PAIRING_POLICY]: (ctx: KoaContextWithOIDC, properties: Properties) => applyPairing(store, ctx, properties) },
    },
    // A registration access token is replaced at each update (RFC 7592 §2.2 allows it): one
    // leaked with an old request is worth nothing after the next.
    registrationManagement: { enabled: true, rotateRegistrationAccessToken: true },
  };
}

/** The pairing behind this request: the initial access token's when registering, the client's when updating. */
function pairingFor(store: Store, ctx: KoaContextWithOIDC): PairingRecord {
  const initial = ctx.oidc.entities.InitialAccessToken;
  if (initial) {
    const pairing = store.pairings.findByTokenHash(sha256(initial.jti));
    const refusal = pairingRefusal(pairing, epoch());
    if (refusal) throw new errors.InvalidToken(refusal);
    return pairing!;
  }
  const record = ctx.oidc.client && store.clients.find(ctx.oidc.client.clientId);
  const pairing = record?.pairingId ? store.pairings.find(record.pairingId) : undefined;
  if (!pairing) throw new errors.InvalidToken('this client was not registered through a pairing');
  return pairing;
}

/**
 * The registration policy: the device's request capped by its pairing. Our own metadata
 * (lanyard_*) is never taken from the device; it is set here from the pairing.
 */
function applyPairing(store: Store, ctx: KoaContextWithOIDC, properties: Properties): void {
  const pairing = pairingFor(store, ctx);
  for (const key of EXTRA_METADATA) delete properties[key];
  // The hub sends back-channel logouts to any LAN address (touchpoints.ts, 13): only an operator may set one.
  if (properties.backchannel_logout_uri !== undefined) throw new errors.InvalidClientMetadata('backchannel_logout_uri can only be set by the hub\'s operator');
  const redirectUris = Array.isArray(properties.redirect_uris) ? (properties.redirect_uris as unknown[]) : [];
  const logoutUris = Array.isArray(properties.post_logout_redirect_uris) ? (properties.post_logout_redirect_uris as unknown[]) : [];
  for (const uri of [...redirectUris, ...logoutUris]) {
    if (!RedirectUri.safeParse(uri).success) throw new errors.InvalidRedirectUri(`${String(uri).slice(0, 100)} is not an absolute URI without a fragment`);
  }
  const grantTypes = Array.isArray(properties.grant_types) ? (properties.grant_types as unknown[]).map(String) : undefined;
  let decision;
  try {
    decision = decideRegistration(pairing, {
      grants: grantTypes?.map((grant) => fromProviderGrant(grant) ?? (grant as GrantName)),
      scopes: typeof properties.scope === 'string' ? splitScope(properties.scope) : undefined,
      redirectUris: redirectUris as string[],
      public: properties.token_endpoint_auth_method === 'none',
    });
  } catch (error) {
    if (error instanceof RuleError) throw new errors.InvalidClientMetadata(error.message);
    throw error;
  }
  const settings = readSettings(store);
  Object.assign(properties, {
    grant_types: decision.grants.map(toProviderGrant).filter((grant): grant is string => grant !== null),
    response_types: decision.grants.includes('authorization_code') ? ['code'] : [],
    scope: decision.oidcScopes.join(' ') || undefined,
    lanyard_pairing: pairing.id,
    lanyard_grants: decision.grants,
    lanyard_scopes: decision.apiScopes.join(' '),
    lanyard_first_party: false,
    lanyard_access_ttl: settings.defaultAccessTokenTtl,
    lanyard_refresh_ttl: settings.defaultRefreshTokenTtl,
  });
  if (properties.scope === undefined) delete properties.scope;
}

/**
 * Where the provider's registration writes land: our clients table, through the same rules as
 * an operator's client. A use of the pairing is claimed in the same transaction as the new row,
 * so two devices racing for a pairing's last use cannot both get in.
 */
export function registrationSource(store: Store, events: EventBus): RegistrationSource {
  return {
    saveClient(clientId, payload) {
      const pairingId = String(payload.lanyard_pairing ?? '');
      const fields = registeredFields(payload);
      const current = store.clients.find(clientId);
      if (current) {
        if (current.pairingId !== pairingId || current.disabled) throw new errors.InvalidToken('this client cannot be changed through registration management');
        store.clients.update(clientId, fields);
        if (typeof payload.client_secret === 'string' && payload.client_secret !== current.secretHash) store.clients.setSecretHash(clientId, sha256(payload.client_secret));
        events.emit({ type: 'client.changed', actor: clientId, clientId, summary: `Device ${fields.name} updated its registration`, detail: { grants: fields.grants, scopes: fields.scopes } });
        return;
      }
      const pairing = store.pairings.find(pairingId);
      if (!pairing) throw new errors.InvalidToken('initial access token not found');
      store.transaction(() => {
        if (!store.pairings.claimUse(pairing.id)) throw new errors.InvalidToken(pairingRefusal(store.pairings.find(pairing.id), epoch()) ?? 'this pairing admits no more devices');
        store.scopes.ensure(fields.scopes);
        store.clients.create({
          clientId,
          kind: 'device',
          ...fields,
          accessTokenTtl: Number(payload.lanyard_access_ttl),
          refreshTokenTtl: Number(payload.lanyard_refresh_ttl),
          firstParty: false,
          secretHash: typeof payload.client_secret === 'string' ? sha256(payload.client_secret) : null,
          pairingId: pairing.id,
          pendingApproval: pairing.requiresApproval,
        });
      });
      const waiting = pairing.requiresApproval ? '; it waits for an operator to approve it' : '';
      events.emit({ type: 'client.changed', actor: clientId, clientId, summary: `Device ${fields.name} registered itself with the pairing ${pairing.name}${waiting}`, detail: { pairing: pairing.id, grants: fields.grants, scopes: fields.scopes } });
    },

    deleteClient(clientId) {
      const record = store.clients.find(clientId);
      if (!record?.pairingId) return; // operators' clients are never deleted by the provider
      const revoked = store.transaction(() => {
        const tokens = store.tokens.revokeByClient(clientId);
        store.clients.delete(clientId);
        return tokens.length;
      });
      events.emit({ type: 'client.changed', actor: clientId, clientId, summary: `Device ${record.name} deleted its registration (${revoked} token(s) revoked)`, detail: { revoked } });
    },

    initialAccessToken(id) {
      const pairing = store.pairings.findByTokenHash(sha256(id));
      if (!pairing || pairingRefusal(pairing, epoch())) return undefined;
      return { jti: id, kind: 'InitialAccessToken', iat: pairing.createdAt, exp: pairing.expiresAt, policies: [PAIRING_POLICY] } as AdapterPayload;
    },
  };
}

/** A registered client's fields as the provider hands them over, after applyPairing capped them. */
function registeredFields(payload: AdapterPayload) {
  const grants = (Array.isArray(payload.lanyard_grants) ? payload.lanyard_grants : []) as GrantName[];
  return {
    name: typeof payload.client_name === 'string' && payload.client_name.trim() ? payload.client_name.trim().slice(0, 100) : `Device ${String(payload.client_id).slice(0, 8)}`,
    public: payload.token_endpoint_auth_method === 'none',
    grants,
    redirectUris: Array.isArray(payload.redirect_uris) ? (payload.redirect_uris as string[]) : [],
    postLogoutRedirectUris: Array.isArray(payload.post_logout_redirect_uris) ? (payload.post_logout_redirect_uris as string[]) : [],
    scopes: splitScope(payload.lanyard_scopes as string | undefined),
  };
}
