// The provider's machine endpoints (token, introspection, revocation, JWKS, userinfo) go past
// the hub's middleware that never acts on them: the routers (none answers those paths, yet each
// parsed the host and tested its whole route table on every request), discovery, the device
// pages, the implicit flow and the rewriting of authorization redirects (machine endpoints
// answer JSON, never a redirect). One test of the path picks the chain: each layer of a Koa
// chain, even one that only calls next(), costs a bound function and a promise per request.
import compose from 'koa-compose';
import type { Middleware, Next } from 'koa';
import type Provider from 'oidc-provider';

const MACHINE_ENDPOINTS = ['token', 'introspection', 'revocation', 'jwks', 'userinfo'] as const;

const machinePaths = (provider: Provider) => new Set<string>(MACHINE_ENDPOINTS.map((name) => provider.pathFor(name)));

/** Wraps a middleware so that requests to the provider's machine endpoints skip it. */
export function skippedByProviderEndpoints(provider: Provider) {
  const paths = machinePaths(provider);
  return <C extends { path: string }, R>(middleware: (ctx: C, next: Next) => R) =>
    (ctx: C, next: Next): R | Promise<unknown> => (paths.has(ctx.path) ? next() : middleware(ctx, next));
}

/** Any Koa middleware, whatever it adds to the context (routers add params); Koa's use() takes them all. */
type AnyMiddleware = (ctx: never, next: Next) => unknown;

/**
 * Requests to the provider's machine endpoints run `machines`, every other request runs
 * `pages`; each list in its order, then whatever follows (the provider's own routes).
 */
export function forkForProviderEndpoints(provider: Provider, chains: { machines: AnyMiddleware[]; pages: AnyMiddleware[] }): Middleware {
  const paths = machinePaths(provider);
  const machines = compose(chains.machines as Middleware[]);
  const pages = compose(chains.pages as Middleware[]);
  return (ctx, next) => (paths.has(ctx.path) ? machines(ctx, next) : pages(ctx, next));
}
