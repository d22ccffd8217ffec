// Composes the hub's HTTP surface on the provider (which is itself the Koa app): security
// headers, an error shield, aliases, 405s, POST where the provider serves GET, discovery, the
// token endpoint's refinements, the implicit flow, the Authorization UI, the protected API and
// the console. The order is the order of the table.
import type { EventEmitter } from 'node:events';
import type { Context, Middleware } from 'koa';
import type Provider from 'oidc-provider';
import { accountRoutes } from '../account/routes.ts';
import { accountSessions } from '../account/session.ts';
import type { AdminService } from '../admin/service.ts';
import { API_ME_PATH, API_USERS_PATH, apiCors, apiRoutes } from '../api/routes.ts';
import { SMARTENIT_ME_PATH, smartenitUserRoutes } from '../api/smartenit.ts';
import { consoleRoutes } from '../console/routes.ts';
import type { EventBus } from '../events.ts';
import { Challenges } from '../factors/challenges.ts';
import { hubNames } from '../factors/relying-party.ts';
import type { PasskeySupport } from '../factors/support.ts';
import type { FactorChecks } from '../factors/verifier.ts';
import type { Logger } from '../log.ts';
import type { FactorSecrets } from '../security/factor-secrets.ts';
import type { Authenticator } from '../oauth/accounts.ts';
import { deviceRoutes, PollPacer } from '../oauth/device.ts';
import { registerPasswordGrant } from '../oauth/grants/password.ts';
import { implicitTranslation, registerImplicitResponseMode } from '../oauth/implicit.ts';
import { hubOrigins } from '../oauth/client-metadata.ts';
import { interactionKit } from '../oauth/interactions/kit.ts';
import { interactionRoutes } from '../oauth/interactions/routes.ts';
import { secondFactorSteps } from '../oauth/interactions/second-factor.ts';
import { personalTokenMinter } from '../oauth/personal-tokens.ts';
import { REGISTRATION_PATH } from '../oauth/registration.ts';
import { bridgeProviderEvents, logBackchannelFailures } from '../oauth/provider-events.ts';
import { OAUTH_ROUTES } from '../oauth/provider.ts';
import type { Store } from '../store/index.ts';
import { VERSION } from '../version.ts';
import { ACCOUNT_PATH } from '../../../shared/transport.ts';
import { authorizationErrors } from './authorization-errors.ts';
import { jsonTokenBody, PING_PATH, smartenitCompat } from './compat.ts';
import { discovery, OAUTH_DISCOVERY, OIDC_DISCOVERY } from './discovery.ts';
import { errorShield } from './error-shield.ts';
import { language } from './language.ts';
import { methodNotAllowed, type MethodTable } from './methods.ts';
import { personalTokenUse } from './personal-token-use.ts';
import { postAsGet } from './post-as-get.ts';
import { forkForProviderEndpoints, skippedByProviderEndpoints } from './provider-endpoints.ts';
import { registrationEndpoints } from './registration.ts';
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
  /** Per-address limits and caps for endpoints that need no credentials (admission.ts). */
  admission: Middleware;
  /** Second-factor checks under the password lockout (factors/verifier.ts). */
  factorChecks: FactorChecks;
  /** Seals and opens TOTP secrets under the master key (security/factor-secrets.ts). */
  factorSecrets: FactorSecrets;
  /** The bundled passkey script for browsers; undefined when not built. */
  passkeyScript: string | undefined;
  /** The addresses the hub is reachable at, and its certificate's names. */
  urls: readonly string[];
  certificateNames: () => readonly string[];
};

const AUTHORIZATION_PATH = OAUTH_ROUTES.authorization;
const END_SESSION_PATH = OAUTH_ROUTES.end_session;

/** What each fixed path serves (GET implies HEAD); the provider's CORS endpoints answer OPTIONS. */
const METHODS: MethodTable = {
  [AUTHORIZATION_PATH]: ['GET', 'POST'],
  [TOKEN_PATH]: ['POST', 'OPTIONS'],
  [OAUTH_ROUTES.userinfo]: ['GET', 'POST', 'OPTIONS'],
  [OAUTH_ROUTES.introspection]: ['POST', 'OPTIONS'],
  [OAUTH_ROUTES.revocation]: ['POST', 'OPTIONS'],
  [OAUTH_ROUTES.jwks]: ['GET', 'OPTIONS'],
  [END_SESSION_PATH]: ['GET', 'POST'],
  [`${END_SESSION_PATH}/confirm`]: ['POST'],
  [`${END_SESSION_PATH}/success`]: ['GET'],
  [OAUTH_ROUTES.device_authorization]: ['POST', 'OPTIONS'],
  [OAUTH_ROUTES.registration]: ['POST'],
  [OAUTH_ROUTES.code_verification]: ['GET', 'POST'],
  [OIDC_DISCOVERY]: ['GET', 'OPTIONS'],
  [OAUTH_DISCOVERY]: ['GET', 'OPTIONS'],
  [PING_PATH]: ['GET'],
  // The API's routers would say 405 too, but without the OPTIONS that apiCors answers.
  [API_ME_PATH]: ['GET', 'OPTIONS'],
  [API_USERS_PATH]: ['POST', 'OPTIONS'],
  [SMARTENIT_ME_PATH]: ['GET', 'OPTIONS'],
};

