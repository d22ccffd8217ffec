// The second-factor policy as it stands: the settings' roles, and whether an admin has enrolled.
import type { Settings } from '../../../shared/admin-contract.ts';
import { secondFactorDemand, type FactorPolicy, type SecondFactorDemand } from '../domain/factors.ts';
import type { Store } from '../store/index.ts';

export type PolicyDeps = { store: Store; settings: () => Settings };

/** `exceptUserId`: the policy as it would be without that user's factors (they are removing one). */
export const factorPolicy = (deps: PolicyDeps, exceptUserId?: string): FactorPolicy => ({
  requiredRoles: deps.settings().secondFactorRoles,
  anyAdminEnrolled: deps.store.factors.anyAdminEnrolled(exceptUserId),
});

export const demandFor = (deps: PolicyDeps, user: Parameters<typeof secondFactorDemand>[0]): SecondFactorDemand => secondFactorDemand(user, factorPolicy(deps));
