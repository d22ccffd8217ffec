// Admin operations on live tokens: list, count and revoke — one by one, or every token of an
// application or of a user (grants included, so nothing can be refreshed afterwards).
import { mutation, type AdminDeps, type Handlers } from './app.ts';

export const tokenHandlers = (deps: AdminDeps) => {
  const { store } = deps;
  return {
    'tokens.list': (input) => store.tokens.list(input),
    'tokens.count': (input) => ({ count: store.tokens.count(input) }),
    'tokens.revoke': mutation<'tokens.revoke'>(deps, ({ ids }, actor, changes) => ({
      revoked: changes.revoked(store.tokens.revoke(ids), actor, (count) => `${count} token(s) revoked`),
    })),
    'tokens.revokeByClient': mutation<'tokens.revokeByClient'>(deps, ({ clientId }, actor, changes) => {
      const record = store.clients.require(clientId);
      return { revoked: changes.revoked(store.tokens.revokeByClient(record.clientId), actor, (count) => `All ${count} token(s) of ${record.name} revoked`) };
    }),
    'tokens.revokeByUser': mutation<'tokens.revokeByUser'>(deps, ({ id }, actor, changes) => {
      const user = store.users.require(id);
      return { revoked: changes.revoked(store.tokens.revokeByUser(user.id), actor, (count) => `All ${count} token(s) of ${user.username} revoked`) };
    }),
  } satisfies Partial<Handlers>;
};
