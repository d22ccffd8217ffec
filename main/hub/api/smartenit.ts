// Smartenit's user resource as its published clients read it: GET /v2/users/me with a bearer
// token answers {"data": {"_id", "username", "roles"}}. Refusals are RFC 6750's, as at /api/me.
import Router from '@koa/router';
import type Provider from 'oidc-provider';
import type { Store } from '../store/index.ts';
import { authenticateUser } from './bearer.ts';

export const SMARTENIT_ME_PATH = '/v2/users/me';

export function smartenitUserRoutes(deps: { provider: Provider; store: Store }): Router {
  const router = new Router();
  router.get(SMARTENIT_ME_PATH, async (ctx) => {
    const found = await authenticateUser(ctx, deps.provider, deps.store);
    if (!found) return;
    const { user } = found;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: { _id: user.id, username: user.username, roles: user.roles } };
  });
  return router;
}
