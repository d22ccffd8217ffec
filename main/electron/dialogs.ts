// The native dialogs that say what went wrong, each with the log's path: a start-up
// failure (before any window exists), a hub that failed to start, a console that keeps
// crashing. Native, so they work when the console itself cannot.
import { dialog, type BrowserWindow } from 'electron';

/** A plain error box; safe before `ready` (on Linux it then prints to stderr instead). */
export function showError(title: string, message: string, logPath: string): void {
  dialog.showErrorBox(title, `${message}\n\nDetails are in the log: ${logPath}`);
}

export type FailureChoice = 'revert' | 'settings' | 'logs' | 'dismiss';

/** The hub stopped trying: offer the way back to the settings that worked, the settings, the log. */
export async function askAfterHubFailure(win: BrowserWindow | null, reason: string, logPath: string, canRevert: boolean): Promise<FailureChoice> {
  const choices: Array<[FailureChoice, string]> = [
    ...(canRevert ? ([['revert', 'Go back to the last working settings']] as Array<[FailureChoice, string]>) : []),
    ['settings', 'Open settings'],
    ['logs', 'Open log folder'],
    ['dismiss', 'Close'],
  ];
  const options: Electron.MessageBoxOptions = {
    type: 'error',
    title: 'Lanyard',
    message: 'The hub could not start',
    detail: `${reason}\n\nLAN devices cannot sign in until it runs. Details are in the log: ${logPath}`,
    buttons: choices.map(([, label]) => label),
    defaultId: 0,
    cancelId: choices.length - 1,
    noLink: true,
  };
  const { response } = win && !win.isDestroyed() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  return choices[response]?.[0] ?? 'dismiss';
}

/** On Linux without a tray a hidden window is hard to find again: ask what closing should do. */
export async function askOnClose(win: BrowserWindow): Promise<{ action: 'hide' | 'quit' | 'cancel'; remember: boolean }> {
  const { response, checkboxChecked } = await dialog.showMessageBox(win, {
    type: 'question',
    title: 'Lanyard',
    message: 'Keep serving in the background?',
    detail:
      'Devices on the network can sign in only while Lanyard runs. In the background it lives in the system tray — ' +
      'if your desktop shows no tray icons, start Lanyard again to bring this window back.',
    buttons: ['Keep running in the background', 'Quit Lanyard', 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    checkboxLabel: 'Do not ask again',
    noLink: true,
  });
  if (response === 2) return { action: 'cancel', remember: false }; // the window stays open
  return { action: response === 1 ? 'quit' : 'hide', remember: checkboxChecked };
}
