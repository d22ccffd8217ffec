// The baseline: bare oidc-provider 9 with its in-memory development adapter (the default when
// no adapter is configured) and the hub's client configuration: the same client id and secret,
// grants, opaque tokens for urn:lanyard:api, TTLs, refresh-token rotation, introspection,
// revocation, and a password grant registered with registerGrantType doing the same scrypt check
// (the hub's own verifyPassword) against an in-memory user. No database, no audit, no events.
//   node bench/baseline-server.ts '<credentials JSON>'
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashPassword, verifyPassword } from '../main/hub/security/passwords.ts';
import { serve } from './lib/ipc.ts';
import { profilerOps } from './lib/profiler.ts';
import { mintAuthorizationCodes, serveMint } from './lib/mint.ts';
import { ACCESS_TTL, API_RESOURCE, BENCH_SCOPE, REDIRECT_URI, REFRESH_TTL, type Credentials } from './lib/common.ts';

const credentials = JSON.parse(process.argv[2] ?? '') as Credentials;
const ACCOUNT_ID = 'bench-account';
const user = { id: ACCOUNT_ID, username: credentials.username, passwordHash: await hashPassword(credentials.password) };

const isOidcScope = (scope: string) => ['openid', 'profile', 'offline_access'].includes(scope);
const split = (scope: unknown) => (typeof scope === 'string' && scope ? scope.split(' ') : []);
const resourceServer = { scope: BENCH_SCOPE, audience: API_RESOURCE, accessTokenFormat: 'opaque' as const, accessTokenTTL: ACCESS_TTL };

const configuration: Configuration = {
  clients: [
    {
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      client_name: 'Bench client',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token', 'password', 'client_credentials'],
      response_types: ['code'],
      redirect_uris: [REDIRECT_URI],
      scope: 'openid profile offline_access',
    },
  ],
  async findAccount(_ctx, sub) {
    if (sub !== ACCOUNT_ID) return undefined;
    return { accountId: sub, claims: async () => ({ sub, preferred_username: user.username }) };
  },
  claims: { openid: ['sub'], profile: ['preferred_username', 'roles'] },
  scopes: ['openid', 'profile', 'offline_access'],
  responseTypes: ['code', 'none'],
  clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
  routes: { authorization: '/authorize', token: '/token', userinfo: '/userinfo', introspection: '/introspect', revocation: '/revoke', jwks: '/jwks' },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true, allowedPolicy: async (_ctx, client, token) => client.clientAuthMethod !== 'none' || token.clientId === client.clientId },
    revocation: { enabled: true },
    userinfo: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource(ctx, _client, oneOf) {
        if (oneOf) return oneOf.includes(API_RESOURCE) ? API_RESOURCE : oneOf[0]!;
        const requested = split(ctx.oidc.params?.scope);
        if (requested.length > 0 && requested.every(isOidcScope)) return undefined as unknown as string;
        if (ctx.oidc.route === 'token' && requested.length === 0 && ctx.oidc.params?.grant_type !== 'client_credentials') return undefined as unknown as string;
        return API_RESOURCE;
      },
      useGrantedResource: () => true,
      getResourceServerInfo(_ctx, resource) {
        if (resource !== API_RESOURCE) throw new errors.InvalidTarget(`this hub issues tokens for ${API_RESOURCE} only`);
        return resourceServer;
      },
    },
  },
  pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
  ttl: {
    AccessToken: ACCESS_TTL,
    ClientCredentials: ACCESS_TTL,
    RefreshToken: REFRESH_TTL,
    AuthorizationCode: 60,
    Grant: 365 * 24 * 3600,
    IdToken: 3600,
    Interaction: 3600,
    Session: 14 * 24 * 3600,
  },
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: () => true,
};

const server = createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const provider = new Provider(url, configuration);
provider.proxy = false;

// The password grant, as the hub's (main/hub/oauth/grants/password.ts) minus the store.
provider.registerGrantType(
  'password',
  async (ctx: KoaContextWithOIDC) => {
    const client = ctx.oidc.client!;
    const { username, password } = ctx.oidc.params as { username?: unknown; password?: unknown };
    if (typeof username !== 'string' || !username || typeof password !== 'string' || !password) throw new errors.InvalidRequest('username and password are required');
    const valid = await verifyPassword(password, user.passwordHash);
    if (!valid || username.toLowerCase() !== user.username.toLowerCase()) throw new errors.InvalidGrant('Wrong username or password.');
    const requested = split(ctx.oidc.params!.scope);
    const granted = requested.filter((scope) => scope === BENCH_SCOPE);
    const scope = granted.join(' ') || undefined;
    const grant = new provider.Grant({ accountId: user.id, clientId: client.clientId });
    if (scope) grant.addResourceScope(API_RESOURCE, scope);
    const grantId = await grant.save();
    const accessToken = new provider.AccessToken({ accountId: user.id, client, grantId, gty: 'password', scope });
    accessToken.resourceServer = new provider.ResourceServer(API_RESOURCE, resourceServer);
    ctx.oidc.entity('AccessToken', accessToken);
    const body: Record<string, unknown> = { access_token: await accessToken.save(), token_type: accessToken.tokenType, expires_in: accessToken.expiration, scope };
    if (client.grantTypeAllowed('refresh_token')) {
      const refreshToken = new provider.RefreshToken({ accountId: user.id, client, grantId, gty: 'password', scope: scope ?? '', resource: API_RESOURCE } as never);
      ctx.oidc.entity('RefreshToken', refreshToken);
      body.refresh_token = await refreshToken.save();
    }
    ctx.body = body;
  },
  ['username', 'password', 'scope'],
);

server.on('request', provider.callback());
server.keepAliveTimeout = 65_000;

/** Mints authorization codes exactly as the hub child does (Grant + AuthorizationCode models). */
const mintCodes = (count: number) => mintAuthorizationCodes(provider, { clientId: credentials.clientId, accountId: ACCOUNT_ID, count });
const mintUrl = await serveMint(mintCodes);

serve(
  {
    ...profilerOps(),
    mintCodes: ({ count }: { count: number }) => mintCodes(count),
    memory: () => process.memoryUsage(),
    close() {
      server.closeAllConnections();
      server.close();
      setImmediate(() => process.exit(0));
      return true;
    },
  },
  { url, mintUrl },
);
