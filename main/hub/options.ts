// Where the hub keeps its data and how it is reached, from flags, environment and settings.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from '../../shared/admin-contract.ts';
import { DEFAULT_ACCESS_TOKEN_TTL, DEFAULT_REFRESH_TOKEN_TTL } from './domain/lifetimes.ts';

export const APP_NAME = 'Lanyard';
/** Smartenit's SDK probes local gateways on 54443 (and 443, 54444), so that is our default. */
export const DEFAULT_PORT = 54443;

export const DEFAULT_SETTINGS: Settings = {
  host: '127.0.0.1',
  port: DEFAULT_PORT,
  issuer: null,
  defaultAccessTokenTtl: DEFAULT_ACCESS_TOKEN_TTL,
  defaultRefreshTokenTtl: DEFAULT_REFRESH_TOKEN_TTL,
  defaultApplicationRole: null,
  backupIntervalHours: 24,
  backupKeep: 7,
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
