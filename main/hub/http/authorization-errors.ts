// RFC 6749 names `unauthorized_client` for a client using a response type it may not use;
// oidc-provider says `invalid_request`. Rewrites it on the authorization endpoint's error redirects.
import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { responseTypeNotAllowed } from '../oauth/touchpoints.ts';

export function authorizationErrors(): Middleware {
  return async (ctx, next) => {
    await next();
    const location = ctx.response.get('Location');
    if (!location || ctx.status < 300 || ctx.status >= 400 || !location.includes('error=invalid_request')) return;
    if (!responseTypeNotAllowed(ctx as unknown as KoaContextWithOIDC)) return;
    const target = URL.parse(location);
    if (!target) return;
    for (const part of ['search', 'hash'] as const) {
      const params = new URLSearchParams(target[part].slice(1));
      if (params.get('error') !== 'invalid_request') continue;
      params.set('error', 'unauthorized_client');
      target[part] = params.toString();
      ctx.set('Location', target.href);
    }
  };
}
