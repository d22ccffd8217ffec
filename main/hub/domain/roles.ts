// What roles may be: the built-in admin role keeps the console scope and cannot be given away by
// applications; built-in roles stay; a role is removed only once nobody holds it.
import { ADMIN_ROLE, type Role } from '../../../shared/admin-contract.ts';
import { CONSOLE_SCOPE } from '../../../shared/transport.ts';
import { conflict, forbidden } from './errors.ts';

/** The role every hub has from its first start. */
export const ADMIN_ROLE_DESCRIPTION = 'Full control of this hub';

const isAdminRoleName = (name: string): boolean => name.toLowerCase() === ADMIN_ROLE;

/** A role that opens the console: the admin role itself, or any role holding the console scope. */
export const isAdministrative = (role: Pick<Role, 'name' | 'scopes'>): boolean => isAdminRoleName(role.name) || role.scopes.includes(CONSOLE_SCOPE);

/** The admin role must keep the console scope, or nobody could open the console. */
export function checkRoleScopes(role: Pick<Role, 'name'>, scopes: readonly string[]): void {
  if (isAdminRoleName(role.name) && !scopes.includes(CONSOLE_SCOPE)) {
    throw conflict(`The admin role must keep the ${CONSOLE_SCOPE} scope, or nobody could open the console.`, 'scopes');
  }
}

/**
 * Applications may give only roles marked assignable, and never one that opens the console: a
 * role becomes administrative by its scopes too, so both the flag and the scopes are checked.
 */
export function checkAssignable(role: Pick<Role, 'name' | 'scopes'>, assignable: boolean): void {
  if (assignable && isAdministrative(role)) {
    throw forbidden(`The role ${role.name} opens the console, so applications can never give it; only an administrator can.`, 'assignable');
  }
}

export function checkRoleDeletable(role: Pick<Role, 'name' | 'builtin' | 'userCount'>): void {
  if (role.builtin) throw conflict(`The built-in role "${role.name}" cannot be deleted.`, 'name');
  if (role.userCount > 0) throw conflict(`The role "${role.name}" is held by ${role.userCount} user(s); take it from them first.`, 'name');
}

export function checkRoleNameFree(existing: Role | undefined, name: string): void {
  if (existing) throw conflict(`A role named "${name}" already exists.`, 'name');
}

/** A scope still allowed to applications stays, so no client silently loses a permission. */
export function checkScopeDeletable(scope: { name: string; clientCount: number }): void {
  if (scope.clientCount > 0) throw conflict(`The scope "${scope.name}" is still allowed to ${scope.clientCount} application(s); remove it from them first.`, 'name');
}

/** The console is for users holding the admin role, through a token that carries the console scope. */
export const mayUseConsole = (user: { roles: readonly string[]; disabled: boolean }, tokenScopes: ReadonlySet<string>): boolean =>
  !user.disabled && user.roles.includes(ADMIN_ROLE) && tokenScopes.has(CONSOLE_SCOPE);
