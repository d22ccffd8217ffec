// `lanyard import`: brings a hub to what a configuration document says. It works out a plan
// (create / update / unchanged / delete per object) and applies it in one transaction, or not at
// all; a dry run runs the very same steps and rolls them back. It deletes only with `prune`, keeps
// every secret and password a hub already has, and makes (and returns once) a secret for a new
// confidential application that arrives without one. Each step goes through the rules the admin
// service applies (client shape, the console's own client, the admin role's scope, roles in use,
// keep one admin), so a file cannot do what the console could not.
import { ADMIN_ROLE, type Settings } from '../../../shared/admin-contract.ts';
import { SETTINGS_KEY, type AdminService } from '../admin/service.ts';
import { checkClient, shapeClient } from '../admin/client-rules.ts';
import { BUILTIN_SCOPES } from '../bootstrap.ts';
import type { EventBus, EventInput } from '../events.ts';
import { newClientSecret, sha256 } from '../security/secrets.ts';
import { conflict, invalid, StoreError } from '../store/errors.ts';
import type { Store } from '../store/index.ts';
import type { ClientRecord } from '../store/clients.ts';
import { allClientIds, allUsersWithHashes } from '../store/config.ts';
import { ConfigError, formatPath, type ApplicationEntry, type ConfigDocument, type UserEntry } from './document.ts';

export type PlanAction = 'create' | 'update' | 'unchanged' | 'delete';
export type PlanItem = { section: 'settings' | 'scope' | 'role' | 'application' | 'user'; name: string; action: PlanAction; changes: string[] };
export type NewSecret = { clientId: string; name: string; clientSecret: string };
export type ImportResult = { plan: PlanItem[]; applied: boolean; secrets: NewSecret[] };
export type ImportOptions = { dryRun: boolean; prune: boolean; actor: string };

type Deps = { store: Store; admin: AdminService; events: EventBus };

/** Thrown inside the transaction of a dry run, so everything it did is rolled back. */
class DryRun extends Error {
  readonly result: { plan: PlanItem[] };
  constructor(result: { plan: PlanItem[] }) {
    super('dry run');
    this.result = result;
  }
}

