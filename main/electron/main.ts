// Lanyard desktop: the Electron main process. Thin on purpose — it starts the hub in a
// utility process, shows the console in a locked-down window, keeps a tray icon, and relays
// admin calls. Closing the window only hides it: the hub keeps serving LAN devices until
// Quit (tray menu, or the OS's quit) stops the hub cleanly.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, nativeTheme, type BrowserWindow } from 'electron';
import { z } from 'zod';
import { describeHubState } from './hub-supervisor.ts';
import { resolveDataDir } from '../hub/options.ts';
import { createHubProcess } from './hub-process.ts';
import { registerAdminIpc, sendHubEvent } from './ipc.ts';
import { openSettingsStore } from './settings-store.ts';
import { createTray, type LanyardTray } from './tray.ts';
import { createConsoleWindow, hardenWebContents, registerAppScheme, serveConsole } from './window.ts';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/electron
const files = {
  preload: path.join(here, 'preload.cjs'),
  hubEntry: path.join(here, 'hub-entry.mjs'),
  renderer: path.join(here, '..', 'renderer'),
  icon: path.join(here, 'assets', 'icon.png'),
  trayIcon: path.join(here, 'assets', 'tray.png'),
};

// Development and test overrides; the packaged app needs none of them.
const Env = z.object({
  LANYARD_USER_DATA_DIR: z.string().min(1).optional(),
  LANYARD_HUB_HOST: z.string().min(1).max(255).optional(),
  LANYARD_HUB_PORT: z.coerce.number().int().min(0).max(65535).optional(),
});
const env = Env.parse(process.env);
const log = (message: string) => console.error(`[lanyard] ${message}`);

// One profile folder whether packaged (name "Lanyard") or run from the repo (package name "lanyard").
app.setPath('userData', env.LANYARD_USER_DATA_DIR ? path.resolve(env.LANYARD_USER_DATA_DIR) : path.join(app.getPath('appData'), 'Lanyard'));
app.enableSandbox(); // every renderer sandboxed, whatever its webPreferences say
registerAppScheme();
hardenWebContents();

if (!app.requestSingleInstanceLock()) {
  // Another Lanyard owns this profile (and the hub's port); it shows its window on second-instance.
  app.quit();
} else {
  // Not awaited: `ready` is only emitted once this entry module has finished evaluating, so a
  // top-level await on whenReady() would hang the app (electron/electron#41369).
  main().catch((error: unknown) => {
    log(`startup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    app.exit(1);
  });
}

async function main(): Promise<void> {
  let win: BrowserWindow | null = null;
  let tray: LanyardTray | null = null;
  let quitting = false;
  let hubStopped = false;
  let stopping: Promise<void> | null = null;

  const hub = createHubProcess(files.hubEntry, {
    startOptions: {
      // The same folder the `lanyard` CLI uses, so both manage one hub.
      dataDir: resolveDataDir(),
      consoleDir: files.renderer,
      ...(env.LANYARD_HUB_HOST ? { host: env.LANYARD_HUB_HOST } : {}),
      ...(env.LANYARD_HUB_PORT !== undefined ? { port: env.LANYARD_HUB_PORT } : {}),
    },
    onState: (state) => {
      log(describeHubState(state));
      tray?.setStatus(describeHubState(state));
    },
    onEvent: (event) => sendHubEvent(win, event),
    log,
  });

  const showConsole = () => {
    if (!win || win.isDestroyed()) win = openWindow();
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  const openWindow = () => {
    const created = createConsoleWindow({ preload: files.preload, settings, icon: files.icon });
    created.on('close', (event) => {
      if (quitting) return;
      event.preventDefault(); // keep serving; the tray (or a second launch) brings it back
      created.hide();
    });
    return created;
  };

  app.on('window-all-closed', () => {}); // never quit because a window went away
  app.on('before-quit', (event) => {
    quitting = true;
    if (hubStopped) return; // second pass, after the hub has closed: let the quit proceed
    event.preventDefault();
    stopping ??= hub
      .stop()
      .catch((error: unknown) => log(`stopping the hub failed: ${String(error)}`))
      .finally(() => {
        hubStopped = true;
        tray?.destroy();
        app.quit();
      });
  });

  await app.whenReady();
  const settings = openSettingsStore();
  nativeTheme.themeSource = settings.read().theme;
  serveConsole(files.renderer);
  registerAdminIpc({ relay: (op, input) => hub.call(op, input), window: () => win, log });

  const started = hub.start();
  win = openWindow();
  app.on('second-instance', () => showConsole());
  app.on('activate', () => showConsole()); // macOS dock click
  tray = createTray(
    files.trayIcon,
    {
      openConsole: showConsole,
      restartHub: () => void hub.restart(),
      setTheme: (theme) => {
        nativeTheme.themeSource = settings.update({ theme }).theme;
        tray?.setTheme(theme);
      },
      quit: () => app.quit(),
    },
    { status: describeHubState(hub.state), theme: settings.read().theme },
  );
  const state = await started;
  if (state.state === 'failed') log(`the hub could not start; the console will show errors until it is restarted (${state.reason})`);
}
