// The desktop app's own settings and what its Settings screen sees, shared by the Electron
// main process (which stores and applies them) and the console (which edits them). Only
// the desktop app has these: in a browser the hub's address is `lanyard serve`'s flags.
import { z } from 'zod';
import type { AdminResult } from './admin-contract.ts';

/**
 * Where the desktop hub listens: on this computer only; on the LAN over HTTPS; or on the
 * LAN over plain HTTP, which needs `insecureHttp` — the same explicit consent as
 * `lanyard serve --insecure-http`.
 */
const LISTEN_MODES = ['loopback', 'lan-https', 'lan-http'] as const;

/** What closing the window does: keep serving in the background, quit, or ask (the Linux default: a tray may not show). */
const CLOSE_ACTIONS = ['ask', 'hide', 'quit'] as const;

const FilePath = z.string().trim().min(1, 'Give a path.').max(4096);

export const DesktopSettings = z
  .object({
    listen: z.enum(LISTEN_MODES),
    /** `lan-https` only: the operator's own PEM certificate and key; null lets the hub generate one. */
    certificate: z.object({ certFile: FilePath, keyFile: FilePath }).strict().nullable(),
    /** `lan-http` only: the operator accepts that passwords and tokens cross the LAN readable. */
    insecureHttp: z.boolean(),
    /** The hub's data folder; null means the `lanyard` CLI's ($LANYARD_DATA, else the OS's). */
    dataDir: FilePath.nullable(),
    closeAction: z.enum(CLOSE_ACTIONS),
  })
  .strict();
export type DesktopSettings = z.infer<typeof DesktopSettings>;

export type HubStateView =
  | { state: 'stopped' | 'starting' }
  | { state: 'running'; url: string; issuer: string }
  | { state: 'restarting'; reason: string }
  | { state: 'failed'; reason: string; deterministic: boolean };

/** What the console's Settings screen shows about the desktop app. */
export interface DesktopView {
  settings: DesktopSettings;
  /** The settings the hub last ran with, if they differ from `settings` (the way back after a failure). */
  lastWorking: DesktopSettings | null;
  hub: HubStateView;
  /** The data folder in use, and the CLI's (what `dataDir: null` means). */
  dataDir: string;
  cliDataDir: string;
  /** Where the main process's and the hub's log files are. */
  logsDir: string;
}

export type DesktopResult<T = DesktopView> = AdminResult<T>;
