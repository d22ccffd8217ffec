// The admin service: the one implementation of the shared admin contract. The CLI, the
// Electron IPC relay and the console's HTTP API all call `call()`; none holds business logic.
import {
  ADMIN_ROLE,
  parseInput,
  type AdminError,
  type AdminResult,
  type OperationName,
  type OperationOutput,
  type OperationParsedInput,
  type Settings,
  type Status,
} from '../../../shared/admin-contract.ts';
import type { BackupService } from '../backup/service.ts';
import type { EventBus, EventInput } from '../events.ts';
import { backupHandlers } from './backups.ts';
import { DEFAULT_SETTINGS } from '../options.ts';
import { hashPassword } from '../security/passwords.ts';
import { newClientId, newClientSecret, sha256 } from '../security/secrets.ts';
import { StoreError, conflict, invalid } from '../store/errors.ts';
import type { Store } from '../store/index.ts';
import type { RevokedToken } from '../store/tokens.ts';
import { checkClient, shapeClient } from './client-rules.ts';
import type { DeviceDecider } from '../oauth/device-decisions.ts';
import { CODE_VERIFICATION_PATH } from '../oauth/device.ts';
import { formatUserCode } from '../oauth/user-codes.ts';
import { iso } from '../store/errors.ts';

/** What only a running hub knows; the CLI without a server passes what it can. */
export type Runtime = { issuer: string; urls: string[]; startedAt: Date; warnings: string[]; dataDir: string; version: string; tls: Status['tls'] };

type Handlers = { [K in OperationName]: (input: OperationParsedInput<K>, actor: string) => Promise<OperationOutput<K>> | OperationOutput<K> };

/** The settings row holding the operator's hub settings. */
export const SETTINGS_KEY = 'hub';
const RESTART_FIELDS: (keyof Settings)[] = ['host', 'port', 'issuer'];

export class AdminService {
  #store: Store;
  #events: EventBus;
  #runtime: () => Runtime;
  #log: (error: unknown, operation: string) => void;
  #devices: () => DeviceDecider | undefined;
  #backups: BackupService;
  readonly #handlers: Handlers;

  /** `devices` decides device requests through the provider, so only a running hub has one. */
  constructor(deps: { store: Store; events: EventBus; runtime: () => Runtime; backups: BackupService; logError?: (error: unknown, operation: string) => void; devices?: () => DeviceDecider | undefined }) {
    this.#backups = deps.backups;
    this.#store = deps.store;
    this.#events = deps.events;
    this.#runtime = deps.runtime;
    this.#log = deps.logError ?? (() => {});
    this.#devices = deps.devices ?? (() => undefined);
    this.#handlers = this.#buildHandlers();
  }

  /** Validates, runs and reports one operation. Never throws; errors come back as values. */
  async call<K extends OperationName>(operation: K, input: unknown, actor: string): Promise<AdminResult<OperationOutput<K>>> {
    const parsed = parseInput(operation, input);
    if (!parsed.ok) return parsed;
    try {
      const handler = this.#handlers[operation] as (input: OperationParsedInput<K>, actor: string) => Promise<OperationOutput<K>> | OperationOutput<K>;
      return { ok: true, value: await handler(parsed.value, actor) };
    } catch (error) {
      return { ok: false, error: this.#toAdminError(error, operation) };
    }
  }

  /** For callers that prefer exceptions (the CLI): throws an AdminFailure. */
  async run<K extends OperationName>(operation: K, input: unknown, actor: string): Promise<OperationOutput<K>> {
    const result = await this.call(operation, input, actor);
    if (!result.ok) throw new AdminFailure(result.error);
    return result.value;
  }

  settings(): Settings {
    return { ...DEFAULT_SETTINGS, ...this.#store.settings.get<Partial<Settings>>(SETTINGS_KEY) };
  }

  #toAdminError(error: unknown, operation: string): AdminError {
    if (error instanceof StoreError) {
      return { code: error.code, message: error.message, ...(error.field ? { fields: { [error.field]: error.message } } : {}) };
    }
    if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_CONSTRAINT')) {
      return { code: 'conflict', message: 'That change conflicts with existing data; reload and try again.' };
    }
    if (error instanceof Error && 'code' in error && (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED')) {
      return { code: 'conflict', message: 'The database is busy with another change; try again in a moment.' };
    }
    this.#log(error, operation);
    return { code: 'internal', message: `The hub could not complete "${operation}"; the hub's log has the details.` };
  }

  #emit(input: EventInput): void {
    this.#events.emit(input);
  }

