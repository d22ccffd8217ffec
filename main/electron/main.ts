// Lanyard desktop: the Electron main process. It composes the shell's parts — the hub in a
// utility process, the console in a locked-down window, the tray, the desktop settings, the
// logs, and the ways the app ends — and decides nothing itself. Closing the window keeps the
// hub serving LAN devices (or quits, or asks: a desktop setting) until Quit stops it cleanly.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, powerSaveBlocker, safeStorage, shell, type BrowserWindow } from 'electron';
import { z } from 'zod';
import { resolveDataDir } from '../hub/options.ts';
import { appNapGuard } from './app-nap.ts';
import { recoverFromCrashes } from './crashes.ts';
import { createDesktopController } from './desktop-controller.ts';
import { openDesktopSettings } from './desktop-settings.ts';
import { askAfterHubFailure, askOnClose, showError } from './dialogs.ts';
import { createHubProcess } from './hub-process.ts';
import { describeHubState, type HubState, type HubSupervisor } from './hub-supervisor.ts';
import type { HubStartOptions } from './hub-types.ts';
import { registerAdminIpc, registerDesktopIpc, sendDesktopView, sendHubEvent } from './ipc.ts';
import { keychainProtection } from './keychain.ts';
import { desktopKeySource } from './master-key.ts';
import { installQuitPath, quitOnSignals, quitOnSystemShutdown, stopHubOnSessionEnd } from './lifecycle.ts';
import { hubStartOptions, type StartContext } from './listen.ts';
import { createMainLog, describeError } from './main-log.ts';
import { installApplicationMenu } from './menu.ts';
import { desktopProfileDir } from './paths.ts';
import { createTray, trayImage, type LanyardTray } from './tray.ts';
import { consoleEntryUrl, createConsoleWindow, hardenWebContents, registerAppScheme, serveConsole } from './window.ts';
import { openWindowState } from './window-state.ts';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/electron
const files = {
  preload: path.join(here, 'preload.cjs'),
  hubEntry: path.join(here, 'hub-entry.mjs'),
  renderer: path.join(here, '..', 'renderer'),
  passkeyScript: path.join(here, '..', 'passkeys', 'passkeys.js'),
  icon: path.join(here, 'assets', 'icon.png'),
  assets: path.join(here, 'assets'),
};

// Development and test overrides; the packaged app needs none of them.
const Env = z.object({
  LANYARD_USER_DATA_DIR: z.string().min(1).optional(),
  LANYARD_HUB_HOST: z.string().min(1).max(255).optional(),
  LANYARD_HUB_PORT: z.coerce.number().int().min(0).max(65535).optional(),
});
// An empty variable counts as unset (`LANYARD_USER_DATA_DIR= lanyard-desktop`).
const env = Env.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')));

// Folders first: `userData` cannot move once the app is ready. The name is the product's whether
// packaged or run from the repository (where package.json says "lanyard"): macOS names the log
// folder and the app menu after it.
app.setName('Lanyard');
const profileDir = env.data?.LANYARD_USER_DATA_DIR ? path.resolve(env.data.LANYARD_USER_DATA_DIR) : desktopProfileDir(app.getPath('appData'));
app.setPath('userData', profileDir);
// Windows and Linux: <profile>/logs; macOS: ~/Library/Logs/<name> (an override keeps them in the override).
if (env.data?.LANYARD_USER_DATA_DIR) app.setAppLogsPath(path.join(profileDir, 'logs'));
else app.setAppLogsPath();
const logsDir = app.getPath('logs');
const mainLog = createMainLog(logsDir, !app.isPackaged);
const log = mainLog.log;

app.enableSandbox(); // every renderer sandboxed, whatever its webPreferences say
registerAppScheme();
hardenWebContents();

