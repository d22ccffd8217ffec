// How the hub is started: the start options declared once (zod), where it keeps its data,
// and the defaults of its stored settings. `lanyard serve`, the desktop app's hub process
// and the tests all build these options; the desktop sends them to its hub child as JSON.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ADMIN_ROLE, DEFAULT_LIMITS, Limits, type Settings } from '../../shared/admin-contract.ts';
import { DEFAULT_ACCESS_TOKEN_TTL, DEFAULT_REFRESH_TOKEN_TTL } from './domain/lifetimes.ts';
import type { Logger } from './log.ts';
import { KeySource } from './security/keyring.ts';

const APP_NAME = 'Lanyard';
/** Smartenit's SDK probes local gateways on 54443 (and 443, 54444), so that is our default. */
const DEFAULT_PORT = 54443;

export const DEFAULT_SETTINGS: Settings = {
  host: '127.0.0.1',
  port: DEFAULT_PORT,
  issuer: null,
  defaultAccessTokenTtl: DEFAULT_ACCESS_TOKEN_TTL,
  defaultRefreshTokenTtl: DEFAULT_REFRESH_TOKEN_TTL,
  defaultApplicationRole: null,
  // Admins: once any admin has set up a second factor (domain/factors.ts explains why).
  secondFactorRoles: [ADMIN_ROLE],
  backupIntervalHours: 24,
  backupKeep: 7,
  mdns: true,
  limits: DEFAULT_LIMITS,
};

/** HTTPS with a self-signed certificate the hub generates (and renews), or the operator's own PEM files. */
export const TlsOption = z.union([z.literal('generated'), z.object({ certFile: z.string().min(1), keyFile: z.string().min(1) }).strict()]);
export type TlsOption = z.infer<typeof TlsOption>;

/** Everything a hub is started with that can cross a process boundary (the desktop's start message). */
export const HubStartOptions = z
  .object({
    dataDir: z.string().min(1),
    /** Override the stored settings for this run. */
    host: z.string().min(1).max(255).optional(),
    port: z.int().min(0).max(65535).optional(),
    issuer: z.url().optional(),
    /** Serve HTTPS; without it the hub serves plain HTTP (loopback only, unless `insecureHttp`). */
    tls: TlsOption.optional(),
    /** Allow plain HTTP on a non-loopback address (warned about everywhere). */
    insecureHttp: z.boolean().optional(),
    /** The built console (dist/renderer); found next to the checkout when not given. */
    consoleDir: z.string().min(1).optional(),
    /** The bundled passkey script (dist/passkeys/passkeys.js); found next to the checkout when not given. */
    passkeyScript: z.string().min(1).optional(),
    /** Seconds a device waits between polls of the device flow (RFC 8628 `interval`); default 5. */
    devicePollInterval: z.int().min(1).max(3600).optional(),
    purgeIntervalMs: z.int().min(1).optional(),
    /** Overrides the stored limits for this run (tests size them down). */
    limits: Limits.partial().strict().optional(),
    /** Where the master key comes from (security/keyring.ts); default: the key file in the data directory. */
    keySource: KeySource.optional(),
    /** Write the hub's log to this file, rotated by size (used when no `logger` is given). */
    logFile: z.string().min(1).optional(),
    /** When automatic backups first look whether one is due, and how often after (ms). */
    backupSchedule: z.object({ firstCheckMs: z.int().min(0).optional(), checkEveryMs: z.int().min(1).optional() }).strict().optional(),
    /** Advertise over DNS-SD/mDNS (false: --no-mdns); default: the `mdns` setting. */
    mdns: z.boolean().optional(),
    /** How often the TLS certificate is checked for renewal (ms); default daily (tests size it down). */
    certificateCheckMs: z.int().min(100).optional(),
  })
  .strict();
export type HubStartOptions = z.infer<typeof HubStartOptions>;

/** What createHub takes: the start options plus what cannot be serialised. */
export type HubOptions = HubStartOptions & {
  logger?: Logger | undefined;
  /**
   * Called when the hub must restart to take a restore from the console: the host closes this hub
   * and creates it again with the same options (createHub swaps the restored database in first).
   * Without it the hub refuses such restores and the operator uses `lanyard restore`.
   */
  onRestartRequested?: (() => void) | undefined;
};

/** The OS's per-user application-data folder for Lanyard. */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'lanyard');
}

/** `--data DIR`, else `LANYARD_DATA`, else the OS's application-data folder. */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.LANYARD_DATA || defaultDataDir(process.platform, env);
}
