// The hub's protected resource API: who am I, and creating users with a scoped token.
import Router from '@koa/router';
import type { Middleware } from 'koa';
import { z } from 'zod';
import { ADMIN_ROLE, Password, RoleName, Username } from '../../../shared/admin-contract.ts';
import type { AdminService } from '../admin/service.ts';
import { readJson } from '../http/body.ts';
import type Provider from 'oidc-provider';
import type { Store } from '../store/index.ts';
import { authenticateBearer, refuse } from './bearer.ts';

export const USERS_CREATE_SCOPE = 'users:create';

const NewUser = z.object({ username: Username, password: Password, role: RoleName.optional(), roles: z.array(RoleName).max(20).optional() }).strict();

/** Bearer tokens are not cookies, so any origin may call the API with one (preflights included). */
export function apiCors(): Middleware {
  return async (ctx, next) => {
    if (!ctx.path.startsWith('/api/')) return next();
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    ctx.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    ctx.set('Access-Control-Expose-Headers', 'WWW-Authenticate, Location');
    ctx.set('Access-Control-Max-Age', '600');
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      return undefined;
    }
    return next();
  };
}

export function apiRoutes(deps: { provider: Provider; store: Store; admin: AdminService }): Router {
  const { provider, store, admin } = deps;
  const router = new Router({ prefix: '/api' });


  router.get('/me', async (ctx) => {
    const caller = await authenticateBearer(ctx, provider, store);
    if (!caller) return;
    if (!caller.token.accountId) return refuse(ctx, 403, 'insufficient_scope', 'This endpoint needs a token issued to a user, not to a client.');
    const user = store.users.get(caller.token.accountId)!;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { sub: user.id, username: user.username, roles: user.roles, scope: [...caller.token.scopes].join(' '), client_id: caller.token.clientId };
  });

  router.post('/users', async (ctx) => {
    const caller = await authenticateBearer(ctx, provider, store);
    if (!caller) return;
    if (!caller.token.scopes.has(USERS_CREATE_SCOPE)) {
      return refuse(ctx, 403, 'insufficient_scope', `Creating users needs the ${USERS_CREATE_SCOPE} scope.`, USERS_CREATE_SCOPE);
    }
    if (!ctx.is('application/json')) {
      ctx.status = 415;
      ctx.body = { error: 'invalid_request', error_description: 'Send the new user as a JSON body (Content-Type: application/json).' };
      return;
    }
    const parsed = NewUser.safeParse(await readJson(ctx.req, 16 * 1024));
    if (!parsed.success) {
      ctx.status = 400;
      ctx.body = { error: 'invalid_request', error_description: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ') };
      return;
    }
    const roles = parsed.data.roles ?? (parsed.data.role ? [parsed.data.role] : []);
    // A token that may create users must not be able to mint administrators, nor hand out
    // permissions it does not hold itself.
    const elevated = roles.filter((role) => role.toLowerCase() === ADMIN_ROLE || store.roles.get(role)?.scopes.includes('lanyard:admin'));
    if (elevated.length) return refuse(ctx, 403, 'insufficient_scope', `The API cannot give the ${elevated.join(', ')} role; an operator must do that in the console.`);
    const beyond = roles.filter((role) => store.roles.get(role)?.scopes.some((scope) => !caller.token.scopes.has(scope)));
    if (beyond.length) {
      return refuse(ctx, 403, 'insufficient_scope', `The role ${beyond.join(', ')} grants permissions this token does not hold; only roles within the token's own scopes can be given.`);
    }
    const actor = caller.token.accountId ? `user:${caller.token.accountId}` : `client:${caller.token.clientId}`;
    const result = await admin.call('users.create', { username: parsed.data.username, password: parsed.data.password, roles }, actor);
    if (!result.ok) {
      ctx.status = result.error.code === 'conflict' ? 409 : result.error.code === 'not_found' || result.error.code === 'invalid_input' ? 400 : 500;
      ctx.body = { error: result.error.code === 'conflict' ? 'conflict' : 'invalid_request', error_description: result.error.message };
      return;
    }
    ctx.status = 201;
    ctx.set('Location', `/api/users/${result.value.id}`);
    ctx.body = { id: result.value.id, username: result.value.username, roles: result.value.roles };
  });

  return router;
}
