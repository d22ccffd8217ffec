// The tray icon: open the console, see the hub's state, pick a theme, quit.
import { Menu, Tray, nativeImage } from 'electron';
import { THEMES, type Theme } from './settings-store.ts';

export interface TrayActions {
  openConsole(): void;
  restartHub(): void;
  setTheme(theme: Theme): void;
  quit(): void;
}

export interface LanyardTray {
  setStatus(status: string): void;
  setTheme(theme: Theme): void;
  destroy(): void;
}

const THEME_LABELS: Record<Theme, string> = { system: 'Follow system', light: 'Light', dark: 'Dark' };

export function createTray(iconPath: string, actions: TrayActions, initial: { status: string; theme: Theme }): LanyardTray {
  const icon = nativeImage.createFromPath(iconPath);
  const tray = new Tray(icon.isEmpty() ? nativeImage.createEmpty() : icon.resize({ width: 16, height: 16 }));
  let { status, theme } = initial;

  const render = () => {
    tray.setToolTip(`Lanyard — ${status}`);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open console', click: () => actions.openConsole() },
        { type: 'separator' },
        { label: status.length > 80 ? `${status.slice(0, 79)}…` : status, enabled: false },
        { label: 'Restart hub', click: () => actions.restartHub() },
        {
          label: 'Theme',
          submenu: THEMES.map((value) => ({ label: THEME_LABELS[value], type: 'radio' as const, checked: value === theme, click: () => actions.setTheme(value) })),
        },
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
    setTheme(next) {
      theme = next;
      render();
    },
    destroy: () => tray.destroy(),
  };
}
