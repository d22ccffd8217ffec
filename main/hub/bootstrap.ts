// What every hub has from its first start: the admin role and its scopes, and the console's
// own OAuth client. Idempotent: runs at every start and changes nothing the second time.
import { ADMIN_ROLE } from '../../shared/admin-contract.ts';
import { CONSOLE_CLIENT_ID, CONSOLE_SCOPE } from '../../shared/transport.ts';
import type { Store } from './store/index.ts';

export const BUILTIN_SCOPES: Record<string, string> = {
  [CONSOLE_SCOPE]: 'Manage this Lanyard hub: applications, users, roles and tokens',
  'users:create': 'Create user accounts',
};

export function bootstrap(store: Store): void {
  store.transaction(() => {
    for (const [name, description] of Object.entries(BUILTIN_SCOPES)) {
      if (!store.scopes.list().some((scope) => scope.name === name)) store.scopes.upsert(name, description);
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
