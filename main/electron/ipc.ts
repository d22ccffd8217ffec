// One ipcMain.handle per admin operation; each call goes through the pure guard
// (sender frame check, contract validation) before the hub sees it.
import { ipcMain, type BrowserWindow } from 'electron';
import { OPERATION_NAMES, type HubEvent } from '../../shared/admin-contract.ts';
import { IPC_EVENT_CHANNEL, ipcChannel } from '../../shared/transport.ts';
import { isAppUrl } from './app-origin.ts';
import { guardedAdminCall, type Relay } from './ipc-guard.ts';

export function registerAdminIpc(options: {
  relay: Relay;
  /** The console window, once it exists; calls from any other webContents are refused. */
  window: () => BrowserWindow | null;
  log: (message: string) => void;
}): () => void {
  const policy = {
    isAppUrl,
    isTrustedWebContents: (id: number) => {
      const win = options.window();
      return win !== null && !win.isDestroyed() && win.webContents.id === id;
    },
  };
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

/** Pushes a hub event to the console window, if it is showing the console. */
export function sendHubEvent(win: BrowserWindow | null, event: HubEvent): void {
  if (!win || win.isDestroyed() || !isAppUrl(win.webContents.getURL())) return;
  win.webContents.send(IPC_EVENT_CHANNEL, event);
}
