// Compatibility with Smartenit-style clients and SDKs: their endpoint paths, JSON bodies at the
// token endpoint, and the gateway probe. Standard clients see no difference. (Their
// GET /v2/users/me is the API's: api/smartenit.ts.)
import type { Middleware } from 'koa';
import { BodyError, readBody } from './body.ts';

export const PING_PATH = '/v2/ping';
/** oidc-provider's own limit for urlencoded bodies. */
const TOKEN_BODY_LIMIT = 56 * 1024;

/**
 * Serves /v2/oauth2/token, and /v2/oauth2/authorize and /v2/oauth2/dialog (the OmniAuth strategy
 * for Smartenit uses the latter), as the hub's /token and /authorize by rewriting the path, so
 * every later middleware (and the provider) treats them as the same endpoint; answers
 * GET /v2/ping without authentication and without secrets.
 */
export function smartenitCompat(options: { tokenPath: string; authorizationPath: string; ping: () => Record<string, unknown> }): Middleware {
  const aliases = new Map([
    ['/v2/oauth2/token', options.tokenPath],
    ['/v2/oauth2/authorize', options.authorizationPath],
    ['/v2/oauth2/dialog', options.authorizationPath],
  ]);
  return async (ctx, next) => {
    const target = aliases.get(ctx.path);
    if (target) {
      ctx.path = target;
      return next();
    }
    if (ctx.path === PING_PATH && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { ok: true, ...options.ping() };
      return undefined;
    }
    return next();
  };
}

function refuse(ctx: Parameters<Middleware>[0], description: string, close = false): void {
  ctx.status = 400;
  if (close) ctx.set('Connection', 'close'); // the rest of the body is not read
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Pragma', 'no-cache');
  ctx.body = { error: 'invalid_request', error_description: description };
}

/**
 * oidc-provider reads urlencoded bodies only. A JSON object of string parameters at the token
 * endpoint becomes exactly the form the provider would have parsed (through its documented
 * "already parsed body" path), so validation, client authentication (HTTP Basic or
 * client_id/client_secret in the body) and errors are the provider's own.
 */
export function jsonTokenBody(tokenPath: string): Middleware {
  return async (ctx, next) => {
    // The plain header test first: parsing the media type (ctx.is) cost every form-encoded token request.
    if (ctx.path !== tokenPath || ctx.method !== 'POST' || !ctx.get('Content-Type').includes('json') || !ctx.is('application/json')) return next();
    let text: string;
    try {
      text = (await readBody(ctx.req, TOKEN_BODY_LIMIT)).toString('utf8');
    } catch (error) {
      if (error instanceof BodyError) return refuse(ctx, `the request body is larger than ${TOKEN_BODY_LIMIT} bytes`, true);
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return refuse(ctx, 'the request body is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return refuse(ctx, 'the JSON request body must be an object of string parameters');
    }
    const params = Object.create(null) as Record<string, string>;
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value !== 'string') return refuse(ctx, `the parameter "${key}" must be a string`);
      params[key] = value;
    }
    ctx.req.headers['content-type'] = 'application/x-www-form-urlencoded';
    (ctx.request as { body?: unknown }).body = params;
    return next();
  };
}
