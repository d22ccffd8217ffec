// RFC 9110 §15.5.6: a method an endpoint does not serve is answered 405 with an Allow header, not
// a bare 404 — for the provider's endpoints (whose router only knows what it serves) and the other
// fixed paths. The routers of the pages, the API and the console do the same for their own routes.
import type { Middleware } from 'koa';

/** The methods each path serves; GET implies HEAD. */
export type MethodTable = Readonly<Record<string, readonly string[]>>;

export function allowHeader(methods: readonly string[]): string {
  return methods.flatMap((method) => (method === 'GET' && !methods.includes('HEAD') ? ['GET', 'HEAD'] : [method])).join(', ');
}

export function methodNotAllowed(table: MethodTable): Middleware {
  const allowed = new Map(Object.entries(table).map(([path, methods]) => [path, allowHeader(methods)]));
  return async (ctx, next) => {
    const allow = allowed.get(ctx.path);
    if (!allow || allow.split(', ').includes(ctx.method)) return next();
    ctx.status = 405;
    ctx.set('Allow', allow);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { error: 'invalid_request', error_description: `${ctx.path} accepts ${allow}, not ${ctx.method}.` };
    return undefined;
  };
}
