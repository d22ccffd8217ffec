// The application menu. Electron's default menu ships View → Toggle Developer Tools and
// Reload; a packaged Lanyard has neither. macOS keeps the App, Edit and Window menus: Cmd+Q,
// Cmd+W and copy/paste work through them there. Windows and Linux get no menu bar (text
// editing shortcuts work without one). Development builds add the View menu back.
import { Menu, type MenuItemConstructorOptions } from 'electron';

function applicationMenuTemplate(platform: NodeJS.Platform, packaged: boolean): MenuItemConstructorOptions[] | null {
  const view: MenuItemConstructorOptions[] = packaged ? [] : [{ role: 'viewMenu' }];
  if (platform === 'darwin') return [{ role: 'appMenu' }, { role: 'editMenu' }, ...view, { role: 'windowMenu' }];
  return view.length ? view : null;
}

export function installApplicationMenu(packaged: boolean): void {
  const template = applicationMenuTemplate(process.platform, packaged);
  Menu.setApplicationMenu(template ? Menu.buildFromTemplate(template) : null);
}
