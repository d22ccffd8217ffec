// Admin operations on users. Disabling, deleting or resetting a password revokes the user's
// tokens in the same transaction; the hub always keeps an enabled admin.
import { ADMIN_ROLE, type User } from '../../../shared/admin-contract.ts';
import { checkExpiry, checkKeepsAnAdmin, checkRoleExpiries, checkUsernameFree, removesAdmin } from '../domain/users.ts';
import { hashPassword } from '../security/passwords.ts';
import type { Store } from '../store/index.ts';
import { commit, mutation, type AdminDeps, type Handlers } from './app.ts';
import { revokeBeyondRoles } from './personal-tokens.ts';

/** How many upcoming expiries the dashboard lists. */
const EXPIRING_SHOWN = 20;

/** Who asked for a new user: an operator (console, CLI) or an application through the API. */
export type Creator = { actor: string; application?: { clientId: string; name: string } };

function requireRoles(store: Store, roles: readonly string[]): void {
  for (const role of roles) store.roles.require(role, 'roles');
}

/** "guest until 2026-…, resident": the roles as the audit log tells them. */
const describeRoles = (user: User): string => user.roles.map((role) => (user.roleExpiries?.[role] ? `${role} until ${user.roleExpiries[role]}` : role)).join(', ');

function keepAnAdmin(store: Store, user: User, change: Parameters<typeof removesAdmin>[1]): void {
  if (removesAdmin(user, change)) checkKeepsAnAdmin(store.users.countEnabledWithRole(ADMIN_ROLE, user.id));
}

/** Creates a user; the one path for operators and for applications holding users:create. */
export async function createUser(
  deps: Pick<AdminDeps, 'store' | 'events'>,
  input: { username: string; password: string; roles: string[]; roleExpiries?: Record<string, string | null> | undefined; expiresAt?: string | undefined },
  by: Creator,
): Promise<User> {
  const { store } = deps;
  checkUsernameFree(store.users.findByUsername(input.username), input.username);
  checkExpiry(input.expiresAt);
  checkRoleExpiries(input.roles, input.roleExpiries);
  requireRoles(store, input.roles);
  const passwordHash = await hashPassword(input.password);
  return commit(deps, (changes) => {
    checkUsernameFree(store.users.findByUsername(input.username), input.username); // again: the hash took a while
    const user = store.users.create({ username: input.username, passwordHash, roles: input.roles, roleExpiries: input.roleExpiries, expiresAt: input.expiresAt });
    const roles = `${user.roles.length ? ` with role ${describeRoles(user)}` : ''}${user.expiresAt ? `, until ${user.expiresAt}` : ''}`;
    const application = by.application ? ` by the application ${by.application.name} (${by.application.clientId})` : '';
    changes.event({ type: 'user.changed', actor: by.actor, clientId: by.application?.clientId ?? null, subject: user.id, summary: `User ${user.username} created${application}${roles}`, detail: { username: user.username, roles: user.roles, ...(by.application ? { application: by.application.clientId } : {}) } });
    return user;
  });
}

export const userHandlers = (deps: AdminDeps) => {
  const { store } = deps;
  return {
    'users.list': (input) => store.users.list(input),
    'users.expiring': ({ withinSeconds }) => store.users.expiring(withinSeconds, EXPIRING_SHOWN),
    'users.create': (input, actor) => createUser(deps, input, { actor }),
    'users.update': mutation<'users.update'>(deps, (input, actor, changes) => {
      const current = store.users.require(input.id);
      if (input.roles) requireRoles(store, input.roles);
      checkExpiry(input.expiresAt);
      checkRoleExpiries(input.roles ?? current.roles, input.roleExpiries);
      keepAnAdmin(store, current, input);
      const user = store.users.update(current.id, input);
      const expiry = input.expiresAt === undefined ? '' : input.expiresAt === null ? 'no expiry' : `expires ${user.expiresAt}`;
      const rolesChanged = input.roles !== undefined || input.roleExpiries !== undefined;
      const what = [rolesChanged ? `roles ${describeRoles(user) || 'none'}` : '', input.disabled === true ? 'disabled' : input.disabled === false ? 'enabled' : '', expiry].filter(Boolean).join('; ');
      changes.event({ type: 'user.changed', actor, subject: user.id, summary: `User ${user.username}: ${what || 'no change'}`, detail: { username: user.username, roles: user.roles, disabled: user.disabled } });
      // A disabled user loses every token at once, not when they expire.
      if (input.disabled === true) changes.revoked(store.tokens.revokeByUser(user.id), actor, (count) => `${count} token(s) of ${user.username} revoked because the user was disabled`);
      if (rolesChanged) revokeBeyondRoles(store, changes, actor, `${user.username}'s roles changed`);
      return user;
    }),
    'users.setPassword': async (input, actor) => {
      const target = store.users.require(input.id);
      const passwordHash = await hashPassword(input.password);
      return commit(deps, (changes) => {
        const user = store.users.setPasswordHash(target.id, passwordHash);
        changes.event({ type: 'user.changed', actor, subject: user.id, summary: `Password of ${user.username} reset`, detail: { username: user.username } });
        // A reset password usually means the old one leaked: end every session and token too.
        changes.revoked(store.tokens.revokeByUser(user.id), actor, (count) => `${count} token(s) of ${user.username} revoked because the password was reset`);
        return user;
      });
    },
    'users.delete': mutation<'users.delete'>(deps, ({ id }, actor, changes) => {
      const user = store.users.require(id);
      keepAnAdmin(store, user, { deleted: true });
      const revoked = store.tokens.revokeByUser(user.id);
      store.users.delete(user.id);
      changes.event({ type: 'user.changed', actor, subject: user.id, summary: `User ${user.username} deleted`, detail: { username: user.username } });
      changes.revoked(revoked, actor, (count) => `${count} token(s) of ${user.username} revoked because the user was deleted`);
      return { deleted: true as const };
    }),
  } satisfies Partial<Handlers>;
};
