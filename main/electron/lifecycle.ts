// How the desktop app ends, whoever ends it: Quit (tray, menu, Cmd+Q) and the operating
// system alike go through one quit path that stops the hub cleanly first. The operating system's
// ways are wired to it:
//   - SIGTERM / SIGINT / SIGHUP (macOS, Linux: logout, `kill`, Ctrl+C in a terminal; Electron
//     itself handles them on macOS only, and Linux would otherwise die without a clean stop);
//   - powerMonitor `shutdown` (macOS, Linux: delays the shutdown while the hub closes);
//   - Windows `query-session-end` (shutdown/logoff announced: quit through the clean path now,
//     without blocking the shutdown) and `session-end` (the process may be ended as soon as
//     the handler returns: hold the main thread until the hub's process has exited, bounded).
//     Windows emits no `before-quit` on its own for either.
import { app, powerMonitor, type BrowserWindow } from 'electron';
import type { HubSupervisor } from './hub-supervisor.ts';
import type { MainLog } from './main-log.ts';
import { waitForExitSync } from './process-wait.ts';

/** How long a Windows session end may hold the main thread for the hub to finish closing. */
const SESSION_END_WAIT_MS = 4_000;

export interface QuitPath {
  readonly quitting: boolean;
  /** Starts the clean stop without quitting (Windows session end); resolves when the hub is down. */
  stopHub(): Promise<void>;
}

export function installQuitPath(hub: Pick<HubSupervisor, 'stop'>, log: MainLog, onStopped: () => void): QuitPath {
  let quitting = false;
  let stopped = false;
  let stopping: Promise<void> | null = null;

  const stopHub = () => {
    quitting = true;
    stopping ??= hub
      .stop()
      .catch((error: unknown) => log.error('stopping the hub failed', error))
      .finally(() => {
        stopped = true;
        onStopped();
      });
    return stopping;
  };

  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return; // second pass, after the hub has closed: let the quit proceed
    event.preventDefault();
    void stopHub().then(() => app.quit());
  });

  return {
    get quitting() {
      return quitting;
    },
    stopHub,
  };
}

/** A signalled quit that has not finished by then exits anyway (the hub is killed after 10 s). */
const SIGNAL_QUIT_DEADLINE_MS = 15_000;

/**
 * Signals on macOS and Linux quit through the clean path. Repeats are harmless: atomically
 * (under conf) hooks the same signals and raises them again after its own cleanup, so the
 * handler sees one `kill` twice; a deadline, not a second signal, bounds a stuck quit.
 */
export function quitOnSignals(log: MainLog): void {
  if (process.platform === 'win32') return;
  let deadline: ReturnType<typeof setTimeout> | null = null;
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (deadline) return;
      log.info(`received ${signal}; quitting`);
      deadline = setTimeout(() => {
        log.error(`still quitting ${SIGNAL_QUIT_DEADLINE_MS / 1000} s after ${signal}; exiting now`);
        app.exit(1);
      }, SIGNAL_QUIT_DEADLINE_MS);
      deadline.unref();
      app.quit();
    });
  }
}

/** macOS and Linux system shutdown: ask for a delay, then quit through the clean path. After `ready`. */
export function quitOnSystemShutdown(log: MainLog): void {
  if (process.platform === 'win32') return;
  // The docs' handler receives an event with preventDefault (the typings say no argument).
  powerMonitor.on('shutdown', ((event?: { preventDefault?: () => void }) => {
    log.info('the system is shutting down; stopping the hub');
    event?.preventDefault?.();
    app.quit();
  }) as () => void);
}

/** Windows shutdown and logoff, announced to top-level windows (hidden ones too). */
export function stopHubOnSessionEnd(win: BrowserWindow, quit: QuitPath, hub: Pick<HubSupervisor, 'pid'>, log: MainLog): void {
  win.on('query-session-end', (event) => {
    log.info(`Windows session ending (${event.reasons.join(', ') || 'shutdown'}); stopping the hub and quitting`);
    app.quit();
  });
  win.on('session-end', (event) => {
    const pid = hub.pid;
    void quit.stopHub(); // in case query-session-end never came
    if (pid === undefined) return;
    const exited = waitForExitSync(pid, SESSION_END_WAIT_MS);
    log.info(exited ? `hub stopped before the session ended (${event.reasons.join(', ')})` : `the hub was still closing when the session ended`);
  });
}
