// Admin operations on applications and devices (OAuth clients). A secret is made here, returned
// once, and only its hash is kept; disabling or deleting a client revokes its tokens at once.
import type { Settings } from '../../../shared/admin-contract.ts';
import { checkBuiltinClientChange, checkClient, checkHasSecret, shapeClient, type ClientShape } from '../domain/clients.ts';
import type { NewClient } from '../store/clients.ts';
import { newClientId, newClientSecret, sha256 } from '../security/secrets.ts';
import { mutation, type AdminDeps, type Handlers } from './app.ts';
import { readSettings } from './settings.ts';

type NewClientInput = Pick<NewClient, 'clientId' | 'name' | 'scopes' | 'firstParty' | 'passwordWithSecondFactor' | 'secretHash'> & { accessTokenTtl?: number | undefined; refreshTokenTtl?: number | undefined };

/** What a new application is stored as, made by the console, the CLI or an import: its shape, each scope once, the hub's default lifetimes where none are given. */
export function newClientRecord(shape: ClientShape, input: NewClientInput, settings: Pick<Settings, 'defaultAccessTokenTtl' | 'defaultRefreshTokenTtl'>): NewClient {
  return {
    ...shape,
    clientId: input.clientId,
    name: input.name,
    scopes: [...new Set(input.scopes)],
    accessTokenTtl: input.accessTokenTtl ?? settings.defaultAccessTokenTtl,
    refreshTokenTtl: input.refreshTokenTtl ?? settings.defaultRefreshTokenTtl,
    firstParty: input.firstParty,
    ...(input.passwordWithSecondFactor === undefined ? {} : { passwordWithSecondFactor: input.passwordWithSecondFactor }),
    secretHash: input.secretHash,
  };
}

export const clientHandlers = (deps: AdminDeps) => {
  const { store } = deps;
  return {
    'clients.list': (input) => store.clients.list(input),
    'clients.get': ({ clientId }) => store.clients.toClient(store.clients.require(clientId)),
    'clients.create': mutation<'clients.create'>(deps, (input, actor, changes) => {
      const shape = shapeClient(input);
      const settings = readSettings(store);
      const secret = shape.public ? null : newClientSecret();
      store.scopes.ensure(input.scopes);
      const record = store.clients.create(newClientRecord(shape, { ...input, clientId: newClientId(), firstParty: input.firstParty ?? shape.kind === 'first_party', passwordWithSecondFactor: input.passwordWithSecondFactor ?? false, secretHash: secret && sha256(secret) }, settings));
      changes.event({ type: 'client.changed', actor, clientId: record.clientId, summary: `Application ${record.name} created (${record.grants.join(', ')})`, detail: { name: record.name, kind: record.kind, grants: record.grants } });
      return { client: store.clients.toClient(record), clientSecret: secret };
    }),
    'clients.update': mutation<'clients.update'>(deps, ({ clientId, ...patch }, actor, changes) => {
      const current = store.clients.require(clientId);
      checkBuiltinClientChange(current, patch);
      // The console's client takes its redirect URIs from the hub's addresses at run time.
      if (!current.builtin) {
        checkClient({
          kind: current.kind,
          public: current.public,
          grants: patch.grants ?? current.grants,
          redirectUris: patch.redirectUris ?? current.redirectUris,
          postLogoutRedirectUris: patch.postLogoutRedirectUris ?? current.postLogoutRedirectUris,
          backchannelLogoutUri: patch.backchannelLogoutUri === undefined ? current.backchannelLogoutUri : patch.backchannelLogoutUri,
        });
      }
      if (patch.scopes) store.scopes.ensure(patch.scopes);
      const record = store.clients.update(clientId, patch);
      changes.event({ type: 'client.changed', actor, clientId, summary: `Application ${record.name} updated: ${Object.keys(patch).join(', ')}`, detail: { patch } });
      // Disabling a client ends its sessions with the hub: every token goes at once.
      if (patch.disabled === true) changes.revoked(store.tokens.revokeByClient(clientId), actor, (count) => `${count} token(s) of ${record.name} revoked because it was disabled`);
      return store.clients.toClient(record);
    }),
    'clients.rotateSecret': mutation<'clients.rotateSecret'>(deps, ({ clientId }, actor, changes) => {
      const record = store.clients.require(clientId);
      checkHasSecret(record);
      const secret = newClientSecret();
      store.clients.setSecretHash(clientId, sha256(secret));
      changes.event({ type: 'client.changed', actor, clientId, summary: `Secret of ${record.name} rotated`, detail: {} });
      return { clientId, clientSecret: secret };
    }),
    'clients.delete': mutation<'clients.delete'>(deps, ({ clientId }, actor, changes) => {
      const record = store.clients.require(clientId);
      checkBuiltinClientChange(record, {}, true);
      const revoked = store.tokens.revokeByClient(clientId);
      store.clients.delete(clientId);
      changes.event({ type: 'client.changed', actor, clientId, summary: `Application ${record.name} deleted`, detail: { name: record.name } });
      changes.revoked(revoked, actor, (count) => `${count} token(s) of ${record.name} revoked because it was deleted`);
      return { deleted: true as const };
    }),
  } satisfies Partial<Handlers>;
};
