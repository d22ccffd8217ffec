// POST at the authorization endpoint (OpenID Connect Core 1.0 §3.1.2.1) and the end-session
// endpoint (RP-Initiated Logout 1.0 §2), answered with a 303 to the very GET request the provider
// serves. oidc-provider's own POST support (enableHttpPostMethods) demands SameSite=None cookies,
// which browsers drop without Secure, so no one could sign in on a plain-HTTP hub; and with
// SameSite=Lax a cross-site POST arrives without the hub's session cookie, so a signed-in user
// would be asked for the password again. The GET that follows is a top-level navigation, which
// carries Lax cookies. Why this is sound: docs/standards.md.
import type { Context, Middleware } from 'koa';
import { errorPage, PAGE_CSP } from '../oauth/interactions/views.ts';
import { t } from '../i18n/translate.ts';
import { BodyError, readBody } from './body.ts';

/**
 * The parameters become the query of the GET, so they must fit the hub's request line: Node
 * accepts 16 KiB of request line and headers, and cookies need room too. Request objects are off,
 * so a real authorization or logout request is well below this (an id_token_hint is ~1 KiB).
 */
export const POST_AS_GET_LIMIT = 8 * 1024;

function refuse(ctx: Context, status: number, message: string): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.set('Content-Security-Policy', PAGE_CSP);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = errorPage({ title: t('pages.error.cannotComplete'), message, detail: t('pages.error.code', { code: 'invalid_request' }) });
}

/** For each of `paths`, a form-encoded POST becomes a 303 to the same path with the form as its query. */
export function postAsGet(paths: readonly string[]): Middleware {
  const served = new Set(paths);
  return async (ctx, next) => {
    if (ctx.method !== 'POST' || !served.has(ctx.path)) return next();
    if (!ctx.is('application/x-www-form-urlencoded')) {
      return refuse(ctx, 415, 'Send the parameters form-encoded (Content-Type: application/x-www-form-urlencoded), or as the query of a GET request.');
    }
    if (ctx.querystring) return refuse(ctx, 400, 'Send the parameters either in the body of a POST or in the query of a GET, not both.');
    let body: string;
    try {
      body = (await readBody(ctx.req, POST_AS_GET_LIMIT)).toString('utf8');
    } catch (error) {
      if (error instanceof BodyError) return refuse(ctx, error.status, `The parameters are larger than ${POST_AS_GET_LIMIT} bytes.`);
      throw error;
    }
    // Re-encoded, so the query is well-formed whatever the body's spelling; repeated parameters
    // stay repeated and the provider refuses them exactly as it would in a GET.
    const query = new URLSearchParams(body).toString();
    ctx.status = 303;
    ctx.set('Cache-Control', 'no-store');
    ctx.redirect(query ? `${ctx.path}?${query}` : ctx.path);
    return undefined;
  };
}
