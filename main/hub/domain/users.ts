// What must stay true of users: usernames are unique, the hub always keeps an enabled admin, a
// guest whose account has expired is treated everywhere as if it were disabled, and a role
// assignment that has ended is not held (store/roles.ts compares with the time of each use).
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
export function checkExpiry(expiresAt: string | null | undefined, now = Date.now(), field: 'expiresAt' | 'roleExpiries' = 'expiresAt'): void {
  if (!expiresAt) return;
  const at = Date.parse(expiresAt);
  const what = field === 'expiresAt' ? { end: 'to end an account now, disable it', forGood: 'for a permanent account' } : { end: 'to end a role now, remove it', forGood: 'to keep a role for good' };
  if (at <= now) throw invalid(`The expiry must be in the future; ${what.end}.`, field);
  if (at - now > MAX_EXPIRY_MS) throw invalid(`An expiry is at most ten years away; ${what.forGood}, set none.`, field);
}

export function checkUsernameFree(existing: User | undefined, username: string): void {
  if (existing) throw conflict(`The username "${username}" is taken.`, 'username');
}

/** An expiry read from a configuration file: a past one imports an account that has already ended; a future one follows checkExpiry. */
export function checkImportedExpiry(expiresAt: string | null, now = Date.now()): void {
  if (expiresAt && Date.parse(expiresAt) > now) checkExpiry(expiresAt, now);
}

/** A user's roles as a configuration file gives them: a role whose end has passed is not held; the others keep their ends. */
export function heldRoles(roles: readonly string[], roleExpiries: Readonly<Record<string, string>>, now = Date.now()): { roles: string[]; roleExpiries: Record<string, string> } {
  const ended = new Set(Object.entries(roleExpiries).flatMap(([role, at]) => (Date.parse(at) <= now ? [role] : [])));
  return { roles: roles.filter((role) => !ended.has(role)), roleExpiries: Object.fromEntries(Object.entries(roleExpiries).filter(([role]) => !ended.has(role))) };
}

/**
 * Would this change leave `user` without the admin role for good: removed, disabled, or the
 * account or the admin assignment set to end?
 */
export function removesAdmin(
  user: Pick<User, 'roles'>,
  change: { roles?: readonly string[] | undefined; roleExpiries?: Readonly<Record<string, string | null>> | undefined; disabled?: boolean | undefined; deleted?: boolean; expiresAt?: string | null | undefined },
): boolean {
  if (!user.roles.includes(ADMIN_ROLE)) return false;
  return change.deleted === true || change.disabled === true || !!change.expiresAt || !!change.roleExpiries?.[ADMIN_ROLE] || (change.roles !== undefined && !change.roles.includes(ADMIN_ROLE));
}

/**
 * Role assignments that end: only roles the user will hold can be given an end, and each end is
 * an expiry like an account's (in the future, at most ten years away).
 */
export function checkRoleExpiries(roles: readonly string[], roleExpiries: Readonly<Record<string, string | null>> | undefined, now = Date.now()): void {
  for (const [role, at] of Object.entries(roleExpiries ?? {})) {
    if (!roles.includes(role)) throw invalid(`The user does not hold the role "${role}"; give the role first, then its end.`, 'roleExpiries');
    checkExpiry(at, now, 'roleExpiries');
  }
}

/**
 * Refuses to remove the last enabled admin: nobody could open the console afterwards.
 * `otherEnabledAdmins` counts enabled admins besides the user being changed.
 */
export function checkKeepsAnAdmin(otherEnabledAdmins: number): void {
  if (otherEnabledAdmins === 0) throw conflict('This is the last enabled admin; make another user an admin first, or nobody could manage the hub.', 'id');
}
