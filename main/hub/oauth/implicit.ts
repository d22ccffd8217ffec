// The OAuth 2 implicit grant (RFC 6749 §4.2, response_type=token). oidc-provider 9 refuses a
// bare "token" response type, but still has the machinery: for a client allowed implicit, the
// request runs as "code token" with our response mode, which drops and destroys the code and
// returns exactly the RFC's fragment: access_token, token_type, expires_in, scope, state.
// Login, consent, scope and TTL handling are the provider's own.
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { t } from '../i18n/translate.ts';
import { errorPage, PAGE_CSP } from './interactions/views.ts';

export const IMPLICIT_RESPONSE_MODE = 'lanyard_implicit';
const INTERNAL_RESPONSE_TYPE = 'code token';

/** True while the provider handles a request that came in as response_type=token. */
export function isImplicitRequest(ctx: KoaContextWithOIDC): boolean {
  return ctx.oidc?.params?.response_mode === IMPLICIT_RESPONSE_MODE;
}

/**
 * Translates response_type=token before the provider sees it, and refuses the internal
 * spelling. A POST to the authorization endpoint comes back as this same GET
 * (http/post-as-get.ts), so the query is all there is to look at.
 */
export function implicitTranslation(authorizationPath: string): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== authorizationPath || ctx.method !== 'GET') return next();
    const params: Record<string, unknown> = { ...ctx.query };
    // oidc-provider reads response_type as a set of words ("token code" is "code token"), so
    // compare the same way, or a client could ask for the internal combination by reordering.
    const responseType = typeof params.response_type === 'string' ? [...new Set(params.response_type.split(' ').filter(Boolean))].sort().join(' ') : undefined;
    if (responseType === INTERNAL_RESPONSE_TYPE || params.response_mode === IMPLICIT_RESPONSE_MODE || Array.isArray(params.response_mode)) {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.set('Content-Security-Policy', PAGE_CSP);
      ctx.body = errorPage({ title: t('pages.error.unsupportedResponseType'), message: t('pages.error.supportedResponseTypes'), detail: t('pages.error.code', { code: 'unsupported_response_type' }) });
      return undefined;
    }
    if (responseType === 'token') {
      params.response_type = INTERNAL_RESPONSE_TYPE;
      params.response_mode = IMPLICIT_RESPONSE_MODE;
      ctx.query = params as Record<string, string>;
    }
    return next();
  };
}

/**
 * @param heldScopes the API scopes the user holds right now: a grant remembered from an
 *   earlier consent must not outlive a permission withdrawn from the user's roles since.
 */
export function registerImplicitResponseMode(provider: Provider, heldScopes: (accountId: string) => Set<string>): void {
  provider.registerResponseMode(IMPLICIT_RESPONSE_MODE, async function implicitResponse(ctx: KoaContextWithOIDC, redirectUri: string, payload: Record<string, unknown>) {
    const { code, ...response } = payload;
    // The code only existed to run the provider's hybrid machinery; it must never be usable.
    if (code) await ctx.oidc.entities.AuthorizationCode?.destroy();
    const token = ctx.oidc.entities.AccessToken;
    if (token?.accountId && response.access_token) {
      const held = heldScopes(token.accountId);
      const scope = (token.scope ?? '').split(' ').filter((name) => name && (held.has(name) || !token.resourceServer)).join(' ');
      if (scope !== (token.scope ?? '')) {
        token.scope = scope || undefined;
        await token.save();
        if (scope) response.scope = scope;
        else delete response.scope;
      }
    }
    const target = new URL(redirectUri);
    target.hash = new URLSearchParams(Object.entries(response).map(([key, value]): [string, string] => [key, String(value)])).toString();
    ctx.status = 303;
    ctx.redirect(target.href);
  });
}
