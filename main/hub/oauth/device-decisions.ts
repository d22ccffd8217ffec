// An administrator decides a pending device request (admin operation devices.decide), as a person
// would in the browser: deny, or approve for a user with the scopes the consent page would grant
// (domain/scopes.ts). The DeviceCode is changed through the provider's own model
// (touchpoints.ts), so the stored shape stays the provider's.
import { hasExpired } from '../domain/users.ts';
import type Provider from 'oidc-provider';
import type { DeviceDecision } from '../../../shared/admin-contract.ts';
import { conflict, notFound } from '../domain/errors.ts';
import { API_RESOURCE, decideUserScopes, splitScope } from '../domain/scopes.ts';
import type { Store } from '../store/index.ts';
import { clientScopes } from './client-metadata.ts';
import { recordDecision } from './grant-scopes.ts';
import { approveDeviceCode, denyDeviceCode, type DeviceCodeModel } from './touchpoints.ts';
import { formatUserCode, normalizeUserCode } from './user-codes.ts';

export type DeviceDecisionInput = { userCode: string; decision: DeviceDecision; username?: string | undefined };
export type DeviceDecisionOutcome = { clientId: string; clientName: string | null; userCode: string; decision: DeviceDecision; username: string | null; scope: string };
export type DeviceDecider = (input: DeviceDecisionInput) => Promise<DeviceDecisionOutcome>;

export function createDeviceDecider(deps: { provider: Provider; store: Store }): DeviceDecider {
  const { provider, store } = deps;
  return async ({ userCode, decision, username }) => {
    const normalized = normalizeUserCode(userCode);
    const shown = formatUserCode(normalized);
    const code = normalized
      ? ((await provider.DeviceCode.findByUserCode(normalized, { ignoreExpiration: true })) as unknown as DeviceCodeModel | undefined)
      : undefined;
    if (!code) throw notFound(`No device is waiting for the code ${shown || userCode}.`, 'userCode');
    if (code.isExpired) throw conflict(`The code ${shown} has expired; the device must ask again.`, 'userCode');
    if (code.error || code.accountId || code.consumed) throw conflict(`The request with the code ${shown} was already decided.`, 'userCode');
    const client = await provider.Client.find(code.clientId);
    if (!client) throw conflict('The device\'s client is disabled or no longer registered.', 'userCode');
    const base = { clientId: client.clientId, clientName: client.clientName ?? null, userCode: shown, decision };

    if (decision === 'deny') {
      await denyDeviceCode(code, 'An administrator denied the request.');
      return { ...base, username: null, scope: '' };
    }

    const user = username ? store.users.findByUsername(username) : undefined;
    if (!user) throw notFound(`There is no user "${username ?? ''}".`, 'username');
    if (user.disabled) throw conflict(`The user ${user.username} is disabled; enable the account first or choose another user.`, 'username');
    if (hasExpired(user)) throw conflict(`The account of ${user.username} has expired; extend it first or choose another user.`, 'username');

    const scopes = decideUserScopes({ requested: splitScope(code.params?.scope as string | undefined), clientScopes: clientScopes(client), userScopes: store.roles.scopesForUser(user.id) });
    const grant = new provider.Grant({ accountId: user.id, clientId: client.clientId });
    recordDecision(grant, scopes);
    const grantId = await grant.save();

    const scope = [...scopes.oidc, ...(scopes.forApi ? scopes.granted : [])].join(' ');
    await approveDeviceCode(code, { accountId: user.id, grantId, scope, resource: scopes.forApi ? API_RESOURCE : undefined });
    return { ...base, username: user.username, scope };
  };
}
