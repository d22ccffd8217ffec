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

/**
 * Grants a pairing may let a device register itself for. No password grant (a device must not
 * collect people's passwords) and no implicit flow (nothing new should use it).
 */
export const PAIRING_GRANTS = ['authorization_code', 'refresh_token', 'device_code', 'client_credentials'] as const satisfies readonly GrantName[];
const PairingGrant = z.enum(PAIRING_GRANTS);

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
export const PostLogoutRedirectUri = browserTarget('a post-logout redirect URI');
/** Where a client hears that a user signed out (OpenID Back-Channel Logout 1.0 §2.2): a web URI. */
export const BackchannelLogoutUri = z.string().max(2048).refine((value) => {
  const url = URL.parse(value);
  return url !== null && !url.hash && (url.protocol === 'http:' || url.protocol === 'https:');
}, 'a back-channel logout URI must be an absolute http:// or https:// URI without a fragment');
/** Seconds; one minute to one year. */
export const TtlSeconds = z.int().min(60, 'a lifetime is at least 60 seconds').max(31_536_000, 'a lifetime is at most one year (31536000 seconds)');

const Iso = z.string(); // ISO-8601 timestamps, UTC
const Cursor = z.string().max(512);
const Limit = z.int().min(1).max(500).default(50);

const page = <T extends z.ZodType>(item: T) =>
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

/** Which second factors a user has set up (never the secrets). */
export const SecondFactors = z.object({ totp: z.boolean(), passkeys: z.int() });
export type SecondFactors = z.infer<typeof SecondFactors>;

export const User = z.object({
  id: z.string(),
  username: Username,
  roles: z.array(RoleName),
  disabled: z.boolean(),
  createdAt: Iso,
  updatedAt: Iso,
  lastLoginAt: Iso.nullable(),
  secondFactors: SecondFactors,
  /** A guest's account ends then: no sign-in, and every token of theirs stops working. */
  expiresAt: Iso.nullable().optional(),
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
  /** The password grant keeps working for users with a second factor (it cannot ask for one): weaker, off unless chosen. */
  passwordWithSecondFactor: z.boolean(),
  disabled: z.boolean(),
  createdAt: Iso,
  updatedAt: Iso,
  lastSeenAt: Iso.nullable(),
  liveTokens: z.int(),
  /** The pairing a device registered itself with (RFC 7591); null for clients an operator made. */
  pairing: z.object({ id: z.string(), name: z.string() }).nullable().optional(),
  /** Registered through a pairing that needs an operator's approval, not yet approved: no tokens. */
  pendingApproval: z.boolean().optional(),
});
export type Client = z.infer<typeof Client>;

const PAIRING_STATES = ['active', 'used', 'expired', 'revoked'] as const;

/** An operator's permission for devices to register themselves (zero-touch, RFC 7591). */
export const Pairing = z.object({
  id: z.string(),
  name: z.string(),
  /** The most a device registering with it may hold. */
  grants: z.array(GrantName),
  scopes: z.array(ScopeName),
  usesAllowed: z.int(),
  uses: z.int(),
  requiresApproval: z.boolean(),
  expiresAt: Iso,
  revokedAt: Iso.nullable(),
  createdAt: Iso,
  state: z.enum(PAIRING_STATES),
});
export type Pairing = z.infer<typeof Pairing>;

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
  /** A personal access token's name; null for every other token. */
  name: z.string().nullable(),
});
export type Token = z.infer<typeof Token>;

/** A personal access token's name, as its owner chose it. */
export const PersonalTokenName = z.string().trim().min(1, 'a personal access token needs a name').max(100, 'a name has at most 100 characters');
/** Seconds until a personal access token expires: an hour to five years, or null for never. */
export const PersonalTokenLifetime = z.int().min(3600, 'a personal access token lives at least an hour').max(5 * 31_536_000, 'a personal access token lives at most five years; choose no expiry instead').nullable();

/** A personal access token as its owner and operators see it; `id` is the live-token handle. */
export const PersonalToken = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.string(),
  createdAt: Iso,
  /** null: it never expires. */
  expiresAt: Iso.nullable(),
  lastUsedAt: Iso.nullable(),
  /** Who created it: the user themself (`account`), `cli`, or `admin:<username>`. */
  createdBy: z.string(),
});
export type PersonalToken = z.infer<typeof PersonalToken>;
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
  /**
   * Roles whose users must sign in with a second factor (an authenticator app or a passkey).
   * For the admin role it applies once any admin has set one up (see domain/factors.ts).
   */
  secondFactorRoles: z.array(RoleName).max(50),
  /** Hours between automatic backups into <data>/backups/; 0 turns them off. */
  backupIntervalHours: z.int().min(0).max(24 * 366),
  /** How many automatic backups are kept; older ones are deleted. */
  backupKeep: z.int().min(1).max(1000),
  /** Advertise the hub on the LAN over DNS-SD/mDNS (`_lanyard._tcp`); loopback-only hubs never do. */
  mdns: z.boolean(),
  limits: Limits,
});
export type Settings = z.infer<typeof Settings>;

