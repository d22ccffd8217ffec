// What every hub has from its first start: the built-in scopes, the admin role and its own OAuth
// clients (the console's, the account page's, and the one personal access tokens are issued
// through). Idempotent, and it writes only what is missing, so a start (or a CLI command) on a
// complete hub takes no write lock.
import { ADMIN_ROLE } from '../../shared/admin-contract.ts';
import { ACCOUNT_CLIENT_ID, CONSOLE_CLIENT_ID, CONSOLE_SCOPE } from '../../shared/transport.ts';
import { ACCOUNT_SESSION_TTL, CONSOLE_ACCESS_TOKEN_TTL, CONSOLE_REFRESH_TOKEN_TTL, DEFAULT_ACCESS_TOKEN_TTL } from './domain/lifetimes.ts';
import { PERSONAL_TOKENS_CLIENT_ID } from './domain/personal-tokens.ts';
import { ADMIN_ROLE_DESCRIPTION } from './domain/roles.ts';
import { BUILTIN_SCOPES } from './domain/scopes.ts';
import { newClientSecret, sha256 } from './security/secrets.ts';
import type { Store } from './store/index.ts';

function missing(store: Store): { scopes: string[]; adminRole: boolean; consoleClient: boolean; accountClient: boolean; personalTokensClient: boolean } {
  const existing = new Set(store.scopes.names());
  return {
    scopes: Object.keys(BUILTIN_SCOPES).filter((name) => !existing.has(name)),
    adminRole: !store.roles.get(ADMIN_ROLE),
    consoleClient: !store.clients.find(CONSOLE_CLIENT_ID),
    accountClient: !store.clients.find(ACCOUNT_CLIENT_ID),
    personalTokensClient: !store.clients.find(PERSONAL_TOKENS_CLIENT_ID),
  };
}

export function bootstrap(store: Store): void {
  const before = missing(store);
  if (before.scopes.length === 0 && !before.adminRole && !before.consoleClient && !before.accountClient && !before.personalTokensClient) return;
  store.transaction(() => {
    const gap = missing(store); // again, inside the lock: another process may have just done it
    for (const name of gap.scopes) store.scopes.upsert(name, BUILTIN_SCOPES[name]!);
    if (gap.adminRole) store.roles.create({ name: ADMIN_ROLE, description: ADMIN_ROLE_DESCRIPTION, scopes: Object.keys(BUILTIN_SCOPES), builtin: true });
    if (gap.consoleClient) {
      store.clients.create({
        clientId: CONSOLE_CLIENT_ID,
        name: 'Lanyard console',
        kind: 'spa',
        public: true,
        grants: ['authorization_code', 'refresh_token'],
        redirectUris: [], // derived from the issuer at run time: <issuer>/console/
        scopes: [CONSOLE_SCOPE],
        accessTokenTtl: CONSOLE_ACCESS_TOKEN_TTL,
        refreshTokenTtl: CONSOLE_REFRESH_TOKEN_TTL,
        firstParty: true,
        secretHash: null,
        builtin: true,
      });
    }
    if (gap.accountClient) {
      // Its tokens are the account page's sign-ins (account/session.ts): short, never refreshed.
      store.clients.create({
        clientId: ACCOUNT_CLIENT_ID,
        name: 'Lanyard account page',
        kind: 'web',
        public: true,
        grants: ['authorization_code'],
        redirectUris: [], // derived from the issuer at run time: <issuer>/account/callback
        scopes: [],
        accessTokenTtl: ACCOUNT_SESSION_TTL,
        refreshTokenTtl: ACCOUNT_SESSION_TTL,
        firstParty: true,
        secretHash: null,
        builtin: true,
      });
    }
    if (gap.personalTokensClient) {
      // Personal access tokens are minted by the hub itself (oauth/personal-tokens.ts). The
      // client is confidential with a secret nobody keeps, so nothing can ever use it directly;
      // revoking all its tokens revokes every personal access token.
      store.clients.create({
        clientId: PERSONAL_TOKENS_CLIENT_ID,
        name: 'Personal access tokens',
        kind: 'service',
        public: false,
        grants: ['client_credentials'],
        redirectUris: [],
        scopes: [],
        accessTokenTtl: DEFAULT_ACCESS_TOKEN_TTL,
        refreshTokenTtl: DEFAULT_ACCESS_TOKEN_TTL,
        firstParty: false,
        secretHash: sha256(newClientSecret()),
        builtin: true,
      });
    }
  });
}
