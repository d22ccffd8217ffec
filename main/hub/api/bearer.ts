// Bearer-token checks for the hub's own protected resources (RFC 6750).
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { User } from '../../../shared/admin-contract.ts';
import type { Store } from '../store/index.ts';
import { PERSONAL_TOKENS_CLIENT_ID } from '../domain/personal-tokens.ts';
import { scopesNoLongerHeld, splitScope } from '../domain/scopes.ts';
import { isActiveAccount } from '../domain/users.ts';

const REALM = 'lanyard';

export type Caller = { token: { clientId: string; accountId: string | undefined; scopes: Set<string>; audience: string | undefined } };

/** Answers 401/403 with the RFC 6750 WWW-Authenticate header and a JSON body. */
export function refuse(ctx: Context, status: 401 | 403, error?: 'invalid_token' | 'insufficient_scope' | 'invalid_request', description?: string, scope?: string): void {
  const parts = [`realm="${REALM}"`];
  if (error) parts.push(`error="${error}"`);
  if (description) parts.push(`error_description="${description.replace(/["\\]/g, '')}"`);
  if (scope) parts.push(`scope="${scope}"`);
  ctx.status = status;
  ctx.set('WWW-Authenticate', `Bearer ${parts.join(', ')}`);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = error ? { error, ...(description ? { error_description: description } : {}) } : { error: 'unauthorized', error_description: 'A bearer access token is required.' };
}

/**
 * Finds the caller's token. Refuses (and returns undefined) when it is missing, unknown,
 * expired, or belongs to a client or user that was disabled since (or a guest whose account
 * expired), or carries a scope its user no longer holds (a role removed, or its assignment ended).
 */
export async function authenticateBearer(ctx: Context, provider: Provider, store: Store): Promise<Caller | undefined> {
  const header = ctx.get('authorization');
  const match = /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header);
  if (!header) {
    refuse(ctx, 401);
    return undefined;
  }
  if (!match) {
    refuse(ctx, 401, 'invalid_request', 'Send the token as "Authorization: Bearer <token>".');
    return undefined;
  }
  const value = match[1]!;
  const token = (await provider.AccessToken.find(value)) ?? (await provider.ClientCredentials.find(value));
  if (!token || token.isExpired) {
    refuse(ctx, 401, 'invalid_token', 'The access token is expired, revoked or unknown.');
    return undefined;
  }
  const clientId = token.clientId ?? '';
  const client = store.clients.find(clientId);
  const accountId = 'accountId' in token ? (token.accountId as string | undefined) : undefined;
  const user = accountId ? store.users.get(accountId) : undefined;
  if (!client || client.disabled || (accountId && !isActiveAccount(user))) {
    refuse(ctx, 401, 'invalid_token', 'The access token belongs to a disabled, expired or deleted account.');
    return undefined;
  }
  const scopes = splitScope(token.scope);
  if (accountId && scopesNoLongerHeld(scopes, store.roles.scopesForUser(accountId)).length > 0) {
    refuse(ctx, 401, 'invalid_token', 'The access token carries a permission its user no longer holds (a role was removed or ended); refresh it or sign in again.');
    return undefined;
  }
  if (clientId === PERSONAL_TOKENS_CLIENT_ID && 'grantId' in token && typeof token.grantId === 'string') store.personalTokens.touch(token.grantId);
  const audience = (token as { aud?: string | string[] }).aud;
  return { token: { clientId, accountId, scopes: new Set(scopes), audience: Array.isArray(audience) ? audience[0] : audience } };
}

/**
 * The user a bearer token was issued to. Refuses (and returns undefined) like authenticateBearer,
 * and with insufficient_scope for a token that belongs to a client rather than a person.
 */
export async function authenticateUser(ctx: Context, provider: Provider, store: Store): Promise<{ caller: Caller; user: User } | undefined> {
  const caller = await authenticateBearer(ctx, provider, store);
  if (!caller) return undefined;
  const user = caller.token.accountId ? store.users.get(caller.token.accountId) : undefined;
  if (!user) {
    refuse(ctx, 403, 'insufficient_scope', 'This endpoint needs a token issued to a user, not to a client.');
    return undefined;
  }
  return { caller, user };
}
