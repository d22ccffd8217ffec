// The provider's machine endpoints (token, introspection, revocation, JWKS, userinfo) go past
// the hub's routers: none of them answers those paths, and each router still parses the host
// and tests its whole route table on every request, which the token path paid four times over.
import type { Next } from 'koa';
import type Provider from 'oidc-provider';

const MACHINE_ENDPOINTS = ['token', 'introspection', 'revocation', 'jwks', 'userinfo'] as const;

/** Wraps a middleware so that requests to the provider's machine endpoints skip it. */
export function skippedByProviderEndpoints(provider: Provider) {
  const paths = new Set(MACHINE_ENDPOINTS.map((name) => provider.pathFor(name)));
  return <C extends { path: string }, R>(middleware: (ctx: C, next: Next) => R) =>
    (ctx: C, next: Next): R | Promise<unknown> => (paths.has(ctx.path) ? next() : middleware(ctx, next));
}
