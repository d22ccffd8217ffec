// Who may be given which role by an application. A token holding `users:create` (a sign-up app,
// a provisioning service acting through client credentials) may create users with any role an
// operator marked assignable, or with the hub's default role when it names none; never with a
// role that opens the console. It does not need to hold the role's permissions itself: the
// operator's flag is the delegation, so the sign-up app stays least-privileged.
import type { Role } from '../../../shared/admin-contract.ts';
import { forbidden, invalid } from './errors.ts';
import { isAdministrative } from './roles.ts';
import { USERS_CREATE_SCOPE } from './scopes.ts';

export function checkMayCreateUsers(tokenScopes: ReadonlySet<string>): void {
  if (!tokenScopes.has(USERS_CREATE_SCOPE)) throw forbidden(`Creating users needs the ${USERS_CREATE_SCOPE} scope.`);
}

/**
 * The roles a new user created by an application gets. `requested` empty → the default role (or
 * none when the hub has no default). Every refusal names the rule, for the API's
 * `error_description`.
 */
export function rolesAnApplicationMayGive(input: { requested: readonly string[]; find: (name: string) => Role | undefined; defaultRole: string | null }): string[] {
  const names = input.requested.length ? [...new Set(input.requested)] : input.defaultRole ? [input.defaultRole] : [];
  return names.map((name) => {
    const role = input.find(name);
    if (!role) throw invalid(`There is no role named "${name}".`, 'roles');
    if (isAdministrative(role)) throw forbidden(`The role ${role.name} opens the console; applications can never give it, only an administrator can.`, 'roles');
    if (!role.assignable) throw forbidden(`The role ${role.name} is not assignable by applications; an administrator can mark it assignable in the console's Roles screen.`, 'roles');
    return role.name;
  });
}

/** The default role for users created by applications must itself be one they may give. */
export function checkDefaultApplicationRole(role: Role): void {
  if (isAdministrative(role) || !role.assignable) {
    throw forbidden(`The role ${role.name} is not assignable by applications, so it cannot be their default; mark it assignable first.`, 'defaultApplicationRole');
  }
}

/** The hub's default role for application-created users stays deletable-and-assignable only once it is no longer the default. */
export function checkNotTheDefault(roleName: string, defaultRole: string | null, change: string): void {
  if (defaultRole && defaultRole.toLowerCase() === roleName.toLowerCase()) {
    throw forbidden(`The role ${roleName} is the default for users created by applications; choose another default in Settings before you ${change}.`, 'name');
  }
}
