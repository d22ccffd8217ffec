// Who must present a second factor when signing in, and when the password grant — which has no
// way to ask for one — may still be used. The settings name the roles that require a factor.
//
// The default for new hubs is "the admin role requires a second factor, once any admin has set
// one up". A new hub's first administrator signs in with a password and reaches the console
// without first needing an authenticator app; from the moment an admin enrols (a deliberate
// choice to use second factors), every admin account must use one too, so a second admin with
// a password only cannot remain the weak door to the console. Other roles an operator lists
// apply at once: naming them was the deliberate choice. Whoever has set up a factor always
// uses it, whatever their roles.
import { ADMIN_ROLE, type SecondFactors } from '../../../shared/admin-contract.ts';
import { forbidden, invalid } from './errors.ts';

/** Recovery codes handed out at a time, each usable once. */
export const RECOVERY_CODE_COUNT = 10;

export const hasSecondFactor = (factors: SecondFactors): boolean => factors.totp || factors.passkeys > 0;

/**
 * What a sign-in asks of a user once their password (or nothing, for a passkey) checked out:
 * `present` a factor they have; `enrol` one before going on (a role they hold requires it and
 * they have none); or `none`.
 */
export type SecondFactorDemand = 'present' | 'enrol' | 'none';

export type FactorPolicy = {
  /** Settings.secondFactorRoles. */
  requiredRoles: readonly string[];
  /** Whether any admin has a second factor: the admin role's requirement starts then. */
  anyAdminEnrolled: boolean;
};

/** Whether one of these roles requires a second factor under the policy. */
export function roleRequiresSecondFactor(roles: readonly string[], policy: FactorPolicy): boolean {
  const required = new Set(policy.requiredRoles.map((name) => name.toLowerCase()));
  return roles.some((role) => {
    const name = role.toLowerCase();
    if (!required.has(name)) return false;
    return name === ADMIN_ROLE ? policy.anyAdminEnrolled : true;
  });
}

export function secondFactorDemand(user: { roles: readonly string[]; secondFactors: SecondFactors }, policy: FactorPolicy): SecondFactorDemand {
  if (hasSecondFactor(user.secondFactors)) return 'present';
  return roleRequiresSecondFactor(user.roles, policy) ? 'enrol' : 'none';
}

/**
 * Why the password grant refuses this user, or undefined when it may go on. The grant cannot ask
 * for a code, so it would bypass the second factor; an operator may still allow it for one
 * application (Smartenit-style apps know no other way), knowing the password alone then suffices.
 */
export function passwordGrantRefusal(demand: SecondFactorDemand, clientAllows: boolean): string | undefined {
  if (demand === 'none' || clientAllows) return undefined;
  if (demand === 'present') {
    return 'this account signs in with a second factor, which the password grant cannot ask for: sign in through the browser (authorization code or device flow), or ask the hub\'s operator to allow the password grant with second factors for this application';
  }
  return 'this account must set up a second factor before signing in (open /account on the hub); the password grant cannot ask for one';
}

/**
 * A factor may be removed unless it is the user's last and a role they hold requires one: they
 * would be made to set one up again at their next sign-in, so they should add the other first.
 * `policy` is the one that would hold afterwards (for an admin: whether another admin has one).
 */
export function checkMayRemoveFactor(input: { remaining: SecondFactors; roles: readonly string[]; policy: FactorPolicy }): void {
  if (hasSecondFactor(input.remaining)) return;
  if (roleRequiresSecondFactor(input.roles, input.policy)) {
    throw forbidden('Your role requires a second factor: add another one (a passkey or an authenticator app) before you remove this one.');
  }
}

/** Every role named in the setting exists. */
export function checkSecondFactorRoles(names: readonly string[], exists: (name: string) => boolean): void {
  const unknown = names.filter((name) => !exists(name));
  if (unknown.length) throw invalid(`There is no role named ${unknown.map((name) => `"${name}"`).join(', ')}.`, 'secondFactorRoles');
}
