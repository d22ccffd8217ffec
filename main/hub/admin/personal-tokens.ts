// Admin operations on personal access tokens — and the one path that creates them, for operators
// (console, CLI) and for users on their account page alike. A token carries some of the scopes
// its user's roles hold now; when a role or scope is withdrawn, tokens that carried it are revoked
// in the same change (revokeBeyondRoles), so introspection says inactive and the API answers 401.
import type { OperationOutput, User } from '../../../shared/admin-contract.ts';
import { conflict } from '../domain/errors.ts';
import { checkMayHoldTokens, checkPersonalTokenScopes, lifetimeSeconds, tokensBeyondRoles } from '../domain/personal-tokens.ts';
import type { PersonalTokenMinter } from '../oauth/personal-tokens.ts';
import type { Store } from '../store/index.ts';
import { commit, type AdminDeps, type Changes, type Handlers } from './app.ts';

export type PersonalTokenInput = { name: string; scopes: readonly string[]; expiresIn: number | null };

export async function createPersonalToken(deps: Pick<AdminDeps, 'store' | 'events' | 'personalTokens'>, user: User, input: PersonalTokenInput, actor: string): Promise<OperationOutput<'personalTokens.create'>> {
  const { store } = deps;
  checkMayHoldTokens(user);
  const scopes = checkPersonalTokenScopes(input.scopes, store.roles.scopesForUser(user.id));
  const mint: PersonalTokenMinter | undefined = await deps.personalTokens?.();
  if (!mint) throw conflict('Personal access tokens can only be made by the hub itself; use the console or the account page.');
  const scope = scopes.join(' ');
  const minted = await mint({ userId: user.id, scope, lifetime: lifetimeSeconds(input.expiresIn) });
  return commit(deps, (changes) => {
    store.personalTokens.create({ grantId: minted.grantId, userId: user.id, name: input.name, createdBy: actor });
    const token = store.personalTokens.byGrant(minted.grantId)!;
    const expiry = token.expiresAt ? `expires ${token.expiresAt}` : 'never expires';
    changes.event({ type: 'user.changed', actor, subject: user.id, summary: `Personal access token "${input.name}" created for ${user.username} (${scope}; ${expiry})`, detail: { username: user.username, name: input.name, scope, tokenId: token.id, expiresAt: token.expiresAt } });
    return { id: token.id, token: minted.value, name: token.name, scope: token.scope, expiresAt: token.expiresAt };
  });
}

/** Revokes every personal token carrying a scope its user no longer holds; part of the change that withdrew it. */
export function revokeBeyondRoles(store: Store, changes: Changes, actor: string, why: string): void {
  const doomed = tokensBeyondRoles(store.personalTokens.listAll(), (userId) => store.roles.scopesForUser(userId));
  if (doomed.length === 0) return;
  changes.revoked(store.tokens.revoke(doomed.map((token) => token.id)), actor, (count) => `${count} personal access token(s) revoked: ${why}, so their users no longer hold every scope they carried`);
}

export const personalTokenHandlers = (deps: AdminDeps) => {
  const { store } = deps;
  return {
    'personalTokens.list': ({ userId }) => {
      const user = store.users.require(userId, 'userId');
      return store.personalTokens.listForUser(user.id).map(({ userId: _user, grantId: _grant, ...token }) => token);
    },
    'personalTokens.create': async ({ userId, ...input }, actor) => createPersonalToken(deps, store.users.require(userId, 'userId'), input, actor),
  } satisfies Partial<Handlers>;
};