  #revoked(tokens: RevokedToken[], actor: string, summary: string): number {
    if (tokens.length > 0) {
      this.#emit({ type: 'token.revoked', actor, summary, clientId: tokens.length === 1 ? tokens[0]!.clientId : null, subject: tokens.length === 1 ? tokens[0]!.accountId : null, detail: { count: tokens.length, tokenIds: tokens.slice(0, 500).map((t) => t.id) } });
    }
    return tokens.length;
  }

  #buildHandlers(): Handlers {
    const store = this.#store;
    return {
      'status.get': (): Status => {
        const runtime = this.#runtime();
        const backups = this.#backups.status();
        return {
          version: runtime.version,
          issuer: runtime.issuer,
          urls: runtime.urls,
          startedAt: runtime.startedAt.toISOString(),
          uptimeSeconds: Math.round((Date.now() - runtime.startedAt.getTime()) / 1000),
          counts: { clients: store.clients.count(), users: store.users.count(), roles: store.roles.list().length, liveTokens: store.tokens.count({}) },
          dataDir: runtime.dataDir,
          warnings: backups.warning ? [...runtime.warnings, backups.warning] : runtime.warnings,
          tls: runtime.tls,
          backups,
        };
      },

      'metrics.timeline': ({ minutes }) => {
        const counted = new Map(store.metrics.since(minutes).map((row) => [row.minute, row]));
        const last = Math.floor(Date.now() / 60_000) * 60;
        return Array.from({ length: minutes }, (_, index) => {
          const minute = last - (minutes - 1 - index) * 60;
          const row = counted.get(minute);
          return { at: new Date(minute * 1000).toISOString(), issued: row?.issued ?? 0, refused: row?.refused ?? 0 };
        });
      },

      'settings.get': () => this.settings(),
      'settings.update': (patch, actor) => {
        const before = this.settings();
        const settings = { ...before, ...patch };
        store.settings.set(SETTINGS_KEY, settings);
        const restartRequired = RESTART_FIELDS.some((field) => before[field] !== settings[field]);
        this.#emit({ type: 'settings.changed', actor, summary: `Settings changed: ${Object.keys(patch).join(', ') || 'nothing'}`, detail: { patch } });
        return { settings, restartRequired };
      },

      'scopes.list': () => store.scopes.list(),
      'scopes.upsert': ({ name, description }, actor) => {
        const scope = store.scopes.upsert(name, description);
        this.#emit({ type: 'role.changed', actor, summary: `Scope ${name} saved`, detail: { scope: name } });
        return scope;
      },
      'scopes.delete': ({ name }, actor) => {
        store.transaction(() => store.scopes.delete(name));
        this.#emit({ type: 'role.changed', actor, summary: `Scope ${name} deleted`, detail: { scope: name } });
        return { deleted: true as const };
      },

      'roles.list': () => store.roles.list(),
      'roles.create': (input, actor) => {
        const role = store.transaction(() => store.roles.create(input));
        this.#emit({ type: 'role.changed', actor, summary: `Role ${role.name} created with ${role.scopes.join(' ') || 'no scopes'}`, detail: { role: role.name, scopes: role.scopes } });
        return role;
      },
      'roles.update': (input, actor) => {
        const role = store.transaction(() => store.roles.update(input.name, input));
        this.#emit({ type: 'role.changed', actor, summary: `Role ${role.name} now grants ${role.scopes.join(' ') || 'no scopes'}`, detail: { role: role.name, scopes: role.scopes } });
        return role;
      },
      'roles.delete': ({ name }, actor) => {
        store.transaction(() => store.roles.delete(name));
        this.#emit({ type: 'role.changed', actor, summary: `Role ${name} deleted`, detail: { role: name } });
        return { deleted: true as const };
      },

      'users.list': (input) => store.users.list(input),
      'users.create': async (input, actor) => {
        for (const role of input.roles) store.roles.require(role, 'roles');
        if (store.users.findByUsername(input.username)) throw conflict(`The username "${input.username}" is taken.`, 'username');
        const passwordHash = await hashPassword(input.password);
        const user = store.transaction(() => store.users.create({ username: input.username, passwordHash, roles: input.roles }));
        this.#emit({ type: 'user.changed', actor, subject: user.id, summary: `User ${user.username} created${user.roles.length ? ` with role ${user.roles.join(', ')}` : ''}`, detail: { username: user.username, roles: user.roles } });
        return user;
      },
      'users.update': (input, actor) => {
        const { user, revoked } = store.transaction(() => {
          const current = store.users.require(input.id);
          if (current.roles.includes(ADMIN_ROLE) && (input.disabled === true || (input.roles && !input.roles.includes(ADMIN_ROLE)))) {
            this.#keepOneAdmin(current.id);
          }
          const user = store.users.update(current.id, input);
          // A disabled user loses every token at once, not when they expire.
          const revoked = input.disabled === true ? store.tokens.revokeByUser(user.id) : [];
          return { user, revoked };
        });
        const what = [input.roles ? `roles ${user.roles.join(', ') || 'none'}` : '', input.disabled === true ? 'disabled' : input.disabled === false ? 'enabled' : ''].filter(Boolean).join('; ');
        this.#emit({ type: 'user.changed', actor, subject: user.id, summary: `User ${user.username}: ${what || 'no change'}`, detail: { username: user.username, roles: user.roles, disabled: user.disabled } });
        this.#revoked(revoked, actor, `${revoked.length} token(s) of ${user.username} revoked because the user was disabled`);
        return user;
      },
      'users.setPassword': async (input, actor) => {
        const target = store.users.require(input.id);
        const passwordHash = await hashPassword(input.password);
        // A reset password usually means the old one leaked: end every session and token too.
        const { user, revoked } = store.transaction(() => ({ user: store.users.setPasswordHash(target.id, passwordHash), revoked: store.tokens.revokeByUser(target.id) }));
        this.#emit({ type: 'user.changed', actor, subject: user.id, summary: `Password of ${user.username} reset`, detail: { username: user.username } });
        this.#revoked(revoked, actor, `${revoked.length} token(s) of ${user.username} revoked because the password was reset`);
        return user;
      },
      'users.delete': ({ id }, actor) => {
        const { user, revoked } = store.transaction(() => {
          const current = store.users.require(id);
          if (current.roles.includes(ADMIN_ROLE)) this.#keepOneAdmin(current.id);
          const revoked = store.tokens.revokeByUser(current.id);
          return { user: store.users.delete(current.id), revoked };
        });
        this.#emit({ type: 'user.changed', actor, subject: user.id, summary: `User ${user.username} deleted`, detail: { username: user.username } });
        this.#revoked(revoked, actor, `${revoked.length} token(s) of ${user.username} revoked because the user was deleted`);
        return { deleted: true as const };
      },

      'clients.list': (input) => store.clients.list(input),
      'clients.get': ({ clientId }) => store.clients.toClient(store.clients.require(clientId)),
      'clients.create': (input, actor) => {
        const shape = shapeClient(input);
        const settings = this.settings();
        const secret = shape.public ? null : newClientSecret();
        const record = store.transaction(() => {
          store.scopes.ensure(input.scopes);
          return store.clients.create({
            clientId: newClientId(),
            name: input.name,
            kind: shape.kind,
            public: shape.public,
            grants: shape.grants,
            redirectUris: shape.redirectUris,
            scopes: [...new Set(input.scopes)],
            accessTokenTtl: input.accessTokenTtl ?? settings.defaultAccessTokenTtl,
            refreshTokenTtl: input.refreshTokenTtl ?? settings.defaultRefreshTokenTtl,
            firstParty: input.firstParty ?? shape.kind === 'first_party',
            secretHash: secret && sha256(secret),
          });
        });
        this.#emit({ type: 'client.changed', actor, clientId: record.clientId, summary: `Application ${record.name} created (${record.grants.join(', ')})`, detail: { name: record.name, kind: record.kind, grants: record.grants } });
        return { client: store.clients.toClient(record), clientSecret: secret };
      },
      'clients.update': (input, actor) => {
        const { clientId, ...patch } = input;
        const { record, revoked } = store.transaction(() => {
          const current = store.clients.require(clientId);
          if (current.builtin && (patch.grants || patch.disabled !== undefined || patch.redirectUris)) {
            throw conflict('The console\'s own client can only have its name, scopes and lifetimes changed.', 'clientId');
          }
          // The console's client takes its redirect URIs from the hub's addresses at run time.
          if (!current.builtin) checkClient({ kind: current.kind, public: current.public, grants: patch.grants ?? current.grants, redirectUris: patch.redirectUris ?? current.redirectUris });
          if (patch.scopes) store.scopes.ensure(patch.scopes);
          const record = store.clients.update(clientId, patch);
          // Disabling a client ends its sessions with the hub: every token goes at once.
          const revoked = patch.disabled === true ? store.tokens.revokeByClient(clientId) : [];
          return { record, revoked };
        });
        this.#emit({ type: 'client.changed', actor, clientId, summary: `Application ${record.name} updated: ${Object.keys(patch).join(', ')}`, detail: { patch } });
        this.#revoked(revoked, actor, `${revoked.length} token(s) of ${record.name} revoked because it was disabled`);
        return store.clients.toClient(record);
      },
      'clients.rotateSecret': ({ clientId }, actor) => {
        const record = store.clients.require(clientId);
        if (record.public) throw invalid(`${record.name} is a public client: it has no secret to rotate.`, 'clientId');
        const secret = newClientSecret();
        store.clients.setSecretHash(clientId, sha256(secret));
        this.#emit({ type: 'client.changed', actor, clientId, summary: `Secret of ${record.name} rotated`, detail: {} });
        return { clientId, clientSecret: secret };
      },
      'clients.delete': ({ clientId }, actor) => {
        const { record, revoked } = store.transaction(() => {
          const record = store.clients.require(clientId);
          if (record.builtin) throw conflict('The console\'s own client cannot be deleted.', 'clientId');
          const revoked = store.tokens.revokeByClient(clientId);
          store.clients.delete(clientId);
          return { record, revoked };
        });
        this.#emit({ type: 'client.changed', actor, clientId, summary: `Application ${record.name} deleted`, detail: { name: record.name } });
        this.#revoked(revoked, actor, `${revoked.length} token(s) of ${record.name} revoked because it was deleted`);
        return { deleted: true as const };
      },

      'tokens.list': (input) => store.tokens.list(input),
      'tokens.count': (input) => ({ count: store.tokens.count(input) }),
      'tokens.revoke': ({ ids }, actor) => {
        const revoked = store.transaction(() => store.tokens.revoke(ids));
        return { revoked: this.#revoked(revoked, actor, `${revoked.length} token(s) revoked`) };
      },
      'tokens.revokeByClient': ({ clientId }, actor) => {
        const record = store.clients.require(clientId);
        const revoked = store.tokens.revokeByClient(record.clientId);
        return { revoked: this.#revoked(revoked, actor, `All ${revoked.length} token(s) of ${record.name} revoked`) };
      },
      'tokens.revokeByUser': ({ id }, actor) => {
        const user = store.users.require(id);
        const revoked = store.tokens.revokeByUser(user.id);
        return { revoked: this.#revoked(revoked, actor, `All ${revoked.length} token(s) of ${user.username} revoked`) };
      },

      'devices.pending': () => {
        const issuer = this.#runtime().issuer.replace(/\/$/, '');
        return store.devices.pending().map((row) => {
          const userCode = formatUserCode(row.userCode);
          return {
            clientId: row.clientId,
            clientName: row.clientName,
            userCode,
            scope: row.scope,
            createdAt: iso(row.issuedAt)!,
            expiresAt: iso(row.expiresAt)!,
            verificationUriComplete: `${issuer}${CODE_VERIFICATION_PATH}?user_code=${encodeURIComponent(userCode)}`,
            inProgress: row.inFlight,
          };
        });
      },
      'devices.decide': async (input, actor) => {
        const decide = this.#devices();
        if (!decide) throw conflict('Deciding a device request needs the running hub: use the console, or start the hub with "lanyard serve".', 'userCode');
        const outcome = await decide(input);
        const who = outcome.clientName ?? outcome.clientId;
        if (outcome.decision === 'approve') {
          const user = store.users.findByUsername(outcome.username!);
          this.#emit({ type: 'login.succeeded', actor, clientId: outcome.clientId, subject: user?.id ?? null, summary: `Device ${who} (code ${outcome.userCode}) allowed for ${outcome.username} by ${actor}`, detail: { via: 'devices.decide', userCode: outcome.userCode, scope: outcome.scope } });
        } else {
          this.#emit({ type: 'grant.refused', actor, clientId: outcome.clientId, summary: `Device ${who} (code ${outcome.userCode}) denied by ${actor}`, detail: { via: 'devices.decide', userCode: outcome.userCode, error: 'access_denied' } });
        }
        return outcome;
      },

      'audit.list': (input) => store.audit.list(input),
      ...backupHandlers(this.#backups),
    };
  }

  /** Refuses to remove the last enabled admin: nobody could open the console afterwards. */
  #keepOneAdmin(userId: string): void {
    if (this.#store.users.countEnabledWithRole(ADMIN_ROLE, userId) === 0) throw conflict('This is the last enabled admin; make another user an admin first, or nobody could manage the hub.', 'id');
  }
}

export class AdminFailure extends Error {
  readonly error: AdminError;
  constructor(error: AdminError) {
    super(error.message);
    this.name = 'AdminFailure';
    this.error = error;
  }
}
