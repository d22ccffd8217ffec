// The tray icon (menu-bar icon on macOS): open the console, see the hub's state, restart it,
// open the log folder, quit. The image is loaded from a file that has an @2x sibling, so HiDPI
// screens get the sharp one; on macOS it is a template image the menu bar tints.
import { Menu, Tray, nativeImage } from 'electron';

export interface TrayActions {
  openConsole(): void;
  restartHub(): void;
  openLogs(): void;
  quit(): void;
}

export interface LanyardTray {
  setStatus(status: string): void;
  destroy(): void;
}

/** `assetsDir` holds tray.png + tray@2x.png, and trayTemplate.png + trayTemplate@2x.png for macOS. */
export function trayImage(assetsDir: string, platform: NodeJS.Platform = process.platform): Electron.NativeImage {
  const image = nativeImage.createFromPath(`${assetsDir}/${platform === 'darwin' ? 'trayTemplate.png' : 'tray.png'}`);
  if (platform === 'darwin') image.setTemplateImage(true);
  return image;
}

export function createTray(image: Electron.NativeImage, actions: TrayActions, initialStatus: string): LanyardTray {
  const tray = new Tray(image);
  let status = initialStatus;

  const render = () => {
    tray.setToolTip(`Lanyard — ${status}`);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open console', click: () => actions.openConsole() },
        { type: 'separator' },
        { label: status.length > 80 ? `${status.slice(0, 79)}…` : status, enabled: false },
        { label: 'Restart hub', click: () => actions.restartHub() },
        { label: 'Open log folder', click: () => actions.openLogs() },
        { type: 'separator' },
        { label: 'Quit Lanyard', click: () => actions.quit() },
      ]),
    );
  };
  tray.on('click', () => actions.openConsole());
  render();
  return {
    setStatus(next) {
      status = next;
      render();
    },
    destroy: () => tray.destroy(),
  };
}
