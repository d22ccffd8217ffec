// The hub's protected resource API: who am I, and creating users with a scoped token. The rules
// (who may create users, with which roles) are domain/delegation.ts's.
import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import { Password, RoleName, Username, type Settings } from '../../../shared/admin-contract.ts';
import { createUser } from '../admin/users.ts';
import { checkMayCreateUsers, rolesAnApplicationMayGive } from '../domain/delegation.ts';
import { RuleError } from '../domain/errors.ts';
import { USERS_CREATE_SCOPE } from '../domain/scopes.ts';
import type { EventBus } from '../events.ts';
import { readJson } from '../http/body.ts';
import { HTTP_STATUS } from '../http/status.ts';
import type { Store } from '../store/index.ts';
import { authenticateBearer, authenticateUser, refuse, type Caller } from './bearer.ts';

const NewUser = z.object({ username: Username, password: Password, role: RoleName.optional(), roles: z.array(RoleName).max(20).optional() }).strict();

type Deps = { provider: Provider; store: Store; events: EventBus; settings: () => Settings };

const API_PREFIX = '/api';
export const API_ME_PATH = `${API_PREFIX}/me`;
export const API_USERS_PATH = `${API_PREFIX}/users`;

/** Where the API lives: the hub's own, and Smartenit's user path (smartenit.ts). */
const API_PREFIXES = [`${API_PREFIX}/`, '/v2/users/'];

/** Bearer tokens are not cookies, so any origin may call the API with one (preflights included). */
export function apiCors(): Middleware {
  return async (ctx, next) => {
    if (!API_PREFIXES.some((prefix) => ctx.path.startsWith(prefix))) return next();
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

function invalidRequest(ctx: Context, status: number, description: string): void {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { error: 'invalid_request', error_description: description };
}

/** A rule's refusal in RFC 6750's words: a forbidden delegation is insufficient_scope. */
function refuseByRule(ctx: Context, error: RuleError): void {
  if (error.code === 'forbidden') return refuse(ctx, 403, 'insufficient_scope', error.message, USERS_CREATE_SCOPE);
  ctx.status = HTTP_STATUS[error.code];
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { error: error.code === 'conflict' ? 'conflict' : 'invalid_request', error_description: error.message };
}

/** The application acting, for the audit log: the client behind the token. */
function applicationOf(store: Store, caller: Caller): { clientId: string; name: string } {
  return { clientId: caller.token.clientId, name: store.clients.findCached(caller.token.clientId)?.name ?? caller.token.clientId };
}

export function apiRoutes(deps: Deps): Router {
  const { provider, store } = deps;
  const router = new Router();

  router.get(API_ME_PATH, async (ctx) => {
    const found = await authenticateUser(ctx, provider, store);
    if (!found) return;
    const { caller, user } = found;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { sub: user.id, username: user.username, roles: user.roles, scope: [...caller.token.scopes].join(' '), client_id: caller.token.clientId };
  });

  router.post(API_USERS_PATH, async (ctx) => {
    const caller = await authenticateBearer(ctx, provider, store);
    if (!caller) return;
    try {
      checkMayCreateUsers(caller.token.scopes);
      if (!ctx.is('application/json')) return invalidRequest(ctx, 415, 'Send the new user as a JSON body (Content-Type: application/json).');
      const parsed = NewUser.safeParse(await readJson(ctx.req, 16 * 1024));
      if (!parsed.success) return invalidRequest(ctx, 400, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
      const requested = parsed.data.roles ?? (parsed.data.role ? [parsed.data.role] : []);
      const roles = rolesAnApplicationMayGive({ requested, find: (name) => store.roles.get(name), defaultRole: deps.settings().defaultApplicationRole });
      const actor = caller.token.accountId ? `user:${caller.token.accountId}` : `client:${caller.token.clientId}`;
      const user = await createUser(deps, { username: parsed.data.username, password: parsed.data.password, roles }, { actor, application: applicationOf(store, caller) });
      ctx.status = 201;
      ctx.set('Location', `/api/users/${user.id}`);
      ctx.body = { id: user.id, username: user.username, roles: user.roles };
    } catch (error) {
      if (error instanceof RuleError) return refuseByRule(ctx, error);
      throw error;
    }
  });

  return router;
}
