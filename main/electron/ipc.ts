// One ipcMain.handle per admin operation and per desktop call; each call goes through the
// pure guard (sender frame check, then input validation) before it does anything.
import { ipcMain, type BrowserWindow } from 'electron';
import { OPERATION_NAMES, type HubEvent } from '../../shared/admin-contract.ts';
import type { DesktopView } from '../../shared/desktop.ts';
import { DESKTOP_CHANNELS, DESKTOP_STATE_CHANNEL, IPC_EVENT_CHANNEL, ipcChannel, type DesktopCall } from '../../shared/transport.ts';
import { isAppUrl } from './app-origin.ts';
import type { DesktopController } from './desktop-controller.ts';
import { guardedAdminCall, guardedCall, type Relay, type SenderPolicy } from './ipc-guard.ts';

function senderPolicy(window: () => BrowserWindow | null): SenderPolicy {
  return {
    isAppUrl,
    isTrustedWebContents: (id: number) => {
      const win = window();
      return win !== null && !win.isDestroyed() && win.webContents.id === id;
    },
  };
}

export function registerAdminIpc(options: {
  relay: Relay;
  /** The console window, once it exists; calls from any other webContents are refused. */
  window: () => BrowserWindow | null;
  log: (message: string) => void;
}): () => void {
  const policy = senderPolicy(options.window);
  for (const op of OPERATION_NAMES) {
    ipcMain.handle(ipcChannel(op), (event, input: unknown) =>
      guardedAdminCall(op, event, input, {
        policy,
        relay: options.relay,
        onRefused: (refusedOp, problem) => options.log(`refused IPC ${refusedOp}: ${problem}`),
      }),
    );
  }
  return () => {
    for (const op of OPERATION_NAMES) ipcMain.removeHandler(ipcChannel(op));
  };
}

/** The desktop calls of the bridge (settings, revert, restart, logs), guarded like the admin calls. */
export function registerDesktopIpc(options: { controller: DesktopController; window: () => BrowserWindow | null; log: (message: string) => void }): void {
  const policy = senderPolicy(options.window);
  const { controller } = options;
  const run: Record<DesktopCall, (input: unknown) => ReturnType<typeof guardedCall> | ReturnType<DesktopController['get']> | Promise<unknown>> = {
    get: () => controller.get(),
    save: (input) => controller.save(input),
    revert: () => controller.revert(),
    restartHub: () => controller.restartHub(),
    openLogs: () => controller.openLogs(),
  };
  for (const [call, channel] of Object.entries(DESKTOP_CHANNELS) as Array<[DesktopCall, string]>) {
    ipcMain.handle(channel, (event, input: unknown) =>
      guardedCall(call, event, policy, () => run[call](input) as never, (name, problem) => options.log(`refused IPC ${name}: ${problem}`)),
    );
  }
}

const showsConsole = (win: BrowserWindow | null): win is BrowserWindow => !!win && !win.isDestroyed() && isAppUrl(win.webContents.getURL());

/** Pushes a hub event to the console window, if it is showing the console. */
export function sendHubEvent(win: BrowserWindow | null, event: HubEvent): void {
  if (showsConsole(win)) win.webContents.send(IPC_EVENT_CHANNEL, event);
}

/** Pushes the desktop view (hub state, settings) to the console window. */
export function sendDesktopView(win: BrowserWindow | null, view: DesktopView): void {
  if (showsConsole(win)) win.webContents.send(DESKTOP_STATE_CHANNEL, view);
}
