// Names the two transports agree on, so neither side spells them by hand.
import type { AdminResult, HubEvent, OperationInput, OperationName, OperationOutput } from './admin-contract.ts';
import type { DesktopResult, DesktopSettings, DesktopView } from './desktop.ts';

/** Electron IPC: one `ipcMain.handle` channel per operation. */
export const ipcChannel = (operation: OperationName) => `lanyard:admin:${operation}` as const;
/** Electron IPC: the main process pushes hub events to the window on this channel. */
export const IPC_EVENT_CHANNEL = 'lanyard:event';

/** HTTP: `POST {CONSOLE_API_PREFIX}/{operation}` with the JSON input; answers an AdminResult. */
export const CONSOLE_PATH = '/console';
export const CONSOLE_API_PREFIX = '/console/api';
export const httpOperationPath = (operation: OperationName) => `${CONSOLE_API_PREFIX}/${operation}`;
/** HTTP: server-sent events of the live stream, each `event: <HTTP_EVENT_NAME>` with a HubEvent as data. */
export const HTTP_EVENTS_PATH = `${CONSOLE_API_PREFIX}/events`;
export const HTTP_EVENT_NAME = 'hub';
/** The console's own public OAuth client, created by the hub on first start. */
export const CONSOLE_CLIENT_ID = 'lanyard-console';
export const CONSOLE_SCOPE = 'lanyard:admin';
/** Each user's own page on the hub (password, second factors, tokens); linked from the console. */
export const ACCOUNT_PATH = '/account';
/** The account page's own public OAuth client (it signs users in through the hub's login pages). */
export const ACCOUNT_CLIENT_ID = 'lanyard-account';

/** Electron IPC: the desktop app's own calls (its settings, logs, the hub process), beside the admin contract. */
export const DESKTOP_CHANNELS = {
  get: 'lanyard:desktop:get',
  save: 'lanyard:desktop:save',
  revert: 'lanyard:desktop:revert',
  restartHub: 'lanyard:desktop:restart-hub',
  openLogs: 'lanyard:desktop:open-logs',
} as const;
export type DesktopCall = keyof typeof DESKTOP_CHANNELS;
/** Electron IPC: the main process pushes a fresh DesktopView whenever the hub's state changes. */
export const DESKTOP_STATE_CHANNEL = 'lanyard:desktop:state';

/** The desktop app's part of the bridge: absent in a browser. */
export type DesktopBridge = {
  get(): Promise<DesktopResult>;
  /** Refused with the reason when the hub would refuse it; otherwise stored, and the hub restarts with it. */
  save(settings: DesktopSettings): Promise<DesktopResult>;
  /** Back to the settings the hub last ran with, and restart. */
  revert(): Promise<DesktopResult>;
  restartHub(): Promise<DesktopResult>;
  /** Opens the folder of log files in the OS's file manager. */
  openLogs(): Promise<DesktopResult<{ logsDir: string }>>;
  onState(listener: (view: DesktopView) => void): () => void;
};

/** What the desktop preload exposes to the console as `window[BRIDGE_GLOBAL]`. */
export const BRIDGE_GLOBAL = 'lanyard';
export type LanyardBridge = {
  /** One function per contract operation, keyed by its name. */
  readonly admin: { readonly [K in OperationName]: (input?: OperationInput<K>) => Promise<AdminResult<OperationOutput<K>>> };
  /** Calls `listener` for each hub event; returns the function that stops it. */
  onEvent(listener: (event: HubEvent) => void): () => void;
  readonly desktop?: DesktopBridge;
};
