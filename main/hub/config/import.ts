// `lanyard import`: brings a hub to what a configuration document says. It works out a plan
// (create / update / unchanged / delete per object) and applies it in one transaction, or not at
// all; a dry run runs the very same steps and rolls them back. It deletes only with `prune`, keeps
// every secret and password a hub already has, and makes (and returns once) a secret for a new
// confidential application that arrives without one. Every step asks the rules in domain/ that the
// admin service asks, so a file cannot do what the console could not.
import { isDeepStrictEqual } from 'node:util';
import type { Settings } from '../../../shared/admin-contract.ts';
import { commit, type AdminDeps, type Changes } from '../admin/app.ts';
import { newClientRecord } from '../admin/clients.ts';
import { readSettings, saveSettings } from '../admin/settings.ts';
import { checkBuiltinClientChange, checkClient, shapeClient } from '../domain/clients.ts';
import { checkNotTheDefault } from '../domain/delegation.ts';
import { conflict, invalid, RuleError } from '../domain/errors.ts';
import { checkAssignable, checkRoleDeletable, checkRoleScopes, checkScopeDeletable } from '../domain/roles.ts';
import { BUILTIN_SCOPES } from '../domain/scopes.ts';
import { checkImportedExpiry, checkKeepsAnAdmin, checkRoleExpiries, heldRoles, removesAdmin } from '../domain/users.ts';
import { newClientSecret, sha256 } from '../security/secrets.ts';
import type { ClientRecord } from '../store/clients.ts';
import { allClientIds, allUsersWithHashes } from '../store/config.ts';
import type { Store } from '../store/index.ts';
import { ADMIN_ROLE, type User } from '../../../shared/admin-contract.ts';
import { ConfigError, formatPath, type ApplicationEntry, type ConfigDocument, type RoleEntry, type UserEntry } from './document.ts';

type PlanAction = 'create' | 'update' | 'unchanged' | 'delete';
export type PlanItem = { section: 'settings' | 'scope' | 'role' | 'application' | 'user'; name: string; action: PlanAction; changes: string[] };
type NewSecret = { clientId: string; name: string; clientSecret: string };
export type ImportResult = { plan: PlanItem[]; applied: boolean; secrets: NewSecret[] };
export type ImportOptions = { dryRun: boolean; prune: boolean; actor: string };

/** Thrown inside the transaction of a dry run, so everything it did is rolled back and nothing reported. */
class DryRun extends Error {
  readonly plan: PlanItem[];
  constructor(plan: PlanItem[]) {
    super('dry run');
    this.plan = plan;
  }
}

export function importConfig(deps: Pick<AdminDeps, 'store' | 'events'>, document: ConfigDocument, options: ImportOptions): ImportResult {
  try {
    return commit(deps, (changes) => {
      const run = new ImportRun(deps.store, changes, options);
      run.apply(document);
      if (options.dryRun) throw new DryRun(run.plan);
      return { plan: run.plan, applied: true, secrets: run.secrets };
    });
  } catch (error) {
    if (error instanceof DryRun) return { plan: error.plan, applied: false, secrets: [] };
    throw error;
  }
}

const same = (a: readonly string[], b: readonly string[]) => {
  const [x, y] = [[...a].sort(), [...b].sort()];
  return x.length === y.length && x.every((value, index) => value === y[index]);
};

/** The fields of `wanted` that differ from `current`. */
function changed<T extends object>(current: T, wanted: Partial<T>): (keyof T & string)[] {
  return (Object.keys(wanted) as (keyof T & string)[]).filter((key) => {
    const [a, b] = [current[key], wanted[key]];
    if (Array.isArray(a) && Array.isArray(b)) return !same(a as string[], b as string[]);
    return a && b && typeof a === 'object' && typeof b === 'object' ? !isDeepStrictEqual({ ...a }, { ...b }) : a !== b; // settings.limits
  });
}

