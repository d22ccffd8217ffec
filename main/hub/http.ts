// Composes the hub's HTTP surface on the provider (which is itself the Koa app): security
// headers, an error shield, discovery, the token endpoint's refinements, the implicit flow,
// the Authorization UI, the protected API and the console.
import type { EventEmitter } from 'node:events';
import type { Context, Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AdminService } from './admin/service.ts';
import { apiCors, apiRoutes } from './api/routes.ts';
import { consoleRoutes } from './console/routes.ts';
import type { EventBus } from './events.ts';
import { BodyError } from './http/body.ts';
import { jsonTokenBody, smartenitCompat } from './http/compat.ts';
import type { Logger } from './log.ts';
import type { Authenticator } from './oauth/accounts.ts';
import { deviceRoutes, PollPacer } from './oauth/device.ts';
import { DEVICE_CODE_GRANT } from './oauth/client-metadata.ts';
import { registerPasswordGrant } from './oauth/grants/password.ts';
import { implicitTranslation, IMPLICIT_RESPONSE_MODE, isImplicitRequest, registerImplicitResponseMode } from './oauth/implicit.ts';
import { interactionRoutes } from './oauth/interactions/routes.ts';
import type { Store } from './store/index.ts';
import { VERSION } from './version.ts';

export type HttpDeps = {
  provider: Provider;
  store: Store;
  events: EventBus;
  admin: AdminService;
  authenticate: Authenticator;
  csrfKey: string;
  logger: Logger;
  consoleDir: string | undefined;
  issuer: string;
  /** Seconds between device-flow polls (RFC 8628 `interval`). */
  devicePollInterval: number;
  /** Per-address limits and caps for endpoints that need no credentials (http/admission.ts). */
  admission: Middleware;
};

const OIDC_DISCOVERY = '/.well-known/openid-configuration';
const OAUTH_DISCOVERY = '/.well-known/oauth-authorization-server';
const TOKEN_PATH = '/token';
const AUTHORIZATION_PATH = '/authorize';

/** Headers every answer carries. */
function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Frame-Options', 'DENY');
    if (ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000');
    await next();
  };
}

/**
 * Last line of defence for our own middleware: a client sees a short error in the format the
 * endpoint speaks, never a stack trace, and the hub keeps serving.
 */
function errorShield(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const status = error instanceof BodyError ? error.status : Number((error as { status?: number }).status) || 500;
      if (status >= 500) logger.error({ err: error, path: ctx.path }, 'request failed');
      ctx.status = status;
      if (error instanceof BodyError) ctx.set('Connection', 'close'); // the rest of the body is not read
      ctx.set('Cache-Control', 'no-store');
      const description = status < 500 && error instanceof Error ? error.message : 'The hub could not handle this request.';
      ctx.body = { error: status >= 500 ? 'server_error' : status === 413 ? 'invalid_request' : 'invalid_request', error_description: description };
    }
  };
}

/** The provider's scopes and the stored ones, merged once per change of either list. */
let merged: { base: string[] | undefined; stored: readonly string[] | undefined; result: string[] } = { base: undefined, stored: undefined, result: [] };
function withStoredScopes(base: string[], stored: readonly string[]): string[] {
  if (merged.stored !== stored || merged.base?.join(' ') !== base.join(' ')) merged = { base, stored, result: [...new Set([...base, ...stored])] };
  return [...merged.result];
}

/** RFC 8414 metadata at its own well-known path, and both documents as this hub really is. */
function discovery(store: Store): Middleware {
  return async (ctx, next) => {
    const alias = ctx.path === OAUTH_DISCOVERY;
    if (!alias && ctx.path !== OIDC_DISCOVERY) return next();
    if (alias) ctx.path = OIDC_DISCOVERY;
    await next();
    const body = ctx.body as Record<string, unknown> | undefined;
    if (ctx.status !== 200 || !body || typeof body !== 'object') return;
    // "code token" only exists inside the hub to run the implicit grant; clients see "token".
    body.response_types_supported = ['code', 'token', 'none'];
    body.response_modes_supported = (body.response_modes_supported as string[] | undefined)?.filter((mode) => mode !== IMPLICIT_RESPONSE_MODE);
    const grants = new Set(body.grant_types_supported as string[]);
    grants.add('implicit');
    body.grant_types_supported = [...grants];
    // Operators define scopes at run time; announce the ones that exist now (read again only after a change).
    body.scopes_supported = withStoredScopes(body.scopes_supported as string[], store.scopes.names());
  };
}