/** A backup file in the hub's backups folder. `name` is all the operations take: never a path. */
const BackupName = z.string().regex(/^lanyard-(auto|manual|upload)-[0-9TZ-]+\.db(\.enc)?$/, 'a backup name as the list shows it, e.g. lanyard-auto-2026-01-31T03-00-00Z.db');
export const BackupInfo = z.object({
  name: BackupName,
  /** auto: the schedule's; manual: "back up now" or `lanyard backup`; upload: a file sent to the console. */
  kind: z.enum(['auto', 'manual', 'upload']),
  createdAt: Iso,
  size: z.int(),
  /** Encrypted with a passphrase; such a backup also carries the key that opens the hub's keys. */
  encrypted: z.boolean(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;

export const BackupStatus = z.object({
  /** Hours between automatic backups; 0: off. */
  intervalHours: z.int(),
  keep: z.int(),
  last: BackupInfo.nullable(),
  /** The last automatic backup's failure, when none succeeded since. */
  lastError: z.object({ at: Iso, message: z.string() }).nullable(),
  /** One sentence when backups need the operator's attention (failed, or older than two intervals). */
  warning: z.string().nullable(),
});
export type BackupStatus = z.infer<typeof BackupStatus>;
/** Typed by the operator to confirm a restore, which replaces everything the hub holds. */
export const RESTORE_CONFIRMATION = 'restore';
/** Bytes per `backups.upload` chunk: its base64 stays under the console API's 256 KiB body limit. */
export const UPLOAD_CHUNK_BYTES = 160 * 1024;

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
  backups: BackupStatus,
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

const DEVICE_DECISIONS = ['approve', 'deny'] as const;
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
  'backup.created',
  'backup.deleted',
  'backup.failed',
  'backup.restored',
  'user.unlocked',
  'keys.rotated',
  'pairing.changed',
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

/** When a guest's account ends: an ISO-8601 time with its offset (null: never). */
const ExpiresAt = z.iso.datetime({ offset: true });

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
  passwordWithSecondFactor: z.boolean().optional(),
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
    input: z.object({ username: Username, password: Password, roles: z.array(RoleName).max(50).default([]), expiresAt: ExpiresAt.optional() }).strict(),
    output: User,
  },
  'users.update': {
    input: z.object({ id: z.string().min(1).max(128), roles: z.array(RoleName).max(50).optional(), disabled: z.boolean().optional(), expiresAt: ExpiresAt.nullable().optional() }).strict(),
    output: User,
  },
  'users.setPassword': {
    input: z.object({ id: z.string().min(1).max(128), password: Password }).strict(),
    output: User,
  },
  'users.delete': { input: UserId, output: z.object({ deleted: z.literal(true) }) },
  /** Guests whose account ends within `withinSeconds` (or has ended), soonest first: the dashboard's upcoming expiries. */
  'users.expiring': {
    input: z.object({ withinSeconds: z.int().min(60).max(365 * 86_400).default(7 * 86_400) }).strict().default({ withinSeconds: 7 * 86_400 }),
    output: z.array(User),
  },
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

  /** Removes a user's authenticator app, passkeys and recovery codes (they lost them); audited. */
  'users.resetSecondFactors': { input: UserId, output: User },

  'personalTokens.list': { input: z.object({ userId: z.string().min(1).max(128) }).strict(), output: z.array(PersonalToken) },
  /**
   * Creates a personal access token for a user, with some of the scopes the user's roles hold
   * now. `token` is the bearer value, shown exactly once. Revoke it with tokens.revoke.
   */
  'personalTokens.create': {
    input: z.object({ userId: z.string().min(1).max(128), name: PersonalTokenName, scopes: z.array(ScopeName).min(1, 'choose at least one scope').max(200), expiresIn: PersonalTokenLifetime }).strict(),
    output: z.object({ id: z.string(), token: z.string(), name: z.string(), scope: z.string(), expiresAt: Iso.nullable() }),
  },

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
        passwordWithSecondFactor: z.boolean().optional(),
        disabled: z.boolean().optional(),
      })
      .strict(),
    output: Client,
  },
  'clients.rotateSecret': { input: ClientId, output: z.object({ clientId: z.string(), clientSecret: z.string() }) },
  'clients.delete': { input: ClientId, output: z.object({ deleted: z.literal(true) }) },

  /**
   * A pairing: the initial access token (shown once) a device registers itself with, and the
   * pairing string carrying it with the issuer and the certificate fingerprint to pin.
   */
  'pairings.create': {
    input: z
      .object({
        name: z.string().trim().min(1, 'a pairing needs a name').max(100).default('Device pairing'),
        grants: z.array(PairingGrant).min(1, 'choose at least one grant').default(['client_credentials']),
        scopes: z.array(ScopeName).max(100).default([]),
        uses: z.int().min(1, 'a pairing admits at least one device').max(1000, 'a pairing admits at most 1000 devices').default(1),
        expiresInSeconds: z.int().min(60, 'a pairing lasts at least 60 seconds').max(30 * 86_400, 'a pairing lasts at most 30 days').default(15 * 60),
        requiresApproval: z.boolean().default(false),
      })
      .strict(),
    output: z.object({
      pairing: Pairing,
      initialAccessToken: z.string(),
      registrationEndpoint: z.string(),
      issuer: z.string(),
      /** The certificate's SHA-256 fingerprint (AB:CD:…); null on plain HTTP. */
      fingerprint: z.string().nullable(),
      /** lanyard-pair://v1?… — README "Adding a device" describes it. */
      pairingUri: z.string(),
    }),
  },
  'pairings.list': { input: Empty, output: z.array(Pairing) },
  'pairings.revoke': { input: z.object({ id: z.string().min(1).max(128) }).strict(), output: Pairing },
  /** Lets a device registered through an approval-required pairing get tokens. */
  'clients.approve': { input: ClientId, output: Client },

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

  'backups.list': { input: Empty, output: z.object({ folder: z.string(), items: z.array(BackupInfo), status: BackupStatus }) },
  /** A backup into the backups folder now; with a passphrase it is encrypted and carries the key of the hub's keys. */
  'backups.create': {
    input: z.object({ passphrase: z.string().min(12, 'a backup passphrase needs at least 12 characters').max(1024).optional() }).strict().default({}),
    output: z.object({ backup: BackupInfo, sha256: z.string(), carriesKeys: z.boolean() }),
  },
  /** Up to 1 MiB of a backup file from `offset`, base64: the console downloads in chunks over any transport. */
  'backups.read': {
    input: z.object({ name: BackupName, offset: z.int().min(0).default(0) }).strict(),
    output: z.object({ data: z.base64(), size: z.int(), done: z.boolean() }),
  },
  /** Sends a backup file to the hub in order, one chunk per call; the first call has no uploadId. */
  'backups.upload': {
    input: z.object({ uploadId: z.string().max(64).optional(), offset: z.int().min(0), data: z.base64().max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4), done: z.boolean() }).strict(),
    output: z.object({ uploadId: z.string(), received: z.int(), backup: BackupInfo.nullable() }),
  },
  'backups.delete': { input: z.object({ name: BackupName }).strict(), output: z.object({ deleted: z.literal(true) }) },
  /**
   * Checks the backup and restarts the hub on it: every client, user and token of the backup
   * works again, and what changed since is gone. Needs a hub that can restart itself.
   */
  'backups.restore': {
    input: z
      .object({
        name: BackupName,
        passphrase: z.string().max(1024).optional(),
        confirm: z.string().refine((value) => value.trim().toLowerCase() === RESTORE_CONFIRMATION, `type "${RESTORE_CONFIRMATION}" to confirm`),
      })
      .strict(),
    output: z.object({
      /** kept: this machine's key opens the restored keys; carried: the backup brought its key; new: new keys were made (sessions end, JWKS changes). */
      keys: z.enum(['kept', 'carried', 'new']),
      /** Users whose authenticator app the restored hub cannot check (new keys): they sign in with a recovery code or passkey and set it up again. */
      unreadableAuthenticators: z.int().nonnegative(),
      schemaVersion: z.int(),
      restarting: z.literal(true),
    }),
  },

  'audit.list': {
    input: z
      .object({ type: EventType.optional(), clientId: z.string().max(128).optional(), subject: z.string().max(128).optional(), cursor: Cursor.optional(), limit: Limit })
      .strict(),
    output: page(HubEvent),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

type Contract = typeof contract;
export type OperationName = keyof Contract;
export const OPERATION_NAMES = Object.keys(contract) as OperationName[];
export type OperationInput<K extends OperationName> = z.input<Contract[K]['input']>;
export type OperationParsedInput<K extends OperationName> = z.output<Contract[K]['input']>;
export type OperationOutput<K extends OperationName> = z.output<Contract[K]['output']>;

// ---------------------------------------------------------------- results and errors

const ERROR_CODES = ['invalid_input', 'not_found', 'conflict', 'forbidden', 'unauthorized', 'internal'] as const;
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
