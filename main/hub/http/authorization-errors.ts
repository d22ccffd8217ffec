// RFC 6749 names `unauthorized_client` for a client using a response type it may not use;
// oidc-provider says `invalid_request`. Rewrites it on the authorization endpoint's error redirects,
// and tells a device waiting for an operator's approval why it was refused.
import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { responseTypeNotAllowed } from '../oauth/touchpoints.ts';
import type { Store } from '../store/index.ts';

const AWAITS_APPROVAL = 'this device waits for an operator to approve it (console: Devices); try again once it is approved';

export function authorizationErrors(store: Store): Middleware {
  return async (ctx, next) => {
    await next();
    const location = ctx.response.get('Location');
    if (!location || ctx.status < 300 || ctx.status >= 400 || !location.includes('error=invalid_request')) return;
    const oidc = (ctx as unknown as KoaContextWithOIDC).oidc;
    if (!responseTypeNotAllowed(ctx as unknown as KoaContextWithOIDC)) return;
    const target = URL.parse(location);
    if (!target) return;
    const pending = !!oidc.client && store.clients.find(oidc.client.clientId)?.pendingApproval === true;
    for (const part of ['search', 'hash'] as const) {
      const params = new URLSearchParams(target[part].slice(1));
      if (params.get('error') !== 'invalid_request') continue;
      params.set('error', 'unauthorized_client');
      if (pending) params.set('error_description', AWAITS_APPROVAL);
      target[part] = params.toString();
      ctx.set('Location', target.href);
    }
  };
}