if (!env.success) {
  const problem = `Invalid development setting: ${env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
  log.error(problem);
  showError('Lanyard could not start', problem, log.where());
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  // Another Lanyard owns this profile (and the hub's port); it shows its window on second-instance.
  app.quit();
} else {
  // Not awaited: `ready` is only emitted once this entry module has finished evaluating, so a
  // top-level await on whenReady() would hang the app (electron/electron#41369).
  startDesktop(env.data).catch((error: unknown) => {
    log.error('startup failed', error);
    showError('Lanyard could not start', describeError(error).split('\n')[0] ?? 'Unknown error', log.where());
    app.exit(1);
  });
}

/** The start options with the master key from the OS keychain, where there is one (read after app ready). */
function withKeychainKey(options: HubStartOptions): HubStartOptions {
  const keySource = desktopKeySource(keychainProtection(safeStorage), safeStorage, options.dataDir);
  return keySource ? { ...options, keySource } : options;
}

/** The shell's parts and what it knows about its window, its tray and its start-up. */
type Desktop = {
  settings: ReturnType<typeof openDesktopSettings>;
  windowState: ReturnType<typeof openWindowState>;
  hub: HubSupervisor;
  controller: ReturnType<typeof createDesktopController>;
  quit: ReturnType<typeof installQuitPath>;
  appNap: ReturnType<typeof appNapGuard>;
  win: BrowserWindow | null;
  tray: LanyardTray | null;
  /** `ready` has fired; before it, a request to show the console waits (showWhenReady). */
  ready: boolean;
  showWhenReady: boolean;
  /** The way-back dialog is open. */
  offering: boolean;
};

/** Wires everything; listeners that must not miss an early event are registered before `ready`. */
async function startDesktop(overrides: z.infer<typeof Env>): Promise<void> {
  const settings = openDesktopSettings(profileDir);
  const context: StartContext = {
    cliDataDir: resolveDataDir(), // the `lanyard` CLI's folder, unless the desktop settings name another
    consoleDir: files.renderer,
    passkeyScript: files.passkeyScript,
    logFile: path.join(logsDir, 'hub.log'),
    host: overrides.LANYARD_HUB_HOST,
    port: overrides.LANYARD_HUB_PORT,
  };
  const hub = createHubProcess(files.hubEntry, {
    startOptions: () => withKeychainKey(hubStartOptions(settings.read(), context)),
    onState: (state) => onHubState(desktop, state),
    onEvent: (event) => sendHubEvent(desktop.win, event),
    log: (message) => log.info(message),
  });
  const desktop: Desktop = {
    settings,
    windowState: openWindowState(profileDir),
    hub,
    controller: createDesktopController({ store: settings, hub, context, logsDir, openPath: (dir) => shell.openPath(dir), log: (message) => log.info(message) }),
    quit: installQuitPath(hub, log, () => desktop.tray?.destroy()),
    appNap: appNapGuard(powerSaveBlocker),
    win: null,
    tray: null,
    ready: false,
    showWhenReady: false,
    offering: false,
  };
  quitOnSignals(log);
  app.on('second-instance', () => showConsole(desktop));
  app.on('activate', () => showConsole(desktop)); // macOS dock click
  app.on('window-all-closed', () => {}); // never quit because a window went away

  await mainLog.open();
  log.info(`Lanyard desktop ${app.getVersion()} starting (profile ${profileDir}, logs ${logsDir})`);
  await app.whenReady();
  desktop.ready = true;
  serveAfterReady(desktop);
  await openShell(desktop);
}

/** What needs the app ready: the menu, the console's files, IPC, crash recovery, the keychain's presence. */
function serveAfterReady(desktop: Desktop): void {
  installApplicationMenu(app.isPackaged);
  serveConsole(files.renderer);
  registerAdminIpc({ relay: (op, input) => desktop.hub.call(op, input), window: () => desktop.win, log: (message) => log.info(message) });
  registerDesktopIpc({ controller: desktop.controller, window: () => desktop.win, log: (message) => log.info(message) });
  recoverFromCrashes(() => desktop.win, log, (reason) => showError('Lanyard', reason, log.where()));
  quitOnSystemShutdown(log);
  const keys = keychainProtection(safeStorage); // where the hub's master key is kept (see master-key.ts)
  log.info(keys.kind === 'keychain' ? `OS keychain available (${keys.backend})` : `no OS keychain: ${keys.why}`);
}

/** Starts the hub, opens the console window and the tray, and waits for the hub's first state. */
async function openShell(desktop: Desktop): Promise<void> {
  const { hub } = desktop;
  const started = hub.start();
  desktop.win = openWindow(desktop);
  desktop.tray = createTray(
    trayImage(files.assets),
    { openConsole: () => showConsole(desktop), restartHub: () => void hub.restart(), openLogs: () => void shell.openPath(logsDir), quit: () => app.quit() },
    describeHubState(hub.state),
  );
  if (desktop.showWhenReady) showConsole(desktop);
  const state = await started;
  if (state.state === 'failed') log.error(`the hub could not start; the console will show errors until it is restarted (${state.reason})`);
}

/** Shows the console (opening a window if none is left), at `hash` if given. */
function showConsole(desktop: Desktop, hash = ''): void {
  if (!desktop.ready) {
    desktop.showWhenReady = true; // a second launch during start-up
    return;
  }
  if (!desktop.win || desktop.win.isDestroyed()) desktop.win = openWindow(desktop);
  const win = desktop.win;
  if (hash) void win.loadURL(consoleEntryUrl(hash));
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

function openWindow(desktop: Desktop): BrowserWindow {
  const created = createConsoleWindow({ preload: files.preload, state: desktop.windowState, icon: files.icon, devTools: !app.isPackaged });
  created.on('close', (event) => {
    if (desktop.quit.quitting) return;
    event.preventDefault();
    void onClose(desktop, created);
  });
  stopHubOnSessionEnd(created, desktop.quit, desktop.hub, log);
  return created;
}

/** Closing the window hides it, quits, or asks (the desktop setting), remembering the answer if told to. */
async function onClose({ settings }: Desktop, target: BrowserWindow): Promise<void> {
  let action: 'hide' | 'quit' | 'ask' | 'cancel' = settings.read().closeAction;
  if (action === 'ask') {
    const answer = await askOnClose(target);
    if (answer.remember && answer.action !== 'cancel') settings.save({ ...settings.read(), closeAction: answer.action });
    action = answer.action;
  }
  if (action === 'quit') app.quit();
  else if (action === 'hide') target.hide(); // keep serving; the tray (or a second launch) brings it back
}

/** Every hub state reaches the log, the tray, App Nap and the console; a failure offers a way back. */
function onHubState(desktop: Desktop, state: HubState): void {
  const { settings } = desktop;
  log.info(describeHubState(state));
  desktop.tray?.setStatus(describeHubState(state));
  if (state.state === 'running') settings.markWorking();
  desktop.appNap.update(state.state === 'running' && settings.read().listen !== 'loopback');
  sendDesktopView(desktop.win, desktop.controller.view());
  if (state.state === 'failed' && !desktop.quit.quitting) void offerWayBack(desktop, state.reason);
}

/** The hub stopped trying: the settings that last worked, the settings screen, or the logs. */
async function offerWayBack(desktop: Desktop, reason: string): Promise<void> {
  if (desktop.offering || !desktop.ready) return;
  desktop.offering = true;
  try {
    const choice = await askAfterHubFailure(desktop.win, reason, log.where(), desktop.settings.lastWorking() !== null);
    if (choice === 'revert') await desktop.controller.revert();
    if (choice === 'settings') showConsole(desktop, '#/settings');
    if (choice === 'logs') await shell.openPath(logsDir);
  } finally {
    desktop.offering = false;
  }
}
