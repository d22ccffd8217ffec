// The admin contract: every operation the console (and the CLI) can ask of the hub,
// typed once. The hub implements it once (main/hub/admin/); Electron IPC and HTTP
// (/console/api/) carry it. Inputs and outputs are zod schemas so each transport
// validates at its boundary. This module must stay free of Node and DOM APIs.
import { z } from 'zod';

// ---------------------------------------------------------------- vocabulary

/** Grant names as operators type them (CLI, console). */
export const GRANT_NAMES = [
  'authorization_code',
  'implicit',
  'password',
  'client_credentials',
  'refresh_token',
  'device_code',
] as const;
export const GrantName = z.enum(GRANT_NAMES);
export type GrantName = z.infer<typeof GrantName>;

/** What kind of application a client is; the console's create wizard starts here. */
export const CLIENT_KINDS = ['web', 'spa', 'device', 'service', 'first_party'] as const;
export const ClientKind = z.enum(CLIENT_KINDS);
export type ClientKind = z.infer<typeof ClientKind>;

/** The grants each kind gets when the operator does not choose them. */
export const DEFAULT_GRANTS: Record<ClientKind, GrantName[]> = {
  web: ['authorization_code', 'refresh_token'],
  spa: ['authorization_code', 'refresh_token'],
  device: ['client_credentials'],
  service: ['client_credentials'],
  first_party: ['password', 'refresh_token'],
};
/** Kinds that cannot keep a secret, so they are public clients. */
export const PUBLIC_KINDS: ReadonlySet<ClientKind> = new Set(['spa']);

export const TOKEN_TYPES = ['access_token', 'client_credentials', 'refresh_token'] as const;
export const TokenType = z.enum(TOKEN_TYPES);
export type TokenType = z.infer<typeof TokenType>;

export const ADMIN_ROLE = 'admin';

// A scope is one token of RFC 6749 §3.3 scope syntax, kept a little stricter.
export const ScopeName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:\-/]{0,63}$/, 'a scope is 1–64 letters, digits or _ . : - / and starts with a letter or digit');
export const RoleName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/, 'a role name is 1–64 letters, digits, spaces or _ . - and starts with a letter or digit');
export const Username = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/, 'a username is 1–64 letters, digits or _ . @ - and starts with a letter or digit');
export const Password = z
  .string()
  .min(8, 'a password needs at least 8 characters')
  .max(1024, 'a password may have at most 1024 characters');
/** Where a browser is sent back to, matched exactly: `what` names it in the error. */
const browserTarget = (what: string) =>
  z.string().max(2048).refine((value) => {
    const url = URL.parse(value);
    return url !== null && !url.hash && url.protocol !== 'javascript:' && url.protocol !== 'data:';
  }, `${what} must be an absolute URI without a fragment`);
export const RedirectUri = browserTarget('a redirect URI');
const PostLogoutRedirectUri = browserTarget('a post-logout redirect URI');
/** Where a client hears that a user signed out (OpenID Back-Channel Logout 1.0 §2.2): a web URI. */
const BackchannelLogoutUri = z.string().max(2048).refine((value) => {
  const url = URL.parse(value);
  return url !== null && !url.hash && (url.protocol === 'http:' || url.protocol === 'https:');
}, 'a back-channel logout URI must be an absolute http:// or https:// URI without a fragment');
/** Seconds; one minute to one year. */
export const TtlSeconds = z.int().min(60, 'a lifetime is at least 60 seconds').max(31_536_000, 'a lifetime is at most one year (31536000 seconds)');

const Iso = z.string(); // ISO-8601 timestamps, UTC
const Cursor = z.string().max(512);
const Limit = z.int().min(1).max(500).default(50);

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

// ---------------------------------------------------------------- entities

export const Role = z.object({
  name: RoleName,
  description: z.string(),
  scopes: z.array(ScopeName),
  builtin: z.boolean(),
  /** Applications holding `users:create` may give this role to the users they create. */
  assignable: z.boolean(),
  userCount: z.int(),
  createdAt: Iso,
  updatedAt: Iso,
});
export type Role = z.infer<typeof Role>;

export const Scope = z.object({
  name: ScopeName,
  description: z.string(),
  roles: z.array(RoleName),
  clientCount: z.int(),
});
export type Scope = z.infer<typeof Scope>;

export const User = z.object({
  id: z.string(),
  username: Username,
  roles: z.array(RoleName),
  disabled: z.boolean(),
  createdAt: Iso,
  updatedAt: Iso,
  lastLoginAt: Iso.nullable(),
});
export type User = z.infer<typeof User>;

