// The configuration document (`lanyard export` / `lanyard import`): scopes, roles, applications,
// settings and optionally users, as YAML. The zod schema is the one definition of the format;
// it names every offending field by its path. Written in a stable order, so two exports of the
// same hub are byte-identical and two hubs diff cleanly. Never a secret: client secrets and
// passwords appear only as the hashes the hub stores.
import { LineCounter, parseDocument, stringify } from 'yaml';
import { z } from 'zod';
import { BackchannelLogoutUri, ClientKind, GRANT_NAMES, GrantName, PostLogoutRedirectUri, RedirectUri, RoleName, ScopeName, Settings, TtlSeconds, Username } from '../../../shared/admin-contract.ts';

export const FORMAT = 'lanyard-config/1';
/** Larger files are refused before parsing: a hub's configuration is far smaller. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** A client id as the hub makes them (hex) or an operator chose them in a file. */
const ClientIdName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a client id is 1–128 letters, digits or . _ - and starts with a letter or digit');
/** SHA-256 of the secret, base64url: what the hub stores (security/secrets.ts). */
const SecretHash = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a secret hash is the 43-character base64url SHA-256 the hub stores, as `lanyard export` writes it');
/** scrypt$N$r$p$salt$key, as security/passwords.ts writes it. */
const PasswordHash = z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/, 'a password hash is scrypt$N$r$p$salt$key, as `lanyard export --include-users` writes it');

const ScopeEntry = z.object({ name: ScopeName, description: z.string().max(200).default('') }).strict();
const RoleEntry = z
  .object({
    name: RoleName,
    description: z.string().max(200).default(''),
    scopes: z.array(ScopeName).max(200).default([]),
    /** Applications holding users:create may give it to the users they create. */
    assignable: z.boolean().default(false),
  })
  .strict();
const ApplicationEntry = z
  .object({
    clientId: ClientIdName,
    name: z.string().trim().min(1, 'an application needs a name').max(100),
    kind: ClientKind,
    public: z.boolean().default(false),
    grants: z.array(GrantName).min(1, 'choose at least one grant'),
    redirectUris: z.array(RedirectUri).max(20).default([]),
    postLogoutRedirectUris: z.array(PostLogoutRedirectUri).max(20).default([]),
    backchannelLogoutUri: BackchannelLogoutUri.nullable().default(null),
    scopes: z.array(ScopeName).max(100).default([]),
    accessTokenTtl: TtlSeconds.optional(),
    refreshTokenTtl: TtlSeconds.optional(),
    firstParty: z.boolean().default(false),
    /** The password grant keeps working for users with a second factor: weaker, off unless chosen. */
    passwordWithSecondFactor: z.boolean().default(false),
    disabled: z.boolean().default(false),
    /** Absent or null on a confidential application: the import makes a secret and prints it once. */
    secretHash: SecretHash.nullable().optional(),
  })
  .strict();
const UserEntry = z
  .object({
    username: Username,
    /** Needed to create the user; an existing user keeps the password they have. */
    passwordHash: PasswordHash.optional(),
    roles: z.array(RoleName).max(50).default([]),
    disabled: z.boolean().default(false),
    /** When the account ends (a guest's); null: never. A past one imports as an account that has ended. */
    expiresAt: z.iso
      .datetime({ offset: true })
      .transform((value) => new Date(Math.floor(Date.parse(value) / 1000) * 1000).toISOString()) // stored to the second, in UTC
      .nullable()
      .default(null),
  })
  .strict();

export const ConfigDocument = z
  .object({
    lanyard: z.literal(FORMAT, `this is not a Lanyard configuration file: its first line must be "lanyard: ${FORMAT}"`),
    settings: Settings.partial().strict().optional(),
    scopes: z.array(ScopeEntry).max(10_000).default([]),
    roles: z.array(RoleEntry).max(10_000).default([]),
    applications: z.array(ApplicationEntry).max(100_000).default([]),
    /** Only in files exported with --include-users; without it, an import leaves users alone. */
    users: z.array(UserEntry).max(100_000).optional(),
  })
  .strict()
  .superRefine((document, context) => {
    const unique = (list: { key: string }[], section: string, field: string) => {
      const seen = new Map<string, number>();
      list.forEach(({ key }, index) => {
        const earlier = seen.get(key.toLowerCase());
        if (earlier !== undefined) context.addIssue({ code: 'custom', path: [section, index, field], message: `"${key}" is listed twice (also at ${section}[${earlier}])` });
        seen.set(key.toLowerCase(), index);
      });
    };
    unique(document.scopes.map((s) => ({ key: s.name })), 'scopes', 'name');
    unique(document.roles.map((r) => ({ key: r.name })), 'roles', 'name');
    unique(document.applications.map((a) => ({ key: a.clientId })), 'applications', 'clientId');
    unique((document.users ?? []).map((u) => ({ key: u.username })), 'users', 'username');
  });
