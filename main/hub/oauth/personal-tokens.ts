// Mints personal access tokens: oidc-provider AccessTokens of the built-in personal-tokens client,
// for the hub's API, each with a Grant of its own (revoking one spares the others). Introspection,
// revocation and the live-token list are the provider's and the hub's own, as for every token.
import type Provider from 'oidc-provider';
import { PERSONAL_TOKENS_CLIENT_ID } from '../domain/personal-tokens.ts';
import { API_RESOURCE } from '../domain/scopes.ts';
import { mintAccessToken } from './touchpoints.ts';

/** How a personal token says how it was made (introspection's and the audit's `gty`). */
const PERSONAL_TOKEN_GRANT = 'personal_access_token';

export type PersonalTokenMinter = (input: { userId: string; scope: string; lifetime: number }) => Promise<{ value: string; grantId: string }>;

export const personalTokenMinter = (provider: Provider): PersonalTokenMinter => (input) =>
  mintAccessToken(provider, {
    clientId: PERSONAL_TOKENS_CLIENT_ID,
    accountId: input.userId,
    scope: input.scope,
    expiresIn: input.lifetime,
    gty: PERSONAL_TOKEN_GRANT,
    resource: { identifier: API_RESOURCE, scope: input.scope },
  });