export const Client = z.object({
  clientId: z.string(),
  name: z.string(),
  kind: ClientKind,
  public: z.boolean(),
  grants: z.array(GrantName),
  redirectUris: z.array(z.string()),
  /** Where users may be sent after signing out (RP-Initiated Logout), matched exactly. */
  postLogoutRedirectUris: z.array(z.string()),
  /** Where the hub posts a logout token when a user signs out (Back-Channel Logout). */
  backchannelLogoutUri: z.string().nullable(),
  scopes: z.array(ScopeName),
  accessTokenTtl: z.int(),
  refreshTokenTtl: z.int(),
  firstParty: z.boolean(),
  disabled: z.boolean(),
  createdAt: Iso,
  updatedAt: Iso,
  lastSeenAt: Iso.nullable(),
  liveTokens: z.int(),
});
export type Client = z.infer<typeof Client>;

/** A live token as operators see it. `id` is a public handle, never the bearer value. */
export const Token = z.object({
  id: z.string(),
  type: TokenType,
  clientId: z.string(),
  clientName: z.string().nullable(),
  subject: z.string().nullable(),
  username: z.string().nullable(),
  scope: z.string(),
  issuedAt: Iso,
  expiresAt: Iso,
  grantId: z.string().nullable(),
});
export type Token = z.infer<typeof Token>;

/**
 * What anyone on the network may cost the hub. Per address means per source IPv4 address, or
 * per IPv6 /64. Changes apply at once, without a restart. The defaults (DEFAULT_LIMITS) are
 * sized for a home or building: generous for real devices and people, small for floods.
 */
export const Limits = z.object({
  /** Requests a minute from one address to endpoints that need no credentials (pages, discovery, device and sign-in starts). */
  requestsPerMinute: z.int().min(10).max(1_000_000),
  /** Sign-ins (interactions) started in 10 minutes: in all, for one application, from one address. */
  signInsTotal: z.int().min(1).max(1_000_000),
  signInsPerClient: z.int().min(1).max(1_000_000),
  signInsPerAddress: z.int().min(1).max(1_000_000),
  /** Device codes handed out in 10 minutes: in all, for one device client, to one address. */
  deviceCodesTotal: z.int().min(1).max(1_000_000),
  deviceCodesPerClient: z.int().min(1).max(1_000_000),
  deviceCodesPerAddress: z.int().min(1).max(1_000_000),
  /** Password attempts from one address (any usernames) in 15 minutes; counted when they start, a success gives its attempt back. */
  loginAttemptsPerAddress: z.int().min(1).max(1_000_000),
  /** Failures for one username from one address before that pair is locked. */
  loginFailuresPerUserAndAddress: z.int().min(1).max(1_000_000),
  /** Failures for one username from everywhere before its attempts are slowed to one every few seconds (never locked). */
  loginFailuresPerUser: z.int().min(1).max(1_000_000),
  loginLockMinutes: z.int().min(1).max(24 * 60),
  /** Audit rows a minute that requests without credentials may cause, all addresses together; the rest are counted in a summary row. */
  auditEventsPerMinute: z.int().min(1).max(1_000_000),
  /** The audit log keeps at most this many rows (and at most 90 days). */
  auditMaxRows: z.int().min(1000).max(100_000_000),
  /** Open connections at most, and from one address; more are refused until some close. */
  maxConnections: z.int().min(10).max(1_000_000),
  connectionsPerAddress: z.int().min(1).max(1_000_000),
  /** Seconds a client has to send a request's headers, and its whole request. */
  headersTimeoutSeconds: z.int().min(1).max(600),
  requestTimeoutSeconds: z.int().min(1).max(3600),
  /** Seconds an idle keep-alive connection stays open. */
  keepAliveTimeoutSeconds: z.int().min(1).max(600),
}).strict();
export type Limits = z.infer<typeof Limits>;

export const DEFAULT_LIMITS: Limits = {
  requestsPerMinute: 600,
  signInsTotal: 2000,
  signInsPerClient: 500,
  signInsPerAddress: 30,
  deviceCodesTotal: 1000,
  deviceCodesPerClient: 200,
  deviceCodesPerAddress: 10,
  loginAttemptsPerAddress: 30,
  loginFailuresPerUserAndAddress: 10,
  loginFailuresPerUser: 100,
  loginLockMinutes: 15,
  auditEventsPerMinute: 300,
  auditMaxRows: 1_000_000,
  maxConnections: 1000,
  connectionsPerAddress: 100,
  headersTimeoutSeconds: 10,
  requestTimeoutSeconds: 30,
  keepAliveTimeoutSeconds: 30,
};

