// What every hub has from its first start: the built-in scopes, the admin role and the console's
// own OAuth client. Idempotent, and it writes only what is missing, so a start (or a CLI command)
// on a complete hub takes no write lock.
import { ADMIN_ROLE } from '../../shared/admin-contract.ts';
import { CONSOLE_CLIENT_ID, CONSOLE_SCOPE } from '../../shared/transport.ts';
import { CONSOLE_ACCESS_TOKEN_TTL, CONSOLE_REFRESH_TOKEN_TTL } from './domain/lifetimes.ts';
import { ADMIN_ROLE_DESCRIPTION } from './domain/roles.ts';
import { BUILTIN_SCOPES } from './domain/scopes.ts';
import type { Store } from './store/index.ts';

function missing(store: Store): { scopes: string[]; adminRole: boolean; consoleClient: boolean } {
  const existing = new Set(store.scopes.names());
  return {
    scopes: Object.keys(BUILTIN_SCOPES).filter((name) => !existing.has(name)),
    adminRole: !store.roles.get(ADMIN_ROLE),
    consoleClient: !store.clients.find(CONSOLE_CLIENT_ID),
  };
}

export function bootstrap(store: Store): void {
  const before = missing(store);
  if (before.scopes.length === 0 && !before.adminRole && !before.consoleClient) return;
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
  });
}
