// Turns an operator's client record into the metadata oidc-provider understands.
import type { AdapterPayload, ResponseType } from 'oidc-provider';
import type { GrantName } from '../../../shared/admin-contract.ts';
import { ACCOUNT_CLIENT_ID, ACCOUNT_PATH, CONSOLE_CLIENT_ID } from '../../../shared/transport.ts';
import { isNativeApplication } from '../domain/client-uris.ts';
import { DEFAULT_ACCESS_TOKEN_TTL, DEFAULT_REFRESH_TOKEN_TTL } from '../domain/lifetimes.ts';
import { OIDC_SCOPES, splitScope } from '../domain/scopes.ts';
import type { ClientRecord } from '../store/clients.ts';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

const PROVIDER_GRANT: Record<GrantName, string | null> = {
  authorization_code: 'authorization_code',
  implicit: 'implicit',
  password: 'password',
  client_credentials: 'client_credentials',
  refresh_token: 'refresh_token',
  device_code: DEVICE_CODE_GRANT,
};

/** The provider's name for one of our grants (null: none). */
export const toProviderGrant = (grant: GrantName): string | null => PROVIDER_GRANT[grant];
/** Our name for a provider grant type; undefined for a grant we do not know. */
export const fromProviderGrant = (grant: string): GrantName | undefined =>
  (Object.keys(PROVIDER_GRANT) as GrantName[]).find((name) => PROVIDER_GRANT[name] === grant);

/**
 * Our extra client metadata, declared to the provider through extraClientMetadata. A device
 * registering itself never sets these: oauth/registration.ts overwrites them from its pairing.
 */
export const EXTRA_METADATA = ['lanyard_first_party', 'lanyard_access_ttl', 'lanyard_refresh_ttl', 'lanyard_grants', 'lanyard_scopes', 'lanyard_pairing'] as const;

/** Where the hub can be opened: its issuer and addresses, plus `localhost` for loopback ones (passkeys need a name). */
export function hubOrigins(issuer: string, hubUrls: readonly string[] = []): string[] {
  const origins = [issuer, ...hubUrls].map((url) => url.replace(/\/$/, ''));
  const named = origins.map((origin) => origin.replace(/^(https?):\/\/(127\.0\.0\.1|\[::1\])(?=:|$)/, '$1://localhost'));
  return [...new Set([...origins, ...named])];
}

/** The hub's own clients take their redirect URIs from where the hub can be opened. */
function builtinRedirectUris(clientId: string, issuer: string, hubUrls: readonly string[]): string[] | undefined {
  if (clientId === CONSOLE_CLIENT_ID) return [...new Set([issuer, ...hubUrls].map((url) => `${url}/console/`))];
  if (clientId === ACCOUNT_CLIENT_ID) return hubOrigins(issuer, hubUrls).map((origin) => `${origin}${ACCOUNT_PATH}/callback`);
  return undefined;
}

/** After signing out, the console returns to itself and the account page to its own (sign-in) page. */
function builtinPostLogoutUris(clientId: string, issuer: string, hubUrls: readonly string[]): string[] | undefined {
  if (clientId === CONSOLE_CLIENT_ID) return builtinRedirectUris(clientId, issuer, hubUrls);
  if (clientId === ACCOUNT_CLIENT_ID) return hubOrigins(issuer, hubUrls).map((origin) => `${origin}${ACCOUNT_PATH}`);
  return undefined;
}

/**
 * `hubUrls` are the addresses the hub is reachable at: the console may be opened at any of
 * them, so its own client accepts `<url>/console/` for each (and for the issuer), after signing
 * in and after signing out alike.
 */
export function toProviderMetadata(record: ClientRecord, issuer: string, hubUrls: readonly string[] = []): AdapterPayload | undefined {
  if (record.disabled) return undefined;
  // Fresh arrays: the record may be a cached one, and the provider's schema edits what it gets.
  const redirectUris = builtinRedirectUris(record.clientId, issuer, hubUrls) ?? [...record.redirectUris];
  const responseTypes: ResponseType[] = [];
  if (record.grants.includes('authorization_code')) responseTypes.push('code');
  // Implicit (response_type=token) runs inside the provider as "code token" whose code is
  // discarded; see oauth/implicit.ts.
  if (record.grants.includes('implicit')) responseTypes.push('code token');
  return {
    client_id: record.clientId,
    client_name: record.name,
    ...(record.public ? { token_endpoint_auth_method: 'none' } : { client_secret: record.secretHash ?? '', token_endpoint_auth_method: 'client_secret_basic' }),
    grant_types: record.grants.map((grant) => PROVIDER_GRANT[grant]).filter((grant): grant is string => grant !== null),
    response_types: responseTypes,
    redirect_uris: redirectUris,
    post_logout_redirect_uris: builtinPostLogoutUris(record.clientId, issuer, hubUrls) ?? [...record.postLogoutRedirectUris],
    // With a session id in the logout token (and in ID tokens), an app that keeps its own
    // sessions can end exactly the one that signed out.
    ...(record.backchannelLogoutUri ? { backchannel_logout_uri: record.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
    // oidc-provider restricts only its static (OpenID) scopes through `scope`; the API scopes
    // a client may have travel in lanyard_scopes and reach the provider as the resource
    // server's scope (see getResourceServerInfo).
    scope: OIDC_SCOPES.join(' '),
    lanyard_scopes: record.scopes.join(' '),
    application_type: isNativeApplication(redirectUris) ? 'native' : 'web',
    lanyard_first_party: record.firstParty,
    lanyard_access_ttl: record.accessTokenTtl,
    lanyard_refresh_ttl: record.refreshTokenTtl,
    // A device waiting for an operator's approval may use no grant yet (touchpoints.ts, 2).
    lanyard_grants: record.pendingApproval ? [] : [...record.grants],
    ...(record.pairingId ? { lanyard_pairing: record.pairingId } : {}),
  };
}

/** Reads our extra metadata back from a provider Client, whichever key casing it used. */
const CAMEL = Object.fromEntries(EXTRA_METADATA.map((key) => [key, key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())])) as Record<(typeof EXTRA_METADATA)[number], string>;

export function clientExtra<K extends (typeof EXTRA_METADATA)[number]>(client: object, key: K): unknown {
  const record = client as Record<string, unknown>;
  return record[CAMEL[key]] ?? record[key];
}

/** The API scopes the operator allows this client. */
export const clientScopes = (client: object): string[] => splitScope(clientExtra(client, 'lanyard_scopes') as string | undefined);
export const accessTtl = (client: object | undefined): number => Number(client && clientExtra(client, 'lanyard_access_ttl')) || DEFAULT_ACCESS_TOKEN_TTL;
export const refreshTtl = (client: object | undefined): number => Number(client && clientExtra(client, 'lanyard_refresh_ttl')) || DEFAULT_REFRESH_TOKEN_TTL;
/** First-party clients skip the consent page. */
export const isFirstParty = (client: object): boolean => clientExtra(client, 'lanyard_first_party') === true;
