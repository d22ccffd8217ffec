// `lanyard export`: the hub's configuration as a document (document.ts). Reads only.
import type { AdminService } from '../admin/service.ts';
import { allClientIds, allUsersWithHashes } from '../store/config.ts';
import type { Store } from '../store/index.ts';
import { FORMAT, normalize, type ConfigDocument } from './document.ts';

export function exportConfig(store: Store, admin: AdminService, options: { includeUsers: boolean }): ConfigDocument {
  const document: ConfigDocument = {
    lanyard: FORMAT,
    settings: admin.settings(),
    scopes: store.scopes.list().map((scope) => ({ name: scope.name, description: scope.description })),
    roles: store.roles.list().map((role) => ({ name: role.name, description: role.description, scopes: role.scopes, assignable: role.assignable })),
    applications: allClientIds(store.db).map((clientId) => {
      const client = store.clients.find(clientId)!;
      return {
        clientId: client.clientId,
        name: client.name,
        kind: client.kind,
        public: client.public,
        grants: client.grants,
        redirectUris: client.redirectUris,
        postLogoutRedirectUris: client.postLogoutRedirectUris,
        backchannelLogoutUri: client.backchannelLogoutUri,
        scopes: client.scopes,
        accessTokenTtl: client.accessTokenTtl,
        refreshTokenTtl: client.refreshTokenTtl,
        firstParty: client.firstParty,
        passwordWithSecondFactor: client.passwordWithSecondFactor ?? false,
        disabled: client.disabled,
        // A built-in client's secret belongs to this hub (an import keeps the target's own).
        ...(client.builtin ? {} : { secretHash: client.secretHash }),
      };
    }),
    ...(options.includeUsers ? { users: allUsersWithHashes(store.db) } : {}),
  };
  return normalize(document);
}