export const Settings = z.object({
  host: z.string().min(1).max(255),
  port: z.int().min(0).max(65535),
  /** null: derived from host and port at start. */
  issuer: z.url().nullable(),
  defaultAccessTokenTtl: TtlSeconds,
  defaultRefreshTokenTtl: TtlSeconds,
  /** The role a user created by an application (POST /api/users) gets when it names none; it must be assignable. */
  defaultApplicationRole: RoleName.nullable(),
  /** Advertise the hub on the LAN over DNS-SD/mDNS (`_lanyard._tcp`); loopback-only hubs never do. */
  mdns: z.boolean(),
  limits: Limits,
});
export type Settings = z.infer<typeof Settings>;

export const Status = z.object({
  version: z.string(),
  issuer: z.string(),
  /** Every URL the hub can be reached at, LAN addresses first. */
  urls: z.array(z.string()),
  startedAt: Iso,
  uptimeSeconds: z.number(),
  counts: z.object({ clients: z.int(), users: z.int(), roles: z.int(), liveTokens: z.int() }),
  dataDir: z.string(),
  warnings: z.array(z.string()),
  /** The HTTPS certificate devices may pin; null when the hub serves plain HTTP. */
  tls: z.object({ fingerprint256: z.string(), notAfter: Iso, sans: z.array(z.string()), selfSigned: z.boolean() }).nullable(),
});
export type Status = z.infer<typeof Status>;

/** A device waiting for someone to allow it (RFC 8628 device authorization grant). */
export const DeviceRequest = z.object({
  clientId: z.string(),
  clientName: z.string().nullable(),
  /** As the device shows it, e.g. BCDF-GHJK. */
  userCode: z.string(),
  /** What the device asked for; empty when it asked for everything its client may have. */
  scope: z.string(),
  createdAt: Iso,
  expiresAt: Iso,
  /** The page a person opens to allow it, with the code filled in. */
  verificationUriComplete: z.string(),
  /** Someone entered the code in a browser and is signing in right now. */
  inProgress: z.boolean(),
});
export type DeviceRequest = z.infer<typeof DeviceRequest>;

export const DEVICE_DECISIONS = ['approve', 'deny'] as const;
export const DeviceDecision = z.enum(DEVICE_DECISIONS);
export type DeviceDecision = z.infer<typeof DeviceDecision>;

export const EVENT_TYPES = [
  'token.issued',
  'token.refreshed',
  'token.revoked',
  'login.succeeded',
  'login.failed',
  'grant.refused',
  'device.requested',
  'client.changed',
  'user.changed',
  'role.changed',
  'settings.changed',
  'user.unlocked',
  'keys.rotated',
] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