/**
 * The token endpoint, refined: the RFC's `unauthorized_client` for a grant the client may not
 * use, RFC 8628's `slow_down` for devices polling too fast, and every refusal counted for
 * operators (a device waiting for its user is not refused).
 */
function tokenEndpoint(events: EventBus, pacer: PollPacer): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== TOKEN_PATH) return next();
    await next();
    if (ctx.status < 400) return;
    const body = ctx.body as { error?: string; error_description?: string } | undefined;
    if (body?.error === 'invalid_request' && NOT_ALLOWED.test(body.error_description ?? '')) {
      body.error = 'unauthorized_client';
    }
    const oidc = (ctx as unknown as KoaContextWithOIDC).oidc;
    if (body?.error === 'authorization_pending') {
      const deviceCode = oidc?.params?.grant_type === DEVICE_CODE_GRANT ? oidc.params.device_code : undefined;
      if (typeof deviceCode !== 'string') return;
      const { slowDown, interval } = pacer.poll(deviceCode);
      if (slowDown) {
        body.error = 'slow_down';
        body.error_description = `you are polling too quickly; wait ${interval} seconds between requests`;
      }
      return;
    }
    // Anyone can send these: keep what is copied short and the rows few (emitThrottled).
    const short = (value: unknown) => (typeof value === 'string' ? value.slice(0, 64) : null);
    const clientId = oidc?.client?.clientId ?? short(oidc?.params?.client_id);
    events.emitThrottled(`refused:${ctx.ip}`, {
      type: 'grant.refused',
      actor: clientId,
      clientId,
      summary: `Token request refused: ${short(body?.error) ?? ctx.status}${body?.error_description ? ` (${body.error_description.slice(0, 200)})` : ''}`,
      detail: { grant_type: short(oidc?.params?.grant_type), error: short(body?.error), status: ctx.status, source: ctx.ip },
    });
  };
}

const NOT_ALLOWED = /^requested (grant type|response_type) is not allowed for this client$/;

/**
 * RFC 6749 names `unauthorized_client` for a client using a grant or response type it may not
 * use; oidc-provider says `invalid_request`. Rewrite it on authorization redirects too.
 */
function authorizationErrors(): Middleware {
  return async (ctx, next) => {
    await next();
    const location = ctx.response.get('Location');
    if (!location || ctx.status < 300 || ctx.status >= 400 || !location.includes('error=invalid_request')) return;
    const target = URL.parse(location);
    if (!target) return;
    for (const part of ['search', 'hash'] as const) {
      const params = new URLSearchParams(target[part].slice(1));
      if (params.get('error') === 'invalid_request' && NOT_ALLOWED.test(params.get('error_description') ?? '')) {
        params.set('error', 'unauthorized_client');
        target[part] = params.toString();
        ctx.set('Location', target.href);
      }
    }
  };
}

