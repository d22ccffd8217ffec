// Crashed processes are logged and recovered: a console renderer that goes away is reloaded
// (at most MAX_RELOADS a minute, so a page that crashes on load does not loop), a helper
// process that dies (GPU, network, the hub's utility process) is logged with its reason —
// the hub supervisor restarts its own child. Uncaught errors in the main process are logged.
import { app, type BrowserWindow } from 'electron';
import type { MainLog } from './main-log.ts';

const MAX_RELOADS = 3;
const RELOAD_WINDOW_MS = 60_000;

export function recoverFromCrashes(window: () => BrowserWindow | null, log: MainLog, onGaveUp: (reason: string) => void): void {
  let reloads: number[] = [];
  app.on('render-process-gone', (_event, contents, details) => {
    log.error(`a renderer went away: ${details.reason} (exit code ${details.exitCode})`);
    const win = window();
    if (details.reason === 'clean-exit' || !win || win.isDestroyed() || win.webContents !== contents) return;
    const now = Date.now();
    reloads = reloads.filter((at) => now - at < RELOAD_WINDOW_MS);
    if (reloads.length >= MAX_RELOADS) {
      onGaveUp(`The console crashed ${MAX_RELOADS + 1} times within a minute (last: ${details.reason}).`);
      return;
    }
    reloads.push(now);
    log.info('reloading the console');
    contents.reload();
  });
  app.on('child-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    log.error(`the ${details.serviceName ?? details.name ?? details.type} process went away: ${details.reason} (exit code ${details.exitCode})`);
  });
  process.on('uncaughtException', (error) => log.error('uncaught error in the main process', error));
  process.on('unhandledRejection', (error) => log.error('unhandled rejection in the main process', error));
}
