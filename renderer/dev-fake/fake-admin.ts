// An in-memory AdminApi over plain arrays for the dev-only fake entry (main.tsx beside it): screens
// can be worked on, and screenshotted in Chromium, without a hub. Not a test double: component
// tests run on the real admin service (test/support/console-api.ts). It validates every input with
// the contract's schemas and its handler table is typed by the contract, so a new operation does
// not compile until it is added here; its rules are rough copies of the hub's and may lag.
import {
  DEFAULT_GRANTS,
  PUBLIC_KINDS,
  parseInput,
  type AdminApi,
  type AdminError,
  type AdminResult,
  type Client,
  type DeviceRequest,
  type EventType,
  type HubEvent,
  type KeyStatus,
  DEFAULT_LIMITS,
  type OperationInput,
  type OperationName,
  type OperationOutput,
  type OperationParsedInput,
  type Pairing,
  type Role,
  type Scope,
  type Settings,
  type Status,
  type Token,
  type TokenType,
  type User,
} from '../../shared/admin-contract.ts';
import { FakeBackups } from './fake-backups.ts';
import { formatPairingUri } from '../../shared/pairing-uri.ts';

type Handler<K extends OperationName> = (input: OperationParsedInput<K>) => OperationOutput<K> | AdminError;
type Call = { operation: OperationName; input: unknown };

const fail = (code: AdminError['code'], message: string, fields?: Record<string, string>): AdminError =>
  fields ? { code, message, fields } : { code, message };
const isError = (value: unknown): value is AdminError =>
  typeof value === 'object' && value !== null && 'code' in value && 'message' in value;

function pageOf<T>(items: T[], cursor: string | undefined, limit: number) {
  const start = cursor ? Number.parseInt(cursor, 10) || 0 : 0;
  const slice = items.slice(start, start + limit);
  const next = start + limit < items.length ? String(start + limit) : null;
  return { items: slice, nextCursor: next };
}

export type FakeAdminOptions = {
  /** Milliseconds every call waits before answering, to make loading states visible. */
  latency?: number;
  now?: () => Date;
};

export class FakeAdmin implements AdminApi {
  clients: (Client & { secret: string | null })[] = [];
  users: User[] = [];
  roles: Role[] = [];
  scopes: { name: string; description: string }[] = [];
  tokens: Token[] = [];
  events: HubEvent[] = [];
  /** Pending device authorization requests, newest first (see `requestDevice`). */
  deviceRequests: DeviceRequest[] = [];
  backups = new FakeBackups(() => this.now(), (type, fields) => this.emit(type, fields));
  settings: Settings = { host: '0.0.0.0', port: 9090, issuer: null, defaultAccessTokenTtl: 3600, defaultRefreshTokenTtl: 1_209_600, defaultApplicationRole: null, backupIntervalHours: 24, backupKeep: 7, mdns: true, limits: DEFAULT_LIMITS, secondFactorRoles: ['admin'] };
  pairings: Pairing[] = [];
  calls: Call[] = [];
  startedAt = new Date();
  /** What `status.get` reports as warnings and as the HTTPS certificate (null: plain HTTP). */
  warnings: string[] = [];
  tls: Status['tls'];
  private listeners = new Set<(event: HubEvent) => void>();
  private seq = 0;
  private eventSeq = 0;
  private latency: number;
  private now: () => Date;

  constructor(options: FakeAdminOptions = {}) {
    this.latency = options.latency ?? 0;
    this.now = options.now ?? (() => new Date());
    const at = this.now().toISOString();
    this.scopes = [
      { name: 'openid', description: 'Sign-in identity' },
      { name: 'lanyard:admin', description: 'Administer this hub' },
    ];
    this.tls = {
      fingerprint256: '3A:7F:0C:91:5E:22:B4:68:1D:C9:8E:47:F0:13:A6:5B:72:D8:04:E9:6C:31:9A:BF:25:60:7E:C3:18:D4:4A:F1',
      notAfter: new Date(this.now().getTime() + 300 * 86_400_000).toISOString(),
      sans: ['lanyard.local', '192.168.1.20', 'localhost', '127.0.0.1'],
      selfSigned: true,
    };
    this.roles = [
      { name: 'admin', description: 'Hub operators', scopes: ['openid', 'lanyard:admin'], builtin: true, assignable: false, userCount: 0, createdAt: at, updatedAt: at },
    ];
  }