/** Turns provider events into hub events. */
function bridgeProviderEvents(provider: Provider, events: EventBus): void {
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    const { oidc } = ctx;
    const token = oidc.entities.AccessToken ?? oidc.entities.ClientCredentials;
    const grantType = String(oidc.params?.grant_type ?? '');
    events.emit({
      type: grantType === 'refresh_token' ? 'token.refreshed' : 'token.issued',
      actor: oidc.client?.clientId ?? null,
      clientId: oidc.client?.clientId ?? null,
      subject: oidc.entities.AccessToken?.accountId ?? null,
      summary: `${grantType} token for ${oidc.client?.clientName ?? oidc.client?.clientId}`,
      detail: { grant_type: grantType, scope: token?.scope ?? '' },
    });
  });
  // Anyone with a device client's id can ask, so these are throttled like refusals.
  (provider as unknown as EventEmitter).on('device_authorization.success', (ctx: KoaContextWithOIDC, out: { user_code?: string }) => {
    const client = ctx.oidc.client;
    events.emitThrottled(`device:${ctx.ip}`, {
      type: 'device.requested',
      actor: client?.clientId ?? null,
      clientId: client?.clientId ?? null,
      summary: `${client?.clientName ?? client?.clientId} asks to pair with code ${out.user_code ?? '?'}`,
      detail: { userCode: out.user_code ?? null, scope: String(ctx.oidc.params?.scope ?? ''), source: ctx.ip },
    });
  });
  provider.on('authorization.success', (ctx: KoaContextWithOIDC) => {
    if (!isImplicitRequest(ctx)) return;
    const { oidc } = ctx;
    events.emit({
      type: 'token.issued',
      actor: oidc.client?.clientId ?? null,
      clientId: oidc.client?.clientId ?? null,
      subject: oidc.session?.accountId ?? null,
      summary: `implicit token for ${oidc.client?.clientName ?? oidc.client?.clientId}`,
      detail: { grant_type: 'implicit', scope: oidc.entities.AccessToken?.scope ?? '' },
    });
  });
  for (const model of ['access_token', 'client_credentials', 'refresh_token']) {
    (provider as unknown as EventEmitter).on(`${model}.destroyed`, (token: { clientId?: string; accountId?: string }) => {
      events.emit({ type: 'token.revoked', actor: token.clientId ?? null, clientId: token.clientId ?? null, subject: token.accountId ?? null, summary: `A ${model.replace('_', ' ')} was revoked through the revocation endpoint`, detail: { model } });
    });
  }
}

export function installHttp(deps: HttpDeps): void {
  const { provider } = deps;
  registerPasswordGrant(provider, { store: deps.store, authenticate: deps.authenticate });
  registerImplicitResponseMode(provider, (accountId) => deps.store.roles.scopesForUser(accountId));
  bridgeProviderEvents(provider, deps.events);

  const interactions = interactionRoutes({ provider, store: deps.store, authenticate: deps.authenticate, csrfKey: deps.csrfKey });
  const api = apiRoutes({ provider, store: deps.store, admin: deps.admin });
  const consoleApp = consoleRoutes({ provider, store: deps.store, admin: deps.admin, events: deps.events, consoleDir: deps.consoleDir, issuer: deps.issuer });

  provider.use(securityHeaders());
  provider.use(errorShield(deps.logger));
  // First: the aliases must reach every refinement below as the endpoints they stand for.
  provider.use(smartenitCompat({ tokenPath: TOKEN_PATH, authorizationPath: AUTHORIZATION_PATH, ping: () => ({ name: 'Lanyard', version: VERSION, issuer: deps.issuer }) }));
  provider.use(deps.admission);
  provider.use(discovery(deps.store));
  provider.use(tokenEndpoint(deps.events, new PollPacer(deps.devicePollInterval)));
  provider.use(jsonTokenBody(TOKEN_PATH));
  provider.use(deviceRoutes({ interval: deps.devicePollInterval }));
  provider.use(authorizationErrors());
  provider.use(implicitTranslation(AUTHORIZATION_PATH));
  provider.use(interactions.routes());
  provider.use(apiCors());
  provider.use(api.routes());
  provider.use(consoleApp.routes());
  provider.use(consoleApp.allowedMethods());
  (provider as unknown as EventEmitter).on('error', (error: unknown, ctx?: Context) => {
    // Koa reports failures it already answered (aborted uploads, closed sockets) here.
    if ((error as { code?: string }).code === 'ECONNRESET') return;
    deps.logger.warn({ err: error, path: ctx?.path }, 'request error');
  });
}