class ImportRun {
  readonly plan: PlanItem[] = [];
  readonly secrets: NewSecret[] = [];
  #store: Store;
  #changes: Changes;
  #actor: string;
  #prune: boolean;
  #scopes: Map<string, string> | undefined;

  constructor(store: Store, changes: Changes, options: ImportOptions) {
    this.#store = store;
    this.#changes = changes;
    this.#actor = options.actor;
    this.#prune = options.prune;
  }

  /** Dependencies first: scopes, roles, applications, users; then settings (they may name a new role); then deletions. */
  apply(document: ConfigDocument): void {
    document.scopes.forEach((scope, index) => this.#at(['scopes', index], () => this.#scope(scope)));
    document.roles.forEach((role, index) => this.#at(['roles', index], () => this.#role(role)));
    document.applications.forEach((application, index) => this.#at(['applications', index], () => this.#application(application)));
    document.users?.forEach((user, index) => this.#at(['users', index], () => this.#user(user)));
    if (document.settings) this.#at(['settings'], () => this.#settings(document.settings!));
    if (this.#prune) this.#pruneAll(document);
  }

  /** Runs one step; a refusal names the entry's path in the file (or what a prune was deleting). */
  #at(where: (string | number)[] | string, step: () => void): void {
    try {
      step();
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      const label = typeof where === 'string' ? where : formatPath([...where, ...(error.field && error.field !== 'id' && error.field !== 'name' ? [error.field] : [])]);
      throw new ConfigError([`${label}: ${error.message}`]);
    }
  }

  #record(item: PlanItem, summary: () => { type: 'settings.changed' | 'role.changed' | 'client.changed' | 'user.changed'; summary: string; clientId?: string; subject?: string; detail?: Record<string, unknown> }): void {
    this.plan.push(item);
    if (item.action !== 'unchanged') this.#changes.event({ actor: this.#actor, ...summary() });
  }

  /** Scope name → description, read once (listing scopes counts their clients). */
  #existingScopes(): Map<string, string> {
    this.#scopes ??= new Map(this.#store.scopes.list().map((scope) => [scope.name, scope.description]));
    return this.#scopes;
  }

  #scope(wanted: { name: string; description: string }): void {
    const current = this.#existingScopes().get(wanted.name);
    const action: PlanAction = current === undefined ? 'create' : current !== wanted.description ? 'update' : 'unchanged';
    if (action !== 'unchanged') {
      this.#store.scopes.upsert(wanted.name, wanted.description);
      this.#existingScopes().set(wanted.name, wanted.description);
    }
    this.#record({ section: 'scope', name: wanted.name, action, changes: action === 'update' ? ['description'] : [] }, () => ({ type: 'role.changed', summary: `Scope ${wanted.name} imported (${action})`, detail: { scope: wanted.name } }));
  }

  #role(wanted: RoleEntry): void {
    checkRoleScopes(wanted, wanted.scopes);
    checkAssignable(wanted, wanted.assignable);
    const current = this.#store.roles.get(wanted.name);
    if (!current) {
      this.#store.roles.create(wanted);
      this.#record({ section: 'role', name: wanted.name, action: 'create', changes: [] }, () => ({ type: 'role.changed', summary: `Role ${wanted.name} imported with ${wanted.scopes.join(' ') || 'no scopes'}`, detail: { role: wanted.name, scopes: wanted.scopes, assignable: wanted.assignable } }));
      return;
    }
    const patch = { description: wanted.description, scopes: wanted.scopes, assignable: wanted.assignable };
    const changes = changed(current, patch);
    if (current.assignable && !wanted.assignable) checkNotTheDefault(current.name, readSettings(this.#store).defaultApplicationRole, 'make it unassignable');
    if (changes.length) this.#store.roles.update(current.name, patch);
    this.#record({ section: 'role', name: current.name, action: changes.length ? 'update' : 'unchanged', changes }, () => ({ type: 'role.changed', summary: `Role ${current.name} imported: ${changes.join(', ')}`, detail: { role: current.name, ...patch } }));
  }

  #application(wanted: ApplicationEntry): void {
    const current = this.#store.clients.find(wanted.clientId);
    if (current) return this.#updateApplication(current, wanted);
    const shape = shapeClient({ kind: wanted.kind, public: wanted.public, grants: wanted.grants, redirectUris: wanted.redirectUris, postLogoutRedirectUris: wanted.postLogoutRedirectUris, backchannelLogoutUri: wanted.backchannelLogoutUri });
    if (shape.public && wanted.secretHash) throw invalid('A public application has no secret; remove its secretHash or make it confidential.', 'secretHash');
    const settings = readSettings(this.#store);
    const secret = shape.public || wanted.secretHash ? null : newClientSecret();
    this.#store.scopes.ensure(wanted.scopes);
    this.#store.clients.create(newClientRecord(shape, { ...wanted, secretHash: secret ? sha256(secret) : (wanted.secretHash ?? null) }, settings));
    if (wanted.disabled) this.#store.clients.update(wanted.clientId, { disabled: true });
    if (secret) this.secrets.push({ clientId: wanted.clientId, name: wanted.name, clientSecret: secret });
    this.#record({ section: 'application', name: `${wanted.name} (${wanted.clientId})`, action: 'create', changes: secret ? ['new secret'] : [] }, () => ({ type: 'client.changed', clientId: wanted.clientId, summary: `Application ${wanted.name} imported (${shape.grants.join(', ')})`, detail: { name: wanted.name, kind: shape.kind, grants: shape.grants } }));
  }

  #updateApplication(current: ClientRecord, wanted: ApplicationEntry): void {
    if (current.kind !== wanted.kind || current.public !== wanted.public) {
      throw conflict(`${current.name} is ${current.public ? 'a public' : 'a confidential'} ${current.kind} application; its kind and type cannot change. Give the new one another clientId.`, current.kind !== wanted.kind ? 'kind' : 'public');
    }
    const patch = {
      name: wanted.name,
      grants: wanted.grants,
      redirectUris: wanted.redirectUris,
      postLogoutRedirectUris: wanted.postLogoutRedirectUris,
      backchannelLogoutUri: wanted.backchannelLogoutUri,
      scopes: wanted.scopes,
      ...(wanted.accessTokenTtl !== undefined ? { accessTokenTtl: wanted.accessTokenTtl } : {}),
      ...(wanted.refreshTokenTtl !== undefined ? { refreshTokenTtl: wanted.refreshTokenTtl } : {}),
      firstParty: wanted.firstParty,
      passwordWithSecondFactor: wanted.passwordWithSecondFactor,
      disabled: wanted.disabled,
    };
    const changes = changed(current, patch);
    const delta = Object.fromEntries(changes.map((field) => [field, patch[field as keyof typeof patch]]));
    if (current.builtin && changes.includes('firstParty')) throw conflict(`${current.name} is built into the hub: only its name, scopes and lifetimes can be changed.`, 'firstParty');
    this.#atField(() => checkBuiltinClientChange(current, delta), changes.find((field) => field === 'grants' || field === 'redirectUris' || field === 'disabled'));
    if (changes.length) {
      if (!current.builtin) checkClient({ kind: current.kind, public: current.public, grants: wanted.grants, redirectUris: wanted.redirectUris, postLogoutRedirectUris: wanted.postLogoutRedirectUris, backchannelLogoutUri: wanted.backchannelLogoutUri });
      this.#store.scopes.ensure(wanted.scopes);
      this.#store.clients.update(current.clientId, delta);
      if (wanted.disabled && !current.disabled) this.#changes.revoked(this.#store.tokens.revokeByClient(current.clientId), this.#actor, (count) => `${count} token(s) of ${current.name} revoked because an import disabled it`);
    }
    // Its secret stays: the devices that hold it keep working.
    this.#record({ section: 'application', name: `${wanted.name} (${current.clientId})`, action: changes.length ? 'update' : 'unchanged', changes }, () => ({ type: 'client.changed', clientId: current.clientId, summary: `Application ${wanted.name} imported: ${changes.join(', ')}`, detail: { changes } }));
  }

  /** Runs a rule whose refusal names a generic field; reports it at `field` of the entry instead. */
  #atField(rule: () => void, field: string | undefined): void {
    try {
      rule();
    } catch (error) {
      if (error instanceof RuleError && field) throw new RuleError(error.code, error.message, field);
      throw error;
    }
  }

