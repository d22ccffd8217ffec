// What must stay true of users: usernames are unique, and the hub always keeps an enabled admin.
import { ADMIN_ROLE, type User } from '../../../shared/admin-contract.ts';
import { conflict } from './errors.ts';

export function checkUsernameFree(existing: User | undefined, username: string): void {
  if (existing) throw conflict(`The username "${username}" is taken.`, 'username');
}

/** Would this change leave `user` without the admin role, or disabled? */
export function removesAdmin(user: Pick<User, 'roles'>, change: { roles?: readonly string[] | undefined; disabled?: boolean | undefined; deleted?: boolean }): boolean {
  if (!user.roles.includes(ADMIN_ROLE)) return false;
  return change.deleted === true || change.disabled === true || (change.roles !== undefined && !change.roles.includes(ADMIN_ROLE));
}

/**
 * Refuses to remove the last enabled admin: nobody could open the console afterwards.
 * `otherEnabledAdmins` counts enabled admins besides the user being changed.
 */
export function checkKeepsAnAdmin(otherEnabledAdmins: number): void {
  if (otherEnabledAdmins === 0) throw conflict('This is the last enabled admin; make another user an admin first, or nobody could manage the hub.', 'id');
}
