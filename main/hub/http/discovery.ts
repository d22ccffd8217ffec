// The discovery documents as this hub really is: RFC 8414 metadata at its own well-known path
// too, the implicit grant and `token` response type announced, the internal spellings hidden,
// how clients authenticate at introspection and revocation, and the operators' scopes listed.
import type { Middleware } from 'koa';
import { IMPLICIT_RESPONSE_MODE } from '../oauth/implicit.ts';
import { CLIENT_AUTH_METHODS } from '../oauth/provider.ts';
import type { Store } from '../store/index.ts';
import { scopesAnnouncer } from './discovery-scopes.ts';

export const OIDC_DISCOVERY = '/.well-known/openid-configuration';
export const OAUTH_DISCOVERY = '/.well-known/oauth-authorization-server';

export function discovery(store: Store): Middleware {
  const announce = scopesAnnouncer(store);
  return async (ctx, next) => {
    const alias = ctx.path === OAUTH_DISCOVERY;
    if (!alias && ctx.path !== OIDC_DISCOVERY) return next();
    if (alias) ctx.path = OIDC_DISCOVERY;
    await next();
    const body = ctx.body as Record<string, unknown> | undefined;
    if (ctx.status !== 200 || !body || typeof body !== 'object') return;
    // "code token" only exists inside the hub to run the implicit grant; clients see "token".
    body.response_types_supported = ['code', 'token', 'none'];
    body.response_modes_supported = (body.response_modes_supported as string[] | undefined)?.filter((mode) => mode !== IMPLICIT_RESPONSE_MODE);
    const grants = new Set(body.grant_types_supported as string[]);
    grants.add('implicit');
    body.grant_types_supported = [...grants];
    // RFC 8414 §2: without these a client must guess. The provider authenticates clients at
    // introspection and revocation exactly as at the token endpoint.
    if (body.introspection_endpoint) body.introspection_endpoint_auth_methods_supported = [...CLIENT_AUTH_METHODS];
    if (body.revocation_endpoint) body.revocation_endpoint_auth_methods_supported = [...CLIENT_AUTH_METHODS];
    // Operators define scopes at run time; announce the ones that exist now.
    body.scopes_supported = announce(body.scopes_supported as string[]);
  };
}