  #user(wanted: UserEntry): void {
    for (const role of wanted.roles) this.#store.roles.require(role, 'roles');
    const held = heldRoles(wanted.roles, wanted.roleExpiries);
    const current = this.#store.users.findByUsername(wanted.username);
    if (!current) {
      if (!wanted.passwordHash) throw invalid(`${wanted.username} does not exist here, and the file has no password hash to create them with.`, 'passwordHash');
      this.#atField(() => checkImportedExpiry(wanted.expiresAt), 'expiresAt');
      checkRoleExpiries(held.roles, held.roleExpiries);
      const user = this.#store.users.create({ username: wanted.username, passwordHash: wanted.passwordHash, roles: held.roles, roleExpiries: held.roleExpiries, expiresAt: wanted.expiresAt });
      if (wanted.disabled) this.#store.users.update(user.id, { disabled: true });
      this.#record({ section: 'user', name: wanted.username, action: 'create', changes: [] }, () => ({ type: 'user.changed', subject: user.id, summary: `User ${wanted.username} imported with role ${held.roles.join(', ') || 'none'}`, detail: { username: wanted.username, roles: held.roles } }));
      return;
    }
    // Every held role with its end (null: for good), so a role the file holds for good loses an end it had here.
    const ends = (roles: readonly string[], expiries: Readonly<Record<string, string>> | undefined) => Object.fromEntries(roles.map((role) => [role, expiries?.[role] ?? null]));
    const patch = { roles: held.roles, roleExpiries: ends(held.roles, held.roleExpiries), disabled: wanted.disabled, expiresAt: wanted.expiresAt };
    const changes = changed({ ...current, roleExpiries: ends(held.roles, current.roleExpiries), expiresAt: current.expiresAt ?? null }, patch);
    if (changes.includes('expiresAt')) this.#atField(() => checkImportedExpiry(wanted.expiresAt), 'expiresAt');
    if (changes.includes('roleExpiries')) checkRoleExpiries(held.roles, held.roleExpiries);
    const change = { ...patch, expiresAt: changes.includes('expiresAt') ? wanted.expiresAt : undefined, roleExpiries: changes.includes('roleExpiries') ? patch.roleExpiries : undefined };
    this.#atField(() => this.#keepAnAdmin(current, change), wanted.disabled && !current.disabled ? 'disabled' : (['expiresAt', 'roleExpiries'] as const).find((field) => changes.includes(field)) ?? 'roles');
    if (changes.length) {
      this.#store.users.update(current.id, patch);
      if (wanted.disabled && !current.disabled) this.#changes.revoked(this.#store.tokens.revokeByUser(current.id), this.#actor, (count) => `${count} token(s) of ${current.username} revoked because an import disabled the user`);
    }
    // Their password stays: a file never resets one.
    this.#record({ section: 'user', name: current.username, action: changes.length ? 'update' : 'unchanged', changes }, () => ({ type: 'user.changed', subject: current.id, summary: `User ${current.username} imported: ${changes.join(', ')}`, detail: { changes } }));
  }

  #keepAnAdmin(user: User, change: Parameters<typeof removesAdmin>[1]): void {
    if (!user.disabled && removesAdmin(user, change)) checkKeepsAnAdmin(this.#store.users.countEnabledWithRole(ADMIN_ROLE, user.id));
  }

  #settings(wanted: Partial<Settings>): void {
    const changes = changed(readSettings(this.#store), wanted);
    if (changes.length) saveSettings(this.#store, wanted);
    this.#record({ section: 'settings', name: 'settings', action: changes.length ? 'update' : 'unchanged', changes }, () => ({ type: 'settings.changed', summary: `Settings imported: ${changes.join(', ')}`, detail: { changes } }));
  }

  /** Deletes what the file does not list, dependents first; built-in objects stay. */
  #pruneAll(document: ConfigDocument): void {
    const listed = (names: string[]) => new Set(names.map((name) => name.toLowerCase()));
    if (document.users) {
      const keep = listed(document.users.map((user) => user.username));
      for (const { username } of allUsersWithHashes(this.#store.db).filter((user) => !keep.has(user.username.toLowerCase()))) {
        this.#at(`--prune, deleting user ${username}`, () => this.#deleteUser(this.#store.users.findByUsername(username)!));
      }
    }
    const apps = listed(document.applications.map((application) => application.clientId));
    for (const clientId of allClientIds(this.#store.db).filter((id) => !apps.has(id.toLowerCase()))) {
      const client = this.#store.clients.find(clientId)!;
      if (!client.builtin) this.#deleteApplication(client);
    }
    const roles = listed(document.roles.map((role) => role.name));
    for (const role of this.#store.roles.list().filter((role) => !role.builtin && !roles.has(role.name.toLowerCase()))) {
      this.#at(`--prune, deleting role ${role.name}`, () => {
        checkRoleDeletable(role);
        checkNotTheDefault(role.name, readSettings(this.#store).defaultApplicationRole, 'delete it');
        this.#store.roles.delete(role.name);
      });
      this.#record({ section: 'role', name: role.name, action: 'delete', changes: [] }, () => ({ type: 'role.changed', summary: `Role ${role.name} deleted by an import`, detail: { role: role.name } }));
    }
    // A scope a listed role or application names is listed too: creating them made it.
    const scopes = new Set([...document.scopes.map((scope) => scope.name), ...document.roles.flatMap((role) => role.scopes), ...document.applications.flatMap((application) => application.scopes)]);
    for (const scope of this.#store.scopes.list().filter((scope) => !(scope.name in BUILTIN_SCOPES) && !scopes.has(scope.name))) {
      this.#at(`--prune, deleting scope ${scope.name}`, () => {
        checkScopeDeletable(scope);
        this.#store.scopes.delete(scope.name);
      });
      this.#record({ section: 'scope', name: scope.name, action: 'delete', changes: [] }, () => ({ type: 'role.changed', summary: `Scope ${scope.name} deleted by an import`, detail: { scope: scope.name } }));
    }
  }

  #deleteUser(user: User): void {
    this.#keepAnAdmin(user, { deleted: true });
    const revoked = this.#store.tokens.revokeByUser(user.id);
    this.#store.users.delete(user.id);
    this.#changes.revoked(revoked, this.#actor, (count) => `${count} token(s) of ${user.username} revoked because an import deleted the user`);
    this.#record({ section: 'user', name: user.username, action: 'delete', changes: [] }, () => ({ type: 'user.changed', subject: user.id, summary: `User ${user.username} deleted by an import`, detail: { username: user.username } }));
  }

  #deleteApplication(client: ClientRecord): void {
    const revoked = this.#store.tokens.revokeByClient(client.clientId);
    this.#store.clients.delete(client.clientId);
    this.#changes.revoked(revoked, this.#actor, (count) => `${count} token(s) of ${client.name} revoked because an import deleted it`);
    this.#record({ section: 'application', name: `${client.name} (${client.clientId})`, action: 'delete', changes: [] }, () => ({ type: 'client.changed', clientId: client.clientId, summary: `Application ${client.name} deleted by an import`, detail: { name: client.name } }));
  }
}
