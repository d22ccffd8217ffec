// Composes the hub's HTTP surface on the provider (which is itself the Koa app): security
// headers, an error shield, discovery, the token endpoint's refinements, the implicit flow,
// the Authorization UI, the protected API and the console. The order is the order of the table.
import type { EventEmitter } from 'node:events';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { AdminService } from '../admin/service.ts';
import { apiCors, apiRoutes } from '../api/routes.ts';
import { consoleRoutes } from '../console/routes.ts';
import type { EventBus } from '../events.ts';
import type { Logger } from '../log.ts';
import type { Authenticator } from '../oauth/accounts.ts';
import { deviceRoutes, PollPacer } from '../oauth/device.ts';
import { registerPasswordGrant } from '../oauth/grants/password.ts';
import { implicitTranslation, registerImplicitResponseMode } from '../oauth/implicit.ts';
import { interactionRoutes } from '../oauth/interactions/routes.ts';
import { bridgeProviderEvents } from '../oauth/provider-events.ts';
import type { Store } from '../store/index.ts';
import { VERSION } from '../version.ts';
import { authorizationErrors } from './authorization-errors.ts';
import { jsonTokenBody, smartenitCompat } from './compat.ts';
import { discovery } from './discovery.ts';
import { errorShield } from './error-shield.ts';
import { language } from './language.ts';
import { securityHeaders } from './security-headers.ts';
import { TOKEN_PATH, tokenEndpoint } from './token-endpoint.ts';

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
};

const AUTHORIZATION_PATH = '/authorize';

export function installHttp(deps: HttpDeps): void {
  const { provider } = deps;
  registerPasswordGrant(provider, { store: deps.store, authenticate: deps.authenticate });
  registerImplicitResponseMode(provider, (accountId) => deps.store.roles.scopesForUser(accountId));
  bridgeProviderEvents(provider, deps.events);

  const interactions = interactionRoutes({ provider, store: deps.store, authenticate: deps.authenticate, csrfKey: deps.csrfKey });
  const api = apiRoutes({ provider, store: deps.store, events: deps.events, settings: () => deps.admin.settings() });
  const consoleApp = consoleRoutes({ provider, store: deps.store, admin: deps.admin, events: deps.events, consoleDir: deps.consoleDir, issuer: deps.issuer });

  provider.use(securityHeaders());
  provider.use(language());
  provider.use(errorShield(deps.logger));
  // First: the aliases must reach every refinement below as the endpoints they stand for.
  provider.use(smartenitCompat({ tokenPath: TOKEN_PATH, authorizationPath: AUTHORIZATION_PATH, ping: () => ({ name: 'Lanyard', version: VERSION, issuer: deps.issuer }) }));
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
