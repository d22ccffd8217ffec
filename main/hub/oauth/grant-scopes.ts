// Writes a scope decision (domain/scopes.ts) onto an oidc-provider Grant: the one place that calls
// addOIDCScope / addResourceScope / rejectResourceScope, for consent, first-party sign-in, the
// device flow and the password grant alike.
import type { Grant } from 'oidc-provider';
import { API_RESOURCE, type UserGrantDecision } from '../domain/scopes.ts';

export function recordDecision(grant: Grant, decision: UserGrantDecision): void {
  if (decision.oidc.length) grant.addOIDCScope(decision.oidc.join(' '));
  if (!decision.forApi) return;
  if (decision.granted.length) grant.addResourceScope(API_RESOURCE, decision.granted.join(' '));
  if (decision.withheld.length) grant.rejectResourceScope(API_RESOURCE, decision.withheld.join(' '));
}
