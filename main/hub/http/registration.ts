// The registration endpoints (RFC 7591/7592) as devices should see them. Client secrets are
// stored hashed, so the provider holds the hash where it would hold the secret: a device's
// update that repeats its secret is checked against the hash here, and the hash never goes
// out (RFC 7591 §3.2.1 makes client_secret optional in a read). Our own metadata (lanyard_*)
// stays inside; the API scopes a device holds are reported in `scope` with its OpenID scopes.
import type { Middleware } from 'koa';
import { splitScope } from '../domain/scopes.ts';
import { presentStoredSecret } from '../oauth/touchpoints.ts';
import type { Store } from '../store/index.ts';
import { BodyError, readJson } from './body.ts';

/** As the provider's own JSON body limit. */
const REGISTRATION_BODY_LIMIT = 56 * 1024;

export function registrationEndpoints(store: Store, path: string): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== path && !ctx.path.startsWith(`${path}/`)) return next();
    const clientId = ctx.path.startsWith(`${path}/`) ? decodeURIComponent(ctx.path.slice(path.length + 1)) : undefined;
    const storedHash = clientId ? store.clients.find(clientId)?.secretHash ?? null : null;
    if (ctx.method === 'PUT' && clientId && ctx.is('application/json')) {
      let body: unknown;
      try {
        body = await readJson(ctx.req, REGISTRATION_BODY_LIMIT);
      } catch (error) {
        if (!(error instanceof BodyError)) throw error;
        ctx.status = error.status;
        ctx.body = { error: 'invalid_request', error_description: error.message };
        return;
      }
      if (body && typeof body === 'object' && 'client_secret' in body) presentStoredSecret(body as Record<string, unknown>, storedHash);
      (ctx.request as { body?: unknown }).body = body;
    }
    await next();
    const body = ctx.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Buffer.isBuffer(body) || !('client_id' in body)) return;
    if (storedHash !== null && body.client_secret === storedHash) {
      delete body.client_secret;
      delete body.client_secret_expires_at;
    }
    const apiScopes = splitScope(body.lanyard_scopes as string | undefined);
    for (const key of Object.keys(body)) if (key.startsWith('lanyard_')) delete body[key];
    const scope = [...new Set([...splitScope(body.scope as string | undefined), ...apiScopes])].join(' ');
    if (scope) body.scope = scope;
    else delete body.scope;
  };
}