export function importConfig(deps: Deps, document: ConfigDocument, options: ImportOptions): ImportResult {
  const run = new ImportRun(deps, options);
  try {
    deps.store.transaction(() => {
      run.apply(document);
      if (options.dryRun) throw new DryRun({ plan: run.plan });
    });
  } catch (error) {
    if (error instanceof DryRun) return { plan: error.result.plan, applied: false, secrets: [] };
    throw error;
  }
  for (const event of run.events) deps.events.emit(event);
  return { plan: run.plan, applied: true, secrets: run.secrets };
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((value, index) => value === [...b].sort()[index]);

/** The fields of `wanted` that differ from `current`. */
function changed<T extends object>(current: T, wanted: Partial<T>): (keyof T & string)[] {
  return (Object.keys(wanted) as (keyof T & string)[]).filter((key) => {
    const [a, b] = [current[key], wanted[key]];
    return Array.isArray(a) && Array.isArray(b) ? !same(a as string[], b as string[]) : a !== b;
  });
}

class ImportRun {
  readonly plan: PlanItem[] = [];
  readonly secrets: NewSecret[] = [];
  readonly events: EventInput[] = [];
  #store: Store;
  #admin: AdminService;
  #options: ImportOptions;

  constructor(deps: Deps, options: ImportOptions) {
    this.#store = deps.store;
    this.#admin = deps.admin;
    this.#options = options;
  }

  apply(document: ConfigDocument): void {
    if (document.settings) this.#at(['settings'], () => this.#settings(document.settings!));
    document.scopes.forEach((scope, index) => this.#at(['scopes', index], () => this.#scope(scope)));
    document.roles.forEach((role, index) => this.#at(['roles', index], () => this.#role(role)));
    document.applications.forEach((application, index) => this.#at(['applications', index], () => this.#application(application)));
    document.users?.forEach((user, index) => this.#at(['users', index], () => this.#user(user)));
    if (this.#options.prune) this.#prune(document);
  }

  /** Runs one entry's step; a refusal names the entry's path in the file (or what a prune was deleting). */
  #at(where: (string | number)[] | string, step: () => void): void {
    try {
      step();
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      const label = typeof where === 'string' ? where : formatPath([...where, ...(error.field ? [error.field] : [])]);
      throw new ConfigError([`${label}: ${error.message}`]);
    }
  }

  #existingScopes: Map<string, string> | undefined;
  /** Scope name → description, read once (listing scopes costs a scan of the clients). */
  #scopes(): Map<string, string> {
    this.#existingScopes ??= new Map(this.#store.scopes.list().map((scope) => [scope.name, scope.description]));
    return this.#existingScopes;
  }

  #record(item: PlanItem, event?: Omit<EventInput, 'actor'>): void {
    this.plan.push(item);
    if (event && item.action !== 'unchanged') this.events.push({ ...event, actor: this.#options.actor });
  }

  #settings(wanted: Partial<Settings>): void {
    const current = this.#admin.settings();
    const changes = changed(current, wanted);
    if (changes.length) this.#store.settings.set(SETTINGS_KEY, { ...current, ...wanted });
    this.#record({ section: 'settings', name: 'settings', action: changes.length ? 'update' : 'unchanged', changes }, { type: 'settings.changed', summary: `Settings imported: ${changes.join(', ')}`, detail: { changes } });
  }

  #scope(wanted: { name: string; description: string }): void {
    const current = this.#scopes().get(wanted.name);
    const action: PlanAction = current === undefined ? 'create' : current !== wanted.description ? 'update' : 'unchanged';
    if (action !== 'unchanged') {
      this.#store.scopes.upsert(wanted.name, wanted.description);
      this.#scopes().set(wanted.name, wanted.description);
    }
    this.#record({ section: 'scope', name: wanted.name, action, changes: action === 'update' ? ['description'] : [] }, { type: 'role.changed', summary: `Scope ${wanted.name} imported (${action})`, detail: { scope: wanted.name } });
  }

  #role(wanted: { name: string; description: string; scopes: string[] }): void {
    const current = this.#store.roles.get(wanted.name);
    if (!current) {
      this.#store.roles.create(wanted);
      this.#record({ section: 'role', name: wanted.name, action: 'create', changes: [] }, { type: 'role.changed', summary: `Role ${wanted.name} imported with ${wanted.scopes.join(' ') || 'no scopes'}`, detail: { role: wanted.name, scopes: wanted.scopes } });
      return;
    }
    const changes = changed(current, { description: wanted.description, scopes: wanted.scopes });
    if (changes.length) this.#store.roles.update(current.name, { description: wanted.description, scopes: wanted.scopes }); // keeps the admin role's lanyard:admin
    this.#record({ section: 'role', name: current.name, action: changes.length ? 'update' : 'unchanged', changes }, { type: 'role.changed', summary: `Role ${current.name} imported: ${changes.join(', ')}`, detail: { role: current.name, scopes: wanted.scopes } });
  }

  #application(wanted: ApplicationEntry): void {
    const current = this.#store.clients.find(wanted.clientId);
    if (current) return this.#updateApplication(current, wanted);
    const shape = shapeClient({ kind: wanted.kind, public: wanted.public, grants: wanted.grants, redirectUris: wanted.redirectUris });
    if (shape.public && wanted.secretHash) throw invalid('A public application has no secret; remove its secretHash or make it confidential.', 'secretHash');
    const settings = this.#admin.settings();
    const secret = shape.public || wanted.secretHash ? null : newClientSecret();
    this.#store.scopes.ensure(wanted.scopes);
    this.#store.clients.create({
      clientId: wanted.clientId,
      name: wanted.name,
      kind: shape.kind,
      public: shape.public,
      grants: shape.grants,
      redirectUris: shape.redirectUris,
      scopes: [...new Set(wanted.scopes)],
      accessTokenTtl: wanted.accessTokenTtl ?? settings.defaultAccessTokenTtl,
      refreshTokenTtl: wanted.refreshTokenTtl ?? settings.defaultRefreshTokenTtl,
      firstParty: wanted.firstParty,
      secretHash: secret ? sha256(secret) : (wanted.secretHash ?? null),
    });
    if (wanted.disabled) this.#store.clients.update(wanted.clientId, { disabled: true });
    if (secret) this.secrets.push({ clientId: wanted.clientId, name: wanted.name, clientSecret: secret });
    this.#record({ section: 'application', name: `${wanted.name} (${wanted.clientId})`, action: 'create', changes: secret ? ['new secret'] : [] }, { type: 'client.changed', clientId: wanted.clientId, summary: `Application ${wanted.name} imported (${shape.grants.join(', ')})`, detail: { name: wanted.name, kind: shape.kind, grants: shape.grants } });
  }

  #updateApplication(current: ClientRecord, wanted: ApplicationEntry): void {
    if (current.kind !== wanted.kind || current.public !== wanted.public) {
      throw conflict(`${current.name} is ${current.public ? 'a public' : 'a confidential'} ${current.kind} application; its kind and type cannot change. Give the new one another clientId.`, current.kind !== wanted.kind ? 'kind' : 'public');
    }
    const patch = {
      name: wanted.name,
      grants: wanted.grants,
      redirectUris: wanted.redirectUris,
      scopes: wanted.scopes,
      ...(wanted.accessTokenTtl !== undefined ? { accessTokenTtl: wanted.accessTokenTtl } : {}),
      ...(wanted.refreshTokenTtl !== undefined ? { refreshTokenTtl: wanted.refreshTokenTtl } : {}),
      firstParty: wanted.firstParty,
      disabled: wanted.disabled,
    };
    const changes = changed(current, patch);
    // The same rules as clients.update: the console's own client keeps its grants, addresses and state.
    if (current.builtin && changes.some((field) => field === 'grants' || field === 'redirectUris' || field === 'disabled' || field === 'firstParty')) {
      throw conflict("The console's own client can only have its name, scopes and lifetimes changed.", changes.find((field) => field !== 'name' && field !== 'scopes'));
    }
    if (changes.length) {
      if (!current.builtin) checkClient({ kind: current.kind, public: current.public, grants: wanted.grants, redirectUris: wanted.redirectUris });
      this.#store.scopes.ensure(wanted.scopes);
      this.#store.clients.update(current.clientId, Object.fromEntries(changes.map((field) => [field, patch[field as keyof typeof patch]])));
      if (wanted.disabled && !current.disabled) this.#revoked(this.#store.tokens.revokeByClient(current.clientId).length, `${current.name} was disabled by an import`);
    }
    // Its secret stays: the devices that hold it keep working.
    this.#record({ section: 'application', name: `${wanted.name} (${current.clientId})`, action: changes.length ? 'update' : 'unchanged', changes }, { type: 'client.changed', clientId: current.clientId, summary: `Application ${wanted.name} imported: ${changes.join(', ')}`, detail: { changes } });
  }

  #user(wanted: UserEntry): void {
    const current = this.#store.users.findByUsername(wanted.username);
    if (!current) {
      if (!wanted.passwordHash) throw invalid(`${wanted.username} does not exist here, and the file has no password hash to create them with.`, 'passwordHash');
      const user = this.#store.users.create({ username: wanted.username, passwordHash: wanted.passwordHash, roles: wanted.roles });
      if (wanted.disabled) this.#store.users.update(user.id, { disabled: true });
      this.#record({ section: 'user', name: wanted.username, action: 'create', changes: [] }, { type: 'user.changed', subject: user.id, summary: `User ${wanted.username} imported with role ${wanted.roles.join(', ') || 'none'}`, detail: { username: wanted.username, roles: wanted.roles } });
      return;
    }
    const changes = changed(current, { roles: wanted.roles, disabled: wanted.disabled });
    const losesAdmin = current.roles.includes(ADMIN_ROLE) && !current.disabled && (wanted.disabled || !wanted.roles.includes(ADMIN_ROLE));
    if (losesAdmin) this.#keepOneAdmin(current.id);
    if (changes.length) {
      this.#store.users.update(current.id, { roles: wanted.roles, disabled: wanted.disabled });
      if (wanted.disabled && !current.disabled) this.#revoked(this.#store.tokens.revokeByUser(current.id).length, `${current.username} was disabled by an import`);
    }
    // Their password stays: a file never resets one.
    this.#record({ section: 'user', name: current.username, action: changes.length ? 'update' : 'unchanged', changes }, { type: 'user.changed', subject: current.id, summary: `User ${current.username} imported: ${changes.join(', ')}`, detail: { changes } });
  }

  /** Deletes what the file does not list, dependents first; built-in objects stay. */
  #prune(document: ConfigDocument): void {
    const listed = (names: string[]) => new Set(names.map((name) => name.toLowerCase()));
    if (document.users) {
      const keep = listed(document.users.map((user) => user.username));
      for (const user of allUsersWithHashes(this.#store.db).filter((user) => !keep.has(user.username.toLowerCase()))) {
        this.#at(`--prune, deleting user ${user.username}`, () => {
          const { id } = this.#store.users.findByUsername(user.username)!;
          if (user.roles.includes(ADMIN_ROLE)) this.#keepOneAdmin(id);
          const revoked = this.#store.tokens.revokeByUser(id).length;
          this.#store.users.delete(id);
          this.#revoked(revoked, `${user.username} was deleted by an import`);
          this.#record({ section: 'user', name: user.username, action: 'delete', changes: [] }, { type: 'user.changed', subject: id, summary: `User ${user.username} deleted by an import`, detail: { username: user.username } });
        });
      }
    }
    const apps = listed(document.applications.map((application) => application.clientId));
    for (const clientId of allClientIds(this.#store.db).filter((id) => !apps.has(id.toLowerCase()))) {
      const client = this.#store.clients.find(clientId)!;
      if (client.builtin) continue;
      const revoked = this.#store.tokens.revokeByClient(clientId).length;
      this.#store.clients.delete(clientId);
      this.#revoked(revoked, `${client.name} was deleted by an import`);
      this.#record({ section: 'application', name: `${client.name} (${clientId})`, action: 'delete', changes: [] }, { type: 'client.changed', clientId, summary: `Application ${client.name} deleted by an import`, detail: { name: client.name } });
    }
    const roles = listed(document.roles.map((role) => role.name));
    for (const role of this.#store.roles.list().filter((role) => !role.builtin && !roles.has(role.name.toLowerCase()))) {
      this.#at(`--prune, deleting role ${role.name}`, () => this.#store.roles.delete(role.name)); // refused while someone holds it
      this.#record({ section: 'role', name: role.name, action: 'delete', changes: [] }, { type: 'role.changed', summary: `Role ${role.name} deleted by an import`, detail: { role: role.name } });
    }
    // A scope a listed role or application names is listed too: creating them made it.
    const scopes = new Set([...document.scopes.map((scope) => scope.name), ...document.roles.flatMap((role) => role.scopes), ...document.applications.flatMap((application) => application.scopes)]);
    for (const scope of this.#store.scopes.list().filter((scope) => !(scope.name in BUILTIN_SCOPES) && !scopes.has(scope.name))) {
      this.#at(`--prune, deleting scope ${scope.name}`, () => this.#store.scopes.delete(scope.name)); // refused while an application may use it
      this.#record({ section: 'scope', name: scope.name, action: 'delete', changes: [] }, { type: 'role.changed', summary: `Scope ${scope.name} deleted by an import`, detail: { scope: scope.name } });
    }
  }

  /** As the admin service: the last enabled admin cannot be removed, or nobody could manage the hub. */
  #keepOneAdmin(userId: string): void {
    if (this.#store.users.countEnabledWithRole(ADMIN_ROLE, userId) === 0) throw conflict('This is the last enabled admin; make another user an admin first, or nobody could manage the hub.', 'roles');
  }

  #revoked(count: number, why: string): void {
    if (count > 0) this.events.push({ type: 'token.revoked', actor: this.#options.actor, summary: `${count} token(s) revoked because ${why}`, detail: { count } });
  }
}
