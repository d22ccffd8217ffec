// The provider's machine endpoints (token, introspection, revocation, JWKS, userinfo) go past
// the hub's middleware that never acts on them: the routers (none answers those paths, yet each
// parsed the host and tested its whole route table on every request), discovery, the device
// pages, the implicit flow and the rewriting of authorization redirects (machine endpoints
// answer JSON, never a redirect). Each was an async function with its own promise per request.
import type { Next } from 'koa';
import type Provider from 'oidc-provider';

const MACHINE_ENDPOINTS = ['token', 'introspection', 'revocation', 'jwks', 'userinfo'] as const;

/** Wraps a middleware so that requests to the provider's machine endpoints skip it. */
export function skippedByProviderEndpoints(provider: Provider) {
  const paths = new Set(MACHINE_ENDPOINTS.map((name) => provider.pathFor(name)));
  return <C extends { path: string }, R>(middleware: (ctx: C, next: Next) => R) =>
    (ctx: C, next: Next): R | Promise<unknown> => (paths.has(ctx.path) ? next() : middleware(ctx, next));
}
