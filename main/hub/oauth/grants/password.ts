// The resource owner password credentials grant (RFC 6749 §4.3), registered on the provider.
// The provider has already authenticated the client and checked it may use this grant.
import type Provider from 'oidc-provider';
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { Settings } from '../../../../shared/admin-contract.ts';
import { passwordGrantRefusal } from '../../domain/factors.ts';
import { API_RESOURCE, decideUserScopes, isOidcScope, splitScope } from '../../domain/scopes.ts';
import { demandFor } from '../../factors/policy.ts';
import type { Store } from '../../store/index.ts';
import { describeFailure, type Authenticator } from '../accounts.ts';
import { accessTtl, clientScopes } from '../client-metadata.ts';
import { recordDecision } from '../grant-scopes.ts';
import { apiResourceServer } from '../touchpoints.ts';

export const PASSWORD_GRANT = 'password';
const PARAMETERS = ['username', 'password', 'scope'];

export function registerPasswordGrant(provider: Provider, deps: { store: Store; authenticate: Authenticator; settings: () => Settings }): void {
  provider.registerGrantType(
    PASSWORD_GRANT,
    async (ctx: KoaContextWithOIDC) => {
      const client = ctx.oidc.client!;
      if (client.clientAuthMethod === 'none') throw new errors.UnauthorizedClient('public clients cannot use the password grant', undefined);
      const { username, password } = ctx.oidc.params as { username?: unknown; password?: unknown };
      if (typeof username !== 'string' || !username || typeof password !== 'string' || !password) {
        throw new errors.InvalidRequest('username and password are required');
      }

      const outcome = await deps.authenticate({ username, password, source: ctx.ip, clientId: client.clientId, via: 'password grant' });
      if (!outcome.ok) {
        if (outcome.reason === 'locked') ctx.set('Retry-After', String(outcome.retryAfterSeconds));
        throw Object.assign(new errors.InvalidGrant(), { error_description: describeFailure(outcome) });
      }
      const { user } = outcome;
      // The grant cannot ask for a second factor (domain/factors.ts).
      const refusal = passwordGrantRefusal(demandFor(deps, user), deps.store.clients.findCached(client.clientId)?.passwordWithSecondFactor ?? false);
      if (refusal) throw Object.assign(new errors.InvalidGrant(), { error_description: refusal });

      const requested = splitScope(ctx.oidc.params!.scope as string | undefined);
      // This grant issues API tokens only: OpenID scopes asked for here are not recorded.
      const decision = { ...decideUserScopes({ requested, clientScopes: clientScopes(client), userScopes: deps.store.roles.scopesForUser(user.id) }), oidc: [], forApi: true };
      if (requested.some((name) => !isOidcScope(name)) && decision.granted.length === 0) {
        throw new errors.InvalidScope('none of the requested scopes is allowed for this user through this client', requested.join(' '));
      }
      const scope = decision.granted.join(' ') || undefined;

      // A saved Grant lets the provider's own refresh_token grant take over later.
      const grant = new provider.Grant({ accountId: user.id, clientId: client.clientId });
      recordDecision(grant, decision);
      const grantId = await grant.save();

      const accessToken = new provider.AccessToken({ accountId: user.id, client, grantId, gty: PASSWORD_GRANT, scope });
      accessToken.resourceServer = apiResourceServer(provider, { resource: API_RESOURCE, scope: clientScopes(client).join(' '), accessTokenTTL: accessTtl(client) }) as typeof accessToken.resourceServer;
      ctx.oidc.entity('AccessToken', accessToken);
      const body: Record<string, unknown> = {
        access_token: await accessToken.save(),
        token_type: accessToken.tokenType,
        expires_in: accessToken.expiration,
        scope,
      };

      if (client.grantTypeAllowed('refresh_token')) {
        const refreshToken = new provider.RefreshToken({ accountId: user.id, client, grantId, gty: PASSWORD_GRANT, scope: scope ?? '', resource: API_RESOURCE });
        ctx.oidc.entity('RefreshToken', refreshToken);
        body.refresh_token = await refreshToken.save();
      }
      ctx.body = body;
    },
    PARAMETERS,
  );
}
