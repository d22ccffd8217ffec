// Records when a personal access token was last used, as its owner sees on the account page:
// each time a resource server introspects it (the hub's own API records its uses in api/bearer.ts).
// Written at most once a minute per token (store/personal-tokens.ts).
import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { PERSONAL_TOKENS_CLIENT_ID } from '../domain/personal-tokens.ts';
import type { Store } from '../store/index.ts';

export function personalTokenUse(store: Store): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== '/introspect') return next();
    await next();
    if ((ctx.body as { active?: unknown } | undefined)?.active !== true) return;
    const token = (ctx as unknown as KoaContextWithOIDC).oidc?.entities?.AccessToken;
    if (token?.clientId === PERSONAL_TOKENS_CLIENT_ID && token.grantId) store.personalTokens.touch(token.grantId);
  };
}
