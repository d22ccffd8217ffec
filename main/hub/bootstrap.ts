// What every hub has from its first start: the admin role and its scopes, and the console's
// own OAuth client. Idempotent: runs at every start, and writes (takes the write lock) only
// when something is missing.
import { ADMIN_ROLE } from '../../shared/admin-contract.ts';
import { CONSOLE_CLIENT_ID, CONSOLE_SCOPE } from '../../shared/transport.ts';
import type { Store } from './store/index.ts';

export const BUILTIN_SCOPES: Record<string, string> = {
  [CONSOLE_SCOPE]: 'Manage this Lanyard hub: applications, users, roles and tokens',
  'users:create': 'Create user accounts',
};

/** True when something bootstrap() makes is missing: read-only, so a CLI command that only reads takes no write lock. */
function incomplete(store: Store): boolean {
  return Object.keys(BUILTIN_SCOPES).some((name) => !store.scopes.exists(name)) || !store.roles.get(ADMIN_ROLE) || !store.clients.find(CONSOLE_CLIENT_ID);
}

export function bootstrap(store: Store): void {
  if (!incomplete(store)) return;
  store.transaction(() => {
    for (const [name, description] of Object.entries(BUILTIN_SCOPES)) {
      if (!store.scopes.exists(name)) store.scopes.upsert(name, description);
    }
    if (!store.roles.get(ADMIN_ROLE)) {
      store.roles.create({ name: ADMIN_ROLE, description: 'Full control of this hub', scopes: Object.keys(BUILTIN_SCOPES), builtin: true });
    }
    if (!store.clients.find(CONSOLE_CLIENT_ID)) {
      store.clients.create({
        clientId: CONSOLE_CLIENT_ID,
        name: 'Lanyard console',
        kind: 'spa',
        public: true,
        grants: ['authorization_code', 'refresh_token'],
        redirectUris: [], // derived from the issuer at run time: <issuer>/console/
        scopes: [CONSOLE_SCOPE],
        accessTokenTtl: 15 * 60,
        refreshTokenTtl: 8 * 3600,
        firstParty: true,
        secretHash: null,
        builtin: true,
      });
    }
  });
}