export function installHttp(deps: HttpDeps): void {
  const { provider } = deps;
  registerPasswordGrant(provider, { store: deps.store, authenticate: deps.authenticate, settings: () => deps.admin.settings() });
  registerImplicitResponseMode(provider, (accountId) => deps.store.roles.scopesForUser(accountId));
  bridgeProviderEvents(provider, deps.events);
  logBackchannelFailures(provider, deps.logger);

  const kit = interactionKit({ provider, csrfKey: deps.csrfKey });
  const origins = hubOrigins(deps.issuer, deps.urls);
  const passkeys: PasskeySupport = {
    challenges: new Challenges(deps.csrfKey),
    names: () => hubNames(origins, deps.certificateNames()),
    script: deps.passkeyScript,
  };
  const enrolment = { store: deps.store, events: deps.events, settings: () => deps.admin.settings(), secrets: deps.factorSecrets };
  const appLabel = (user: { username: string }) => ({ issuer: `Lanyard (${new URL(deps.issuer).hostname})`, account: user.username });
  const steps = secondFactorSteps({ kit, csrfKey: deps.csrfKey, enrolment, checks: deps.factorChecks, passkeys, appLabel, accountPath: ACCOUNT_PATH });
  const interactions = interactionRoutes({ provider, store: deps.store, authenticate: deps.authenticate, kit, afterPassword: steps.afterPassword, loginExtras: steps.loginExtras });
  const mint = personalTokenMinter(provider);
  const account = accountRoutes({
    sessions: accountSessions({ provider, store: deps.store, csrfKey: deps.csrfKey, origins: () => origins }),
    enrolment,
    passkeys,
    authenticate: deps.authenticate,
    appLabel,
    admin: { store: deps.store, events: deps.events, personalTokens: () => mint },
  });
  const api = apiRoutes({ provider, store: deps.store, events: deps.events, settings: () => deps.admin.settings() });
  const smartenitApi = smartenitUserRoutes({ provider, store: deps.store });
  const consoleApp = consoleRoutes({ provider, store: deps.store, admin: deps.admin, events: deps.events, consoleDir: deps.consoleDir, issuer: deps.issuer });

  // Middleware that never acts on the provider's machine endpoints (token, introspection, …)
  // is not in their chain: the token path runs only what it needs (provider-endpoints.ts).
  const notForMachines = skippedByProviderEndpoints(provider);
  provider.use(securityHeaders());
  provider.use(notForMachines(language()));
  provider.use(errorShield(deps.logger));
  // First: the aliases must reach every refinement below as the endpoints they stand for.
  provider.use(smartenitCompat({ tokenPath: TOKEN_PATH, authorizationPath: AUTHORIZATION_PATH, ping: () => ({ name: 'Lanyard', version: VERSION, issuer: deps.issuer }) }));
  provider.use(deps.admission);
  // A cheap lookup, and GET /token must still hear 405 with Allow.
  provider.use(methodNotAllowed(METHODS));
  provider.use(
    forkForProviderEndpoints(provider, {
      machines: [
        tokenEndpoint(deps.events, new PollPacer(deps.devicePollInterval)),
        jsonTokenBody(TOKEN_PATH),
        personalTokenUse(deps.store), // acts on /introspect
      ],
      pages: [
        postAsGet([AUTHORIZATION_PATH, END_SESSION_PATH]),
        discovery(deps.store),
        registrationEndpoints(deps.store, REGISTRATION_PATH),
        deviceRoutes({ interval: deps.devicePollInterval }),
        authorizationErrors(deps.store),
        implicitTranslation(AUTHORIZATION_PATH),
        interactions.routes(),
        steps.routes.routes(),
        account.routes(),
        apiCors(),
        api.routes(),
        smartenitApi.routes(),
        consoleApp.routes(),
        consoleApp.allowedMethods(),
      ],
    }),
  );
  (provider as unknown as EventEmitter).on('error', (error: unknown, ctx?: Context) => {
    // Koa reports failures it already answered (aborted uploads, closed sockets) here.
    if ((error as { code?: string }).code === 'ECONNRESET') return;
    deps.logger.warn({ err: error, path: ctx?.path }, 'request error');
  });
}