export type ConfigDocument = z.output<typeof ConfigDocument>;
export type RoleEntry = z.output<typeof RoleEntry>;
export type ApplicationEntry = z.output<typeof ApplicationEntry>;
export type UserEntry = z.output<typeof UserEntry>;

export class ConfigError extends Error {
  override name = 'ConfigError';
  /** One line per problem: `line 12, applications[2].redirectUris[0]: …`. */
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.length === 1 ? problems[0]! : `${problems.length} problems:\n  ${problems.join('\n  ')}`);
    this.problems = problems;
  }
}

const byName = <T>(key: (item: T) => string) => (a: T, b: T) => key(a).toLowerCase().localeCompare(key(b).toLowerCase()) || key(a).localeCompare(key(b));
const sorted = (values: readonly string[]) => [...new Set(values)].sort();
const grantOrder = (grants: readonly GrantName[]) => GRANT_NAMES.filter((grant) => grants.includes(grant));

/** The document in its one stable shape: sections, entries, keys and lists in a fixed order. */
export function normalize(document: ConfigDocument): ConfigDocument {
  return {
    lanyard: FORMAT,
    ...(document.settings ? { settings: document.settings } : {}),
    scopes: [...document.scopes].sort(byName((s) => s.name)).map((s) => ({ name: s.name, description: s.description })),
    roles: [...document.roles].sort(byName((r) => r.name)).map((r) => ({ name: r.name, description: r.description, scopes: sorted(r.scopes), assignable: r.assignable })),
    applications: [...document.applications].sort(byName((a) => a.clientId)).map((a) => ({
      clientId: a.clientId,
      name: a.name,
      kind: a.kind,
      public: a.public,
      grants: grantOrder(a.grants),
      redirectUris: sorted(a.redirectUris),
      postLogoutRedirectUris: sorted(a.postLogoutRedirectUris),
      backchannelLogoutUri: a.backchannelLogoutUri,
      scopes: sorted(a.scopes),
      ...(a.accessTokenTtl !== undefined ? { accessTokenTtl: a.accessTokenTtl } : {}),
      ...(a.refreshTokenTtl !== undefined ? { refreshTokenTtl: a.refreshTokenTtl } : {}),
      firstParty: a.firstParty,
      passwordWithSecondFactor: a.passwordWithSecondFactor,
      disabled: a.disabled,
      secretHash: a.secretHash ?? null,
    })),
    ...(document.users
      ? { users: [...document.users].sort(byName((u) => u.username)).map((u) => ({ username: u.username, ...(u.passwordHash ? { passwordHash: u.passwordHash } : {}), roles: sorted(u.roles), disabled: u.disabled, expiresAt: u.expiresAt })) }
      : {}),
  };
}

const SETTINGS_ORDER: (keyof Settings)[] = Object.keys(Settings.shape) as (keyof Settings)[];

export function toYaml(document: ConfigDocument): string {
  const normal = normalize(document);
  const settings = normal.settings && Object.fromEntries(SETTINGS_ORDER.filter((key) => key in normal.settings!).map((key) => [key, normal.settings![key]]));
  const header = [
    '# Lanyard configuration: scopes, roles, applications and settings' + (normal.users ? ', and users with their password hashes.' : '.'),
    '# Apply it to a hub with: lanyard import FILE --dry-run   (then without --dry-run)',
    ...(normal.users ? ['# It holds password hashes: keep it as private as a backup.'] : []),
  ];
  return `${header.join('\n')}\n${stringify({ ...normal, ...(settings ? { settings } : {}) }, { lineWidth: 0, indent: 2 })}`;
}

/** Parses and validates a YAML document; throws ConfigError naming each problem's line and path. */
export function parseConfig(text: string): ConfigDocument {
  if (Buffer.byteLength(text) > MAX_DOCUMENT_BYTES) throw new ConfigError([`the file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; that is not a Lanyard configuration`]);
  const lines = new LineCounter();
  const yaml = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (yaml.errors.length) {
    throw new ConfigError(yaml.errors.slice(0, 10).map((error) => `line ${lines.linePos(error.pos[0]).line}: ${error.message.split('\n')[0]}`));
  }
  const parsed = ConfigDocument.safeParse(yaml.toJS({ maxAliasCount: 100 }));
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.slice(0, 20).map((issue) => {
      const node = yaml.getIn(issue.path as (string | number)[], true) as { range?: [number, number, number] } | undefined;
      const at = node?.range ? `line ${lines.linePos(node.range[0]).line}, ` : '';
      return `${at}${formatPath(issue.path)}: ${issue.message}`;
    }),
  );
}

/** `applications[2].redirectUris[0]`, as people read paths. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '') || '(the document)';
}
