// What a personal access token may be: some of the scopes its user's roles hold right now, a
// lifetime or none, and never more than the user holds — when a role or scope is withdrawn, the
// tokens that carried it die (the admin handlers revoke them in the same change).
import { forbidden, notFound } from './errors.ts';
import { DAY } from './lifetimes.ts';
import { isOidcScope } from './scopes.ts';

/** The built-in client personal access tokens are issued through; nobody knows its secret. */
export const PERSONAL_TOKENS_CLIENT_ID = 'lanyard-personal-tokens';

/** "No expiry" is stored as a century: the token tables and the provider need a number. */
export const NEVER_EXPIRES = 100 * 365 * DAY;
/** Anything lasting longer than this was made with no expiry. */
const NO_EXPIRY_THRESHOLD = 50 * 365 * DAY;

export const lifetimeSeconds = (expiresIn: number | null): number => expiresIn ?? NEVER_EXPIRES;
export const neverExpires = (issuedAt: number, expiresAt: number): boolean => expiresAt - issuedAt > NO_EXPIRY_THRESHOLD;

/** The scopes a new token may carry: every one requested must be held by the user's roles now. */
export function checkPersonalTokenScopes(requested: readonly string[], userScopes: ReadonlySet<string>): string[] {
  const scopes = [...new Set(requested)];
  const beyond = scopes.filter((scope) => isOidcScope(scope) || !userScopes.has(scope));
  if (beyond.length) {
    const held = [...userScopes].sort().join(' ') || 'none';
    throw forbidden(`A personal access token can only carry scopes the user's roles hold; not ${beyond.join(' ')} (held: ${held}).`, 'scopes');
  }
  return scopes;
}

/** A disabled user gets no new tokens. */
export function checkMayHoldTokens(user: { username: string; disabled: boolean }): void {
  if (user.disabled) throw forbidden(`${user.username} is disabled, so they cannot have new tokens; enable them first.`, 'userId');
}

/** The tokens that carry a scope their user no longer holds. */
export function tokensBeyondRoles<T extends { userId: string; scope: string }>(tokens: readonly T[], scopesOf: (userId: string) => ReadonlySet<string>): T[] {
  const cache = new Map<string, ReadonlySet<string>>();
  const held = (userId: string) => {
    let scopes = cache.get(userId);
    if (!scopes) cache.set(userId, (scopes = scopesOf(userId)));
    return scopes;
  };
  return tokens.filter((token) => token.scope.split(' ').filter(Boolean).some((scope) => !held(token.userId).has(scope)));
}

/**
 * A user acting on their own account may see and revoke only what they hold; someone else's
 * token is "not found", so its existence is not revealed either.
 */
export function checkHolds(holderId: string | null | undefined, userId: string, what = 'token'): void {
  if (holderId !== userId) throw notFound(`You have no such ${what}.`, 'id');
}