/** One thing that happened; streamed live and kept in the audit log. */
export const HubEvent = z.object({
  id: z.int(),
  at: Iso,
  type: EventType,
  /** Who did it: `admin:<username>`, `cli`, a client id, a username, or null. */
  actor: z.string().nullable(),
  clientId: z.string().nullable(),
  subject: z.string().nullable(),
  summary: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type HubEvent = z.infer<typeof HubEvent>;

/** The hub's keys, by id and date. */
export const KeyStatus = z.object({
  /** Fingerprint of the master key that seals them; null when it is not available here. */
  masterKeyId: z.string().nullable(),
  /** Where the master key is kept: a file path, or the desktop app's keychain. */
  masterKeySource: z.string(),
  signingKeys: z.array(z.object({ kid: z.string(), createdAt: Iso, retiresAt: Iso.nullable(), current: z.boolean() })),
  cookieKeys: z.int(),
});
export type KeyStatus = z.infer<typeof KeyStatus>;

// ---------------------------------------------------------------- operations

const Empty = z.object({}).strict().default({});
const ClientId = z.object({ clientId: z.string().min(1).max(128) }).strict();
const UserId = z.object({ id: z.string().min(1).max(128) }).strict();

const ClientFields = {
  name: z.string().trim().min(1, 'a client needs a name').max(100),
  grants: z.array(GrantName).min(1, 'choose at least one grant').optional(),
  redirectUris: z.array(RedirectUri).max(20).default([]),
  postLogoutRedirectUris: z.array(PostLogoutRedirectUri).max(20).default([]),
  backchannelLogoutUri: BackchannelLogoutUri.nullable().optional(),
  scopes: z.array(ScopeName).max(100).default([]),
  accessTokenTtl: TtlSeconds.optional(),
  refreshTokenTtl: TtlSeconds.optional(),
  firstParty: z.boolean().optional(),
};

export const contract = {
  'status.get': { input: Empty, output: Status },
  'metrics.timeline': {
    input: z.object({ minutes: z.int().min(5).max(24 * 60).default(60) }).strict().default({ minutes: 60 }),
    /** One point per minute, oldest first: tokens issued and requests refused. */
    output: z.array(z.object({ at: Iso, issued: z.int(), refused: z.int() })),
  },
  'settings.get': { input: Empty, output: Settings },
  'settings.update': {
    input: Settings.extend({ limits: Limits.partial().strict() }).partial().strict(),
    output: z.object({ settings: Settings, restartRequired: z.boolean() }),
  },

  'scopes.list': { input: Empty, output: z.array(Scope) },
  'scopes.upsert': {
    input: z.object({ name: ScopeName, description: z.string().max(200).default('') }).strict(),
    output: Scope,
  },
  'scopes.delete': { input: z.object({ name: ScopeName }).strict(), output: z.object({ deleted: z.literal(true) }) },

  'roles.list': { input: Empty, output: z.array(Role) },
  'roles.create': {
    input: z.object({ name: RoleName, description: z.string().max(200).default(''), scopes: z.array(ScopeName).max(200).default([]), assignable: z.boolean().default(false) }).strict(),
    output: Role,
  },
  'roles.update': {
    input: z.object({ name: RoleName, description: z.string().max(200).optional(), scopes: z.array(ScopeName).max(200).optional(), assignable: z.boolean().optional() }).strict(),
    output: Role,
  },
  'roles.delete': { input: z.object({ name: RoleName }).strict(), output: z.object({ deleted: z.literal(true) }) },

  'users.list': {
    input: z.object({ query: z.string().max(100).optional(), cursor: Cursor.optional(), limit: Limit }).strict(),
    output: page(User),
  },
  'users.create': {
    input: z.object({ username: Username, password: Password, roles: z.array(RoleName).max(50).default([]) }).strict(),
    output: User,
  },
  'users.update': {
    input: z.object({ id: z.string().min(1).max(128), roles: z.array(RoleName).max(50).optional(), disabled: z.boolean().optional() }).strict(),
    output: User,
  },
  'users.setPassword': {
    input: z.object({ id: z.string().min(1).max(128), password: Password }).strict(),
    output: User,
  },
  'users.delete': { input: UserId, output: z.object({ deleted: z.literal(true) }) },
  /** Forgets the failed sign-ins counted against a username, everywhere (a running hub applies it within a second). */
  'users.unlock': { input: UserId, output: z.object({ username: z.string() }) },

  /** The hub's keys as operators may see them: ids and dates, never key material. */
  'keys.status': { input: Empty, output: KeyStatus },
  /**
   * New signing, cookie and CSRF keys. The old signing key stays in the JWKS (verify only) for a
   * day and old cookie keys keep sessions valid for 14 days; the hub uses the new keys from its
   * next start.
   */
  'keys.rotate': { input: Empty, output: z.object({ status: KeyStatus, restartRequired: z.boolean() }) },
  /** Brand-new keys when the old ones cannot be opened (master key lost): everyone signs in again. */
  'keys.reset': { input: z.object({ confirm: z.literal(true) }).strict(), output: z.object({ status: KeyStatus, restartRequired: z.boolean() }) },

  'clients.list': {
    input: z.object({ query: z.string().max(100).optional(), kind: ClientKind.optional(), cursor: Cursor.optional(), limit: Limit }).strict(),
    output: page(Client),
  },
  'clients.get': { input: ClientId, output: Client },
  'clients.create': {
    input: z.object({ kind: ClientKind, public: z.boolean().optional(), ...ClientFields }).strict(),
    /** `clientSecret` is present for confidential clients and shown exactly once. */
    output: z.object({ client: Client, clientSecret: z.string().nullable() }),
  },
  'clients.update': {
    input: z
      .object({
        clientId: z.string().min(1).max(128),
        name: ClientFields.name.optional(),
        grants: ClientFields.grants,
        redirectUris: z.array(RedirectUri).max(20).optional(),
        postLogoutRedirectUris: z.array(PostLogoutRedirectUri).max(20).optional(),
        /** null removes it. */
        backchannelLogoutUri: BackchannelLogoutUri.nullable().optional(),
        scopes: z.array(ScopeName).max(100).optional(),
        accessTokenTtl: TtlSeconds.optional(),
        refreshTokenTtl: TtlSeconds.optional(),
        firstParty: z.boolean().optional(),
        disabled: z.boolean().optional(),
      })
      .strict(),
    output: Client,
  },
  'clients.rotateSecret': { input: ClientId, output: z.object({ clientId: z.string(), clientSecret: z.string() }) },
  'clients.delete': { input: ClientId, output: z.object({ deleted: z.literal(true) }) },

  'tokens.list': {
    input: z
      .object({
        clientId: z.string().max(128).optional(),
        userId: z.string().max(128).optional(),
        type: TokenType.optional(),
        sort: z.enum(['issued', 'expires']).default('issued'),
        order: z.enum(['asc', 'desc']).default('desc'),
        cursor: Cursor.optional(),
        limit: Limit,
      })
      .strict(),
    output: page(Token),
  },
  'tokens.count': {
    input: z.object({ clientId: z.string().max(128).optional(), userId: z.string().max(128).optional(), type: TokenType.optional() }).strict().default({}),
    output: z.object({ count: z.int() }),
  },
  'tokens.revoke': { input: z.object({ ids: z.array(z.string().min(1).max(128)).min(1).max(500) }).strict(), output: z.object({ revoked: z.int() }) },
  'tokens.revokeByClient': { input: ClientId, output: z.object({ revoked: z.int() }) },
  'tokens.revokeByUser': { input: UserId, output: z.object({ revoked: z.int() }) },

  'devices.pending': { input: Empty, output: z.array(DeviceRequest) },
  /**
   * Decides a pending device request as its user would: approve gives the device a grant for
   * `username` (scopes: requested ∩ client's ∩ the user's roles); deny makes its polling end in
   * access_denied. Needs the running hub.
   */
  'devices.decide': {
    input: z
      .object({
        userCode: z.string().trim().min(1, 'enter the code the device shows').max(64),
        decision: DeviceDecision,
        username: Username.optional(),
      })
      .strict()
      .refine((input) => input.decision === 'deny' || input.username !== undefined, { message: 'choose the user whose account the device gets', path: ['username'] }),
    output: z.object({
      clientId: z.string(),
      clientName: z.string().nullable(),
      userCode: z.string(),
      decision: DeviceDecision,
      username: z.string().nullable(),
      /** What the device gets; empty when denied. */
      scope: z.string(),
    }),
  },

  'audit.list': {
    input: z
      .object({ type: EventType.optional(), clientId: z.string().max(128).optional(), subject: z.string().max(128).optional(), cursor: Cursor.optional(), limit: Limit })
      .strict(),
    output: page(HubEvent),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export const OPERATION_NAMES = Object.keys(contract) as OperationName[];
export type OperationInput<K extends OperationName> = z.input<Contract[K]['input']>;
export type OperationParsedInput<K extends OperationName> = z.output<Contract[K]['input']>;
export type OperationOutput<K extends OperationName> = z.output<Contract[K]['output']>;

// ---------------------------------------------------------------- results and errors

export const ERROR_CODES = ['invalid_input', 'not_found', 'conflict', 'forbidden', 'unauthorized', 'internal'] as const;
export const AdminErrorCode = z.enum(ERROR_CODES);
export type AdminErrorCode = z.infer<typeof AdminErrorCode>;

export const AdminError = z.object({
  code: AdminErrorCode,
  /** One sentence that says what is wrong and what to do. */
  message: z.string(),
  /** Per-field problems for forms, keyed by dotted path. */
  fields: z.record(z.string(), z.string()).optional(),
});
export type AdminError = z.infer<typeof AdminError>;

export type AdminResult<T> = { ok: true; value: T } | { ok: false; error: AdminError };

/** Every transport offers exactly this: one typed call per operation, plus the live event stream. */
export type AdminApi = {
  call<K extends OperationName>(operation: K, input: OperationInput<K>): Promise<AdminResult<OperationOutput<K>>>;
  subscribe(listener: (event: HubEvent) => void): () => void;
};

/** Turns zod issues into the field map forms show. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Validates an operation's input; the one place every transport and the service agree on. */
export function parseInput<K extends OperationName>(
  operation: K,
  input: unknown,
): { ok: true; value: OperationParsedInput<K> } | { ok: false; error: AdminError } {
  const schema = contract[operation]?.input as z.ZodType | undefined;
  if (!schema) return { ok: false, error: { code: 'not_found', message: `There is no admin operation named "${String(operation)}".` } };
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as OperationParsedInput<K> };
  const fields = fieldErrors(parsed.error);
  const [first] = Object.entries(fields);
  const message = first ? `${first[0] === '_' ? 'Input' : first[0]}: ${first[1]}` : 'The input is not valid.';
  return { ok: false, error: { code: 'invalid_input', message, fields } };
}