  /** Operations called so far with their raw input, for assertions. */
  callsOf(operation: OperationName): unknown[] {
    return this.calls.filter((c) => c.operation === operation).map((c) => c.input);
  }

  subscribe(listener: (event: HubEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(type: EventType, fields: Partial<Omit<HubEvent, 'id' | 'type'>> = {}): HubEvent {
    const event: HubEvent = {
      id: ++this.eventSeq,
      at: fields.at ?? this.now().toISOString(),
      type,
      actor: fields.actor ?? null,
      clientId: fields.clientId ?? null,
      subject: fields.subject ?? null,
      summary: fields.summary ?? type,
      detail: fields.detail ?? {},
    };
    this.events.unshift(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Issues a token the way the hub would after a grant, emitting `token.issued`. */
  issueToken(fields: { clientId: string; type?: TokenType; subject?: string | null; username?: string | null; scope?: string; issuedAt?: Date; ttl?: number; silent?: boolean; name?: string }): Token {
    const client = this.clients.find((c) => c.clientId === fields.clientId);
    const issued = fields.issuedAt ?? this.now();
    const token: Token = {
      id: `tok_${(++this.seq).toString(36).padStart(6, '0')}`,
      type: fields.type ?? 'access_token',
      clientId: fields.clientId,
      clientName: client?.name ?? null,
      subject: fields.subject ?? null,
      username: fields.username ?? null,
      scope: fields.scope ?? 'openid',
      issuedAt: issued.toISOString(),
      expiresAt: new Date(issued.getTime() + (fields.ttl ?? 3600) * 1000).toISOString(),
      grantId: null,
      name: fields.name ?? null,
    };
    this.tokens.push(token);
    if (client) {
      client.liveTokens += 1;
      client.lastSeenAt = token.issuedAt;
    }
    if (!fields.silent)
      this.emit('token.issued', {
        at: token.issuedAt,
        clientId: token.clientId,
        subject: token.subject,
        actor: token.clientId,
        summary: `${token.type} issued to ${client?.name ?? token.clientId}`,
        detail: { tokenId: token.id, type: token.type },
      });
    return token;
  }

  /**
   * A device starts the device authorization flow, as at the hub's device endpoint: its
   * request waits (for `ttl` seconds) until someone approves or denies it.
   */
  requestDevice(fields: { clientId: string; scope?: string; userCode?: string; ttl?: number; createdAt?: Date; inProgress?: boolean }): DeviceRequest {
    const client = this.clients.find((c) => c.clientId === fields.clientId);
    const created = fields.createdAt ?? this.now();
    const letters = 'BCDFGHJKLMNPQRSTVWXZ';
    const userCode =
      fields.userCode ??
      Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => letters[byte % letters.length])
        .join('')
        .replace(/^(.{4})/, '$1-');
    const request: DeviceRequest = {
      clientId: fields.clientId,
      clientName: client?.name ?? null,
      userCode,
      scope: fields.scope ?? '',
      createdAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + (fields.ttl ?? 600) * 1000).toISOString(),
      verificationUriComplete: `${this.issuer()}/device?user_code=${encodeURIComponent(userCode)}`,
      inProgress: fields.inProgress ?? false,
    };
    this.deviceRequests.unshift(request);
    return request;
  }

  private issuer() {
    return this.settings.issuer ?? `http://192.168.1.20:${this.settings.port}`;
  }

  async call<K extends OperationName>(operation: K, input: OperationInput<K>): Promise<AdminResult<OperationOutput<K>>> {
    this.calls.push({ operation, input });
    if (this.latency) await new Promise((resolve) => setTimeout(resolve, this.latency));
    const parsed = parseInput(operation, input);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const handler = this.handlers[operation] as unknown as Handler<K>;
    const result = handler(parsed.value);
    if (isError(result)) return { ok: false, error: result };
    // Hand out copies, as a transport would.
    return { ok: true, value: structuredClone(result) as OperationOutput<K> };
  }

  private stamp() {
    return this.now().toISOString();
  }
  private id(prefix: string) {
    return `${prefix}_${(++this.seq).toString(36).padStart(6, '0')}`;
  }
  private roleView(role: Role): Role {
    return { ...role, userCount: this.users.filter((u) => u.roles.includes(role.name)).length };
  }
  private scopeView(scope: { name: string; description: string }): Scope {
    return {
      ...scope,
      roles: this.roles.filter((r) => r.scopes.includes(scope.name)).map((r) => r.name),
      clientCount: this.clients.filter((c) => c.scopes.includes(scope.name)).length,
    };
  }
  private clientView(client: Client & { secret: string | null }): Client {
    const { secret: _secret, ...rest } = client;
    return { ...rest, liveTokens: this.tokens.filter((t) => t.clientId === client.clientId).length };
  }
  private unknownScopes(scopes: string[]): string | null {
    const missing = scopes.filter((s) => !this.scopes.some((x) => x.name === s));
    return missing.length ? `unknown scope${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}; add ${missing.length > 1 ? 'them' : 'it'} on the Roles screen first` : null;
  }
  private unknownRoles(roles: string[]): string | null {
    const missing = roles.filter((r) => !this.roles.some((x) => x.name === r));
    return missing.length ? `unknown role: ${missing.join(', ')}` : null;
  }
  private keyStatus(): KeyStatus {
    return { masterKeyId: 'fake-key-id', masterKeySource: 'fake', signingKeys: [{ kid: 'fake-kid', createdAt: this.startedAt.toISOString(), retiresAt: null, current: true }], cookieKeys: 1 };
  }

  private removeTokens(predicate: (t: Token) => boolean, actor: string) {
    const gone = this.tokens.filter(predicate);
    this.tokens = this.tokens.filter((t) => !predicate(t));
    for (const token of gone)
      this.emit('token.revoked', { clientId: token.clientId, subject: token.subject, actor, summary: `${token.type} of ${token.clientName ?? token.clientId} revoked`, detail: { tokenId: token.id } });
    return gone.length;
  }

  private handlers: { [K in OperationName]: Handler<K> } = {
    'status.get': () => ({
      version: '0.1.0',
      issuer: this.issuer(),
      urls: [`http://192.168.1.20:${this.settings.port}`, `http://lanyard.local:${this.settings.port}`, `http://127.0.0.1:${this.settings.port}`],
      startedAt: this.startedAt.toISOString(),
      uptimeSeconds: Math.round((this.now().getTime() - this.startedAt.getTime()) / 1000),
      counts: { clients: this.clients.length, users: this.users.length, roles: this.roles.length, liveTokens: this.tokens.length },
      dataDir: '/var/lib/lanyard',
      warnings: [...this.warnings, ...(this.backups.status().warning ? [this.backups.status().warning!] : [])],
      tls: this.tls,
      backups: this.backups.status(),
    }),
    'devices.pending': () => this.deviceRequests.filter((r) => Date.parse(r.expiresAt) > this.now().getTime()),
    'devices.decide': (input) => {
      const wanted = input.userCode.toUpperCase().replace(/\W/g, '');
      const request = this.deviceRequests.find((r) => r.userCode.replace(/\W/g, '') === wanted);
      if (!request) return fail('not_found', `No device is waiting for the code ${input.userCode}.`, { userCode: 'no device is waiting for this code' });
      if (Date.parse(request.expiresAt) <= this.now().getTime()) return fail('conflict', `The code ${request.userCode} has expired; the device must ask again.`, { userCode: 'expired' });
      const client = this.clients.find((c) => c.clientId === request.clientId);
      const base = { clientId: request.clientId, clientName: request.clientName, userCode: request.userCode, decision: input.decision };
      if (input.decision === 'deny') {
        this.deviceRequests = this.deviceRequests.filter((r) => r !== request);
        this.emit('grant.refused', { actor: 'admin:fake', clientId: request.clientId, summary: `Device ${request.clientName ?? request.clientId} (code ${request.userCode}) denied by admin:fake` });
        return { ...base, username: null, scope: '' };
      }
      const user = this.users.find((u) => u.username === input.username);
      if (!user) return fail('not_found', `There is no user "${input.username ?? ''}".`, { username: 'there is no such user' });
      if (user.disabled) return fail('conflict', `The user ${user.username} is disabled; enable the account first or choose another user.`, { username: 'this user is disabled' });
      const userScopes = new Set(this.roles.filter((r) => user.roles.includes(r.name)).flatMap((r) => r.scopes));
      const requested = request.scope ? request.scope.split(' ') : (client?.scopes ?? []);
      const scope = requested.filter((s) => (client?.scopes ?? []).includes(s) && userScopes.has(s)).join(' ');
      this.deviceRequests = this.deviceRequests.filter((r) => r !== request);
      this.emit('login.succeeded', { actor: 'admin:fake', clientId: request.clientId, subject: user.id, summary: `Device ${request.clientName ?? request.clientId} (code ${request.userCode}) allowed for ${user.username} by admin:fake` });
      return { ...base, username: user.username, scope };
    },
    'metrics.timeline': ({ minutes }) => {
      const last = Math.floor(this.now().getTime() / 60_000) * 60_000;
      return Array.from({ length: minutes }, (_, index) => {
        const start = last - (minutes - 1 - index) * 60_000;
        const inMinute = (at: string) => Date.parse(at) >= start && Date.parse(at) < start + 60_000;
        return {
          at: new Date(start).toISOString(),
          issued: this.tokens.filter((t) => inMinute(t.issuedAt)).length,
          refused: this.events.filter((e) => e.type === 'grant.refused' && inMinute(e.at)).length,
        };
      });
    },
    'settings.get': () => this.settings,
    'settings.update': (input) => {
      const before = this.settings;
      this.settings = { ...before, ...input, limits: { ...before.limits, ...input.limits } };
      const restartRequired = before.host !== this.settings.host || before.port !== this.settings.port || before.issuer !== this.settings.issuer;
      this.emit('settings.changed', { actor: 'admin:fake', summary: 'settings changed' });
      return { settings: this.settings, restartRequired };
    },

    'scopes.list': () => this.scopes.map((s) => this.scopeView(s)),
    'scopes.upsert': (input) => {
      const existing = this.scopes.find((s) => s.name === input.name);
      if (existing) existing.description = input.description;
      else this.scopes.push({ name: input.name, description: input.description });
      this.emit('role.changed', { actor: 'admin:fake', summary: `scope ${input.name} saved` });
      return this.scopeView(this.scopes.find((s) => s.name === input.name)!);
    },
    'scopes.delete': (input) => {
      const scope = this.scopes.find((s) => s.name === input.name);
      if (!scope) return fail('not_found', `There is no scope named "${input.name}".`);
      const holders = this.roles.filter((r) => r.scopes.includes(input.name));
      if (holders.length) return fail('conflict', `The scope "${input.name}" is granted by the role(s) ${holders.map((r) => r.name).join(', ')}; withdraw it from them first.`);
      this.scopes = this.scopes.filter((s) => s !== scope);
      return { deleted: true as const };
    },

    'roles.list': () => this.roles.map((r) => this.roleView(r)),
    'roles.create': (input) => {
      if (this.roles.some((r) => r.name === input.name)) return fail('conflict', `A role named "${input.name}" already exists.`, { name: 'this name is taken' });
      const bad = this.unknownScopes(input.scopes);
      if (bad) return fail('invalid_input', `scopes: ${bad}`, { scopes: bad });
      const at = this.stamp();
      const role: Role = { name: input.name, description: input.description, scopes: input.scopes, builtin: false, assignable: input.assignable, userCount: 0, createdAt: at, updatedAt: at };
      this.roles.push(role);
      this.emit('role.changed', { actor: 'admin:fake', summary: `role ${role.name} created` });
      return this.roleView(role);
    },
    'roles.update': (input) => {
      const role = this.roles.find((r) => r.name === input.name);
      if (!role) return fail('not_found', `There is no role named "${input.name}".`);
      if (input.scopes) {
        const bad = this.unknownScopes(input.scopes);
        if (bad) return fail('invalid_input', `scopes: ${bad}`, { scopes: bad });
        if (role.name === 'admin' && !input.scopes.includes('lanyard:admin'))
          return fail('conflict', 'The admin role must keep the lanyard:admin scope, or nobody could administer the hub.');
        role.scopes = input.scopes;
      }
      if (input.description !== undefined) role.description = input.description;
      if (input.assignable !== undefined) role.assignable = input.assignable;
      role.updatedAt = this.stamp();
      this.emit('role.changed', { actor: 'admin:fake', summary: `role ${role.name} changed` });
      return this.roleView(role);
    },
    'roles.delete': (input) => {
      const role = this.roles.find((r) => r.name === input.name);
      if (!role) return fail('not_found', `There is no role named "${input.name}".`);
      if (role.builtin) return fail('conflict', `The role "${role.name}" is built in and cannot be deleted.`);
      const holders = this.users.filter((u) => u.roles.includes(role.name)).length;
      if (holders) return fail('conflict', `The role "${role.name}" is held by ${holders} user${holders > 1 ? 's' : ''}; take it away from them first.`);
      this.roles = this.roles.filter((r) => r !== role);
      this.emit('role.changed', { actor: 'admin:fake', summary: `role ${role.name} deleted` });
      return { deleted: true as const };
    },

    'users.list': (input) => {
      const q = input.query?.toLowerCase();
      const items = this.users.filter((u) => !q || u.username.toLowerCase().includes(q)).sort((a, b) => a.username.localeCompare(b.username));
      return pageOf(items, input.cursor, input.limit);
    },
    'users.create': (input) => {
      if (this.users.some((u) => u.username === input.username)) return fail('conflict', `A user named "${input.username}" already exists.`, { username: 'this username is taken' });
      const bad = this.unknownRoles(input.roles);
      if (bad) return fail('invalid_input', `roles: ${bad}`, { roles: bad });
      const at = this.stamp();
      const user: User = { id: this.id('usr'), username: input.username, roles: input.roles, disabled: false, createdAt: at, updatedAt: at, lastLoginAt: null, secondFactors: { totp: false, passkeys: 0 } };
      this.users.push(user);
      this.emit('user.changed', { actor: 'admin:fake', subject: user.id, summary: `user ${user.username} created` });
      return user;
    },
    'users.update': (input) => {
      const user = this.users.find((u) => u.id === input.id);
      if (!user) return fail('not_found', 'There is no such user.');
      if (input.roles) {
        const bad = this.unknownRoles(input.roles);
        if (bad) return fail('invalid_input', `roles: ${bad}`, { roles: bad });
        user.roles = input.roles;
      }
      if (input.disabled !== undefined) user.disabled = input.disabled;
      user.updatedAt = this.stamp();
      this.emit('user.changed', { actor: 'admin:fake', subject: user.id, summary: `user ${user.username} changed` });
      return user;
    },
    'users.setPassword': (input) => {
      const user = this.users.find((u) => u.id === input.id);
      if (!user) return fail('not_found', 'There is no such user.');
      user.updatedAt = this.stamp();
      return user;
    },
    'users.unlock': (input) => {
      const user = this.users.find((u) => u.id === input.id || u.username === input.id);
      if (!user) return fail('not_found', 'There is no such user.');
      this.emit('user.unlocked', { actor: 'admin:fake', subject: user.id, summary: `user ${user.username} unlocked` });
      return { username: user.username };
    },
    'keys.status': () => this.keyStatus(),
    'keys.rotate': () => ({ status: this.keyStatus(), restartRequired: true }),
    'keys.reset': () => ({ status: this.keyStatus(), restartRequired: true }),
    'users.delete': (input) => {
      const user = this.users.find((u) => u.id === input.id);
      if (!user) return fail('not_found', 'There is no such user.');
      this.users = this.users.filter((u) => u !== user);
      this.tokens = this.tokens.filter((t) => t.subject !== user.id);
      this.emit('user.changed', { actor: 'admin:fake', subject: user.id, summary: `user ${user.username} deleted` });
      return { deleted: true as const };
    },
    'users.resetSecondFactors': (input) => {
      const user = this.users.find((u) => u.id === input.id);
      if (!user) return fail('not_found', 'There is no such user.');
      user.secondFactors = { totp: false, passkeys: 0 };
      this.emit('user.changed', { actor: 'admin:fake', subject: user.id, summary: `second factors of ${user.username} reset` });
      return user;
    },
    'personalTokens.list': (input) =>
      this.tokens
        .filter((t) => t.subject === input.userId && t.name !== null)
        .map((t) => ({ id: t.id, name: t.name!, scope: t.scope, createdAt: t.issuedAt, expiresAt: t.expiresAt, lastUsedAt: null, createdBy: 'admin:fake' })),
    'personalTokens.create': (input) => {
      const user = this.users.find((u) => u.id === input.userId);
      if (!user) return fail('not_found', 'There is no such user.');
      const held = new Set(this.roles.filter((r) => user.roles.includes(r.name)).flatMap((r) => r.scopes));
      const beyond = input.scopes.filter((scope) => !held.has(scope));
      if (beyond.length) return fail('forbidden', `A personal access token can only carry scopes the user's roles hold; not ${beyond.join(' ')}.`, { scopes: 'beyond the user\'s roles' });
      const token = this.issueToken({ clientId: 'lanyard-personal-tokens', subject: user.id, username: user.username, scope: input.scopes.join(' '), ttl: input.expiresIn ?? 100 * 31_536_000, name: input.name });
      return { id: token.id, token: `pat_${crypto.randomUUID().replaceAll('-', '')}`, name: input.name, scope: token.scope, expiresAt: input.expiresIn === null ? null : token.expiresAt };
    },

    'clients.list': (input) => {
      const q = input.query?.toLowerCase();
      const items = this.clients
        .filter((c) => (!q || c.name.toLowerCase().includes(q) || c.clientId.toLowerCase().includes(q)) && (!input.kind || c.kind === input.kind))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((c) => this.clientView(c));
      return pageOf(items, input.cursor, input.limit);
    },
    'clients.get': (input) => {
      const client = this.clients.find((c) => c.clientId === input.clientId);
      return client ? this.clientView(client) : fail('not_found', `There is no application with client id "${input.clientId}".`);
    },
    'clients.create': (input) => {
      const grants = input.grants ?? DEFAULT_GRANTS[input.kind];
      const isPublic = input.public ?? PUBLIC_KINDS.has(input.kind);
      if ((grants.includes('authorization_code') || grants.includes('implicit')) && input.redirectUris.length === 0)
        return fail('invalid_input', 'redirectUris: add at least one redirect URI for a browser sign-in', { redirectUris: 'add at least one redirect URI for a browser sign-in' });
      if (isPublic && grants.includes('client_credentials'))
        return fail('invalid_input', 'grants: a public client cannot use client_credentials', { grants: 'a public client cannot use client_credentials' });
      const bad = this.unknownScopes(input.scopes);
      if (bad) return fail('invalid_input', `scopes: ${bad}`, { scopes: bad });
      const at = this.stamp();
      const secret = isPublic ? null : `sec_${crypto.randomUUID().replaceAll('-', '')}`;
      const client = {
        clientId: this.id(input.kind),
        name: input.name,
        kind: input.kind,
        public: isPublic,
        grants,
        redirectUris: input.redirectUris,
        postLogoutRedirectUris: input.postLogoutRedirectUris,
        backchannelLogoutUri: input.backchannelLogoutUri ?? null,
        scopes: input.scopes,
        accessTokenTtl: input.accessTokenTtl ?? this.settings.defaultAccessTokenTtl,
        refreshTokenTtl: input.refreshTokenTtl ?? this.settings.defaultRefreshTokenTtl,
        firstParty: input.firstParty ?? input.kind === 'first_party',
        passwordWithSecondFactor: input.passwordWithSecondFactor ?? false,
        disabled: false,
        createdAt: at,
        updatedAt: at,
        lastSeenAt: null,
        liveTokens: 0,
        secret,
      };
      this.clients.push(client);
      this.emit('client.changed', { actor: 'admin:fake', clientId: client.clientId, summary: `application ${client.name} created` });
      return { client: this.clientView(client), clientSecret: secret };
    },
    'clients.update': (input) => {
      const client = this.clients.find((c) => c.clientId === input.clientId);
      if (!client) return fail('not_found', `There is no application with client id "${input.clientId}".`);
      if (input.scopes) {
        const bad = this.unknownScopes(input.scopes);
        if (bad) return fail('invalid_input', `scopes: ${bad}`, { scopes: bad });
      }
      const { clientId: _id, ...changes } = input;
      for (const [key, value] of Object.entries(changes)) if (value !== undefined) (client as Record<string, unknown>)[key] = value;
      client.updatedAt = this.stamp();
      this.emit('client.changed', { actor: 'admin:fake', clientId: client.clientId, summary: `application ${client.name} changed` });
      return this.clientView(client);
    },
    'clients.rotateSecret': (input) => {
      const client = this.clients.find((c) => c.clientId === input.clientId);
      if (!client) return fail('not_found', `There is no application with client id "${input.clientId}".`);
      if (client.public) return fail('conflict', 'A public application has no secret to rotate.');
      client.secret = `sec_${crypto.randomUUID().replaceAll('-', '')}`;
      this.emit('client.changed', { actor: 'admin:fake', clientId: client.clientId, summary: `secret of ${client.name} rotated` });
      return { clientId: client.clientId, clientSecret: client.secret };
    },
    'clients.delete': (input) => {
      const client = this.clients.find((c) => c.clientId === input.clientId);
      if (!client) return fail('not_found', `There is no application with client id "${input.clientId}".`);
      this.clients = this.clients.filter((c) => c !== client);
      this.tokens = this.tokens.filter((t) => t.clientId !== client.clientId);
      this.emit('client.changed', { actor: 'admin:fake', clientId: client.clientId, summary: `application ${client.name} deleted` });
      return { deleted: true as const };
    },

    'tokens.list': (input) => {
      const key = input.sort === 'issued' ? 'issuedAt' : 'expiresAt';
      const dir = input.order === 'asc' ? 1 : -1;
      const items = this.tokens
        .filter((t) => (!input.clientId || t.clientId === input.clientId) && (!input.userId || t.subject === input.userId) && (!input.type || t.type === input.type))
        .sort((a, b) => dir * (a[key].localeCompare(b[key]) || a.id.localeCompare(b.id)));
      return pageOf(items, input.cursor, input.limit);
    },
    'tokens.count': (input) => ({
      count: this.tokens.filter((t) => (!input.clientId || t.clientId === input.clientId) && (!input.userId || t.subject === input.userId) && (!input.type || t.type === input.type)).length,
    }),
    'tokens.revoke': (input) => ({ revoked: this.removeTokens((t) => input.ids.includes(t.id), 'admin:fake') }),
    'tokens.revokeByClient': (input) => ({ revoked: this.removeTokens((t) => t.clientId === input.clientId, 'admin:fake') }),
    'tokens.revokeByUser': (input) => ({ revoked: this.removeTokens((t) => t.subject === input.id, 'admin:fake') }),

    'pairings.list': () => this.pairings,
    'users.expiring': (input) => {
      const until = this.now().getTime() + input.withinSeconds * 1000;
      return this.users.filter((u) => u.expiresAt && Date.parse(u.expiresAt) <= until).sort((a, b) => a.expiresAt!.localeCompare(b.expiresAt!));
    },
    'pairings.create': (input) => {
      const now = this.now();
      const pairing: Pairing = {
        id: crypto.randomUUID().slice(0, 16), name: input.name, grants: input.grants, scopes: input.scopes, usesAllowed: input.uses, uses: 0,
        requiresApproval: input.requiresApproval, expiresAt: new Date(now.getTime() + input.expiresInSeconds * 1000).toISOString(), revokedAt: null, createdAt: now.toISOString(), state: 'active',
      };
      this.pairings = [pairing, ...this.pairings];
      const token = `lyi_${crypto.randomUUID().replaceAll('-', '')}`;
      const fingerprint = this.tls?.fingerprint256 ?? null;
      this.emit('pairing.changed', { actor: 'admin:fake', summary: `Pairing ${pairing.name} created` });
      return { pairing, initialAccessToken: token, registrationEndpoint: `${this.issuer()}/reg`, issuer: this.issuer(), fingerprint, pairingUri: formatPairingUri({ issuer: this.issuer(), fingerprint, token }) };
    },
    'pairings.revoke': (input) => {
      const pairing = this.pairings.find((p) => p.id === input.id);
      if (!pairing) return fail('not_found', `There is no pairing "${input.id}".`);
      Object.assign(pairing, { state: 'revoked', revokedAt: this.now().toISOString() });
      return pairing;
    },
    'clients.approve': (input) => {
      const client = this.clients.find((c) => c.clientId === input.clientId);
      if (!client) return fail('not_found', `There is no application with client id "${input.clientId}".`);
      if (!client.pendingApproval) return fail('conflict', `${client.name} is not waiting for approval.`);
      client.pendingApproval = false;
      return this.clientView(client);
    },

    'audit.list': (input) => {
      const items = this.events.filter(
        (e) => (!input.type || e.type === input.type) && (!input.clientId || e.clientId === input.clientId) && (!input.subject || e.subject === input.subject),
      );
      return pageOf(items, input.cursor, input.limit);
    },
    ...this.backups.handlers(),
  };
}
