// An administrator decides a pending device request (admin operation devices.decide). The
// change is the one oidc-provider makes when a person decides in the browser
// (lib/actions/code_verification.js, lib/actions/authorization/device.js), made through the
// provider's own models so the stored shape stays the provider's:
//  - deny:    error = access_denied on the DeviceCode; the device's next poll gets access_denied.
//  - approve: a Grant for (user, client) with the scopes the consent page would grant, then
//             accountId, grantId, scope and resource on the DeviceCode; the next poll gets tokens.
import type Provider from 'oidc-provider';
import type { DeviceDecision } from '../../../shared/admin-contract.ts';
import { conflict, notFound } from '../store/errors.ts';
import type { Store } from '../store/index.ts';
import { clientScopes } from './provider.ts';
import { API_RESOURCE, grantableScopes, isOidcScope, splitScope } from './scopes.ts';
import { formatUserCode, normalizeUserCode } from './user-codes.ts';

export type DeviceDecisionInput = { userCode: string; decision: DeviceDecision; username?: string | undefined };
export type DeviceDecisionOutcome = { clientId: string; clientName: string | null; userCode: string; decision: DeviceDecision; username: string | null; scope: string };
export type DeviceDecider = (input: DeviceDecisionInput) => Promise<DeviceDecisionOutcome>;

type DeviceCodeModel = {
  clientId: string;
  accountId?: string;
  error?: string;
  errorDescription?: string;
  consumed?: unknown;
  isExpired: boolean;
  params?: Record<string, unknown>;
  grantId?: string;
  scope?: string;
  resource?: string | string[];
  save(): Promise<string>;
};

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
      Object.assign(code, { error: 'access_denied', errorDescription: 'An administrator denied the request.' });
      await code.save();
      return { ...base, username: null, scope: '' };
    }

    const user = username ? store.users.findByUsername(username) : undefined;
    if (!user) throw notFound(`There is no user "${username ?? ''}".`, 'username');
    if (user.disabled) throw conflict(`The user ${user.username} is disabled; enable the account first or choose another user.`, 'username');

    // As at the device authorization endpoint: a request for OpenID scopes only is not for the API.
    const requested = splitScope(code.params?.scope as string | undefined);
    const forApi = !(requested.length > 0 && requested.every(isOidcScope));
    const oidcScopes = requested.filter(isOidcScope);
    const { granted, withheld } = grantableScopes({ requested, clientScopes: clientScopes(client), userScopes: store.roles.scopesForUser(user.id) });

    const grant = new provider.Grant({ accountId: user.id, clientId: client.clientId });
    if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(' '));
    if (forApi && granted.length) grant.addResourceScope(API_RESOURCE, granted.join(' '));
    if (forApi && withheld.length) grant.rejectResourceScope(API_RESOURCE, withheld.join(' '));
    const grantId = await grant.save();

    const scope = [...oidcScopes, ...(forApi ? granted : [])].join(' ');
    // No authTime, session or sid: the user did not sign in, so nothing may claim they did.
    Object.assign(code, { accountId: user.id, grantId, scope, ...(forApi ? { resource: API_RESOURCE } : {}) });
    await code.save();
    return { ...base, username: user.username, scope };
  };
}
