// Admin operations on scopes (permissions) and roles (named sets of scopes given to users).
import { checkNotTheDefault } from '../domain/delegation.ts';
import { checkAssignable, checkRoleDeletable, checkRoleNameFree, checkRoleScopes, checkScopeDeletable } from '../domain/roles.ts';
import { mutation, type AdminDeps, type Handlers } from './app.ts';
import { revokeBeyondRoles } from './personal-tokens.ts';
import { readSettings } from './settings.ts';

export const roleHandlers = (deps: AdminDeps) => {
  const { store } = deps;
  return {
    'scopes.list': () => store.scopes.list(),
    'scopes.upsert': mutation<'scopes.upsert'>(deps, ({ name, description }, actor, changes) => {
      const scope = store.scopes.upsert(name, description);
      changes.event({ type: 'role.changed', actor, summary: `Scope ${name} saved`, detail: { scope: name } });
      return scope;
    }),
    'scopes.delete': mutation<'scopes.delete'>(deps, ({ name }, actor, changes) => {
      checkScopeDeletable(store.scopes.require(name));
      store.scopes.delete(name);
      changes.event({ type: 'role.changed', actor, summary: `Scope ${name} deleted`, detail: { scope: name } });
      revokeBeyondRoles(store, changes, actor, `the scope ${name} was deleted`);
      return { deleted: true as const };
    }),

    'roles.list': () => store.roles.list(),
    'roles.create': mutation<'roles.create'>(deps, (input, actor, changes) => {
      checkRoleNameFree(store.roles.get(input.name), input.name);
      checkRoleScopes(input, input.scopes);
      checkAssignable(input, input.assignable);
      const role = store.roles.create(input);
      changes.event({ type: 'role.changed', actor, summary: `Role ${role.name} created with ${role.scopes.join(' ') || 'no scopes'}${role.assignable ? ', assignable by applications' : ''}`, detail: { role: role.name, scopes: role.scopes, assignable: role.assignable } });
      return role;
    }),
    'roles.update': mutation<'roles.update'>(deps, (input, actor, changes) => {
      const current = store.roles.require(input.name);
      const scopes = input.scopes ?? current.scopes;
      const assignable = input.assignable ?? current.assignable;
      checkRoleScopes(current, scopes);
      checkAssignable({ name: current.name, scopes }, assignable);
      if (!assignable) checkNotTheDefault(current.name, readSettings(store).defaultApplicationRole, 'make it unassignable');
      const role = store.roles.update(current.name, input);
      const what = [input.scopes ? `now grants ${role.scopes.join(' ') || 'no scopes'}` : '', input.assignable !== undefined ? (role.assignable ? 'assignable by applications' : 'no longer assignable by applications') : '', input.description !== undefined ? 'description changed' : ''].filter(Boolean).join('; ');
      changes.event({ type: 'role.changed', actor, summary: `Role ${role.name}: ${what || 'no change'}`, detail: { role: role.name, scopes: role.scopes, assignable: role.assignable } });
      if (input.scopes) revokeBeyondRoles(store, changes, actor, `the role ${role.name} changed`);
      return role;
    }),
    'roles.delete': mutation<'roles.delete'>(deps, ({ name }, actor, changes) => {
      const role = store.roles.require(name);
      checkRoleDeletable(role);
      checkNotTheDefault(role.name, readSettings(store).defaultApplicationRole, 'delete it');
      store.roles.delete(role.name);
      changes.event({ type: 'role.changed', actor, summary: `Role ${role.name} deleted`, detail: { role: role.name } });
      return { deleted: true as const };
    }),
  } satisfies Partial<Handlers>;
};
