// What must stay true of users: usernames are unique, the hub always keeps an enabled admin, and
// a guest whose account has expired is treated everywhere as if it were disabled.
import { ADMIN_ROLE, type User } from '../../../shared/admin-contract.ts';
import { conflict, invalid } from './errors.ts';

/** The longest a guest's account may be set to last: ten years. */
const MAX_EXPIRY_MS = 10 * 365 * 86_400_000;

/** Has this account's expiry passed at `now` (ms)? Read at every use, never cached. */
export const hasExpired = (user: { expiresAt?: string | null | undefined }, now = Date.now()): boolean =>
  !!user.expiresAt && Date.parse(user.expiresAt) <= now;

/** May this account sign in and may its tokens work: it exists, is enabled and has not expired. */
export const isActiveAccount = (user: { disabled: boolean; expiresAt?: string | null | undefined } | undefined, now = Date.now()): boolean =>
  !!user && !user.disabled && !hasExpired(user, now);

/** An expiry an operator sets must lie in the future (a past one would be a disable in disguise). */
export function checkExpiry(expiresAt: string | null | undefined, now = Date.now()): void {
  if (!expiresAt) return;
  const at = Date.parse(expiresAt);
  if (at <= now) throw invalid('The expiry must be in the future; to end an account now, disable it.', 'expiresAt');
  if (at - now > MAX_EXPIRY_MS) throw invalid('An expiry is at most ten years away; for a permanent account, set none.', 'expiresAt');
}

export function checkUsernameFree(existing: User | undefined, username: string): void {
  if (existing) throw conflict(`The username "${username}" is taken.`, 'username');
}

/** An expiry read from a configuration file: a past one imports an account that has already ended; a future one follows checkExpiry. */
export function checkImportedExpiry(expiresAt: string | null, now = Date.now()): void {
  if (expiresAt && Date.parse(expiresAt) > now) checkExpiry(expiresAt, now);
}

/** Would this change leave `user` without the admin role, or disabled? */
export function removesAdmin(user: Pick<User, 'roles'>, change: { roles?: readonly string[] | undefined; disabled?: boolean | undefined; deleted?: boolean; expiresAt?: string | null | undefined }): boolean {
  if (!user.roles.includes(ADMIN_ROLE)) return false;
  return change.deleted === true || change.disabled === true || !!change.expiresAt || (change.roles !== undefined && !change.roles.includes(ADMIN_ROLE));
}

/**
 * Refuses to remove the last enabled admin: nobody could open the console afterwards.
 * `otherEnabledAdmins` counts enabled admins besides the user being changed.
 */
export function checkKeepsAnAdmin(otherEnabledAdmins: number): void {
  if (otherEnabledAdmins === 0) throw conflict('This is the last enabled admin; make another user an admin first, or nobody could manage the hub.', 'id');
}
