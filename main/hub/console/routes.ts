// The console over HTTP: the built React app at /console and the admin contract at
// /console/api/<operation>, for admins signed in through the hub's own code + PKCE flow.
import Router from '@koa/router';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import { OPERATION_NAMES, type AdminError, type OperationName } from '../../../shared/admin-contract.ts';
import { CONSOLE_API_PREFIX, CONSOLE_PATH, CONSOLE_SCOPE, HTTP_EVENT_NAME, HTTP_EVENTS_PATH } from '../../../shared/transport.ts';
import type { AdminService } from '../admin/service.ts';
import { authenticateBearer } from '../api/bearer.ts';
import { mayUseConsole } from '../domain/roles.ts';
import type { EventBus } from '../events.ts';
import { t } from '../i18n/translate.ts';
import { readJson } from '../http/body.ts';
import { HTTP_STATUS } from '../http/status.ts';
import type { Store } from '../store/index.ts';
import { errorPage } from '../oauth/interactions/views.ts';

const OPERATIONS = new Set<string>(OPERATION_NAMES);
const CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

const safeDecode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return '';
  }
};

type Deps = { provider: Provider; store: Store; admin: AdminService; events: EventBus; consoleDir: string | undefined; issuer: string };

function fail(ctx: Context, code: AdminError['code'], message: string): void {
  ctx.status = HTTP_STATUS[code];
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { ok: false, error: { code, message } };
}

/** The admin behind the request, or undefined once the answer (401/403) is written. */
async function requireAdmin(ctx: Context, deps: Deps): Promise<string | undefined> {
  const caller = await authenticateBearer(ctx, deps.provider, deps.store);
  if (!caller) {
    const message = ctx.get('authorization') ? 'Your session has expired; sign in again.' : 'Sign in to use the console.';
    const header = ctx.response.get('WWW-Authenticate');
    fail(ctx, 'unauthorized', message);
    ctx.set('WWW-Authenticate', header || 'Bearer realm="lanyard"');
    return undefined;
  }
  const user = caller.token.accountId ? deps.store.users.get(caller.token.accountId) : undefined;
  if (!user || !mayUseConsole(user, caller.token.scopes)) {
    fail(ctx, 'forbidden', 'Your account does not have the admin role, so it cannot use the console. Ask an administrator, or sign in as another user.');
    ctx.set('WWW-Authenticate', `Bearer realm="lanyard", error="insufficient_scope", scope="${CONSOLE_SCOPE}"`);
    return undefined;
  }
  return `admin:${user.username}`;
}

/** A console API path asked with a method it does not serve: 405 with Allow (RFC 9110 §15.5.6); else 404. */
function notServed(ctx: Context): void {
  const allow = ctx.path === HTTP_EVENTS_PATH ? 'GET, HEAD' : OPERATIONS.has(ctx.path.slice(CONSOLE_API_PREFIX.length + 1)) ? 'POST' : undefined;
  if (!allow) return fail(ctx, 'not_found', 'Use POST /console/api/<operation> with a JSON body.');
  fail(ctx, 'invalid_input', `${ctx.path} accepts ${allow}, not ${ctx.method}.`);
  ctx.status = 405;
  ctx.set('Allow', allow);
}

export function consoleRoutes(deps: Deps): Router {
  const router = new Router();

  router.get(HTTP_EVENTS_PATH, async (ctx) => {
    const actor = await requireAdmin(ctx, deps);
    if (!actor) return;
    const stream = new PassThrough();
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    ctx.status = 200;
    ctx.body = stream;
    stream.write(': connected\n\n');
    const unsubscribe = deps.events.subscribe((event) => stream.write(`id: ${event.id}\nevent: ${HTTP_EVENT_NAME}\ndata: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => stream.write(': keep-alive\n\n'), 15_000);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      stream.end();
    };
    ctx.req.on('close', end);
    ctx.res.on('close', end);
  });

  router.post(`${CONSOLE_API_PREFIX}/:operation`, async (ctx) => {
    const operation = ctx.params.operation!;
    if (ctx.path === HTTP_EVENTS_PATH) return notServed(ctx);
    if (!OPERATIONS.has(operation)) return fail(ctx, 'not_found', `There is no admin operation named "${operation}".`);
    const actor = await requireAdmin(ctx, deps);
    if (!actor) return;
    if (ctx.get('content-type') && !ctx.is('application/json')) return fail(ctx, 'invalid_input', 'Send the input as JSON (Content-Type: application/json).');
    const input = await readJson(ctx.req, 256 * 1024);
    const result = await deps.admin.call(operation as OperationName, input, actor);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = result.ok ? 200 : HTTP_STATUS[result.error.code];
    ctx.body = result;
  });

  router.all(new RegExp(`^${CONSOLE_API_PREFIX}(/.*)?$`), notServed);

  router.get(new RegExp(`^${CONSOLE_PATH}$`), (ctx) => ctx.redirect(`${CONSOLE_PATH}/`));
  router.get(new RegExp(`^${CONSOLE_PATH}/(.*)$`), async (ctx) => {
    ctx.set('Content-Security-Policy', CONSOLE_CSP);
    if (!deps.consoleDir) {
      ctx.status = 503;
      ctx.type = 'html';
      ctx.body = errorPage({ title: t('pages.error.consoleNotBuilt'), message: t('pages.error.buildConsole') });
      return;
    }
    const root = normalize(deps.consoleDir);
    // The path below /console/ (@koa/router exposes no numbered capture for a RegExp route).
    const wanted = normalize(join(root, safeDecode(ctx.path.slice(CONSOLE_PATH.length + 1))));
    const inside = wanted === root || wanted.startsWith(root + sep);
    const file = inside && (await stat(wanted).catch(() => undefined))?.isFile() ? wanted : join(root, 'index.html');
    const body = await readFile(file).catch(() => undefined);
    if (!body) {
      ctx.status = 404;
      ctx.type = 'html';
      ctx.body = errorPage({ title: t('pages.error.notFound'), message: t('pages.error.noConsolePage') });
      return;
    }
    ctx.type = extname(file) || '.html';
    ctx.set('Cache-Control', file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    ctx.body = body;
  });

  return router;
}
