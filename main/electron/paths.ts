// The desktop app's own folders. Electron's default profile folder is <appData>/<name> —
// on Windows and macOS exactly the hub's data folder (%APPDATA%\Lanyard, ~/Library/Application
// Support/Lanyard), which would put Chromium's caches, Local Storage and Crashpad beside
// lanyard.db and tls/, and let an uninstaller's "delete app data" take the hub's keys with it.
// So the profile gets a folder of its own; the hub's data folder stays the CLI's.
import path from 'node:path';

export function desktopProfileDir(appData: string, platform: NodeJS.Platform = process.platform): string {
  return path.join(appData, platform === 'linux' ? 'lanyard-desktop' : 'Lanyard Desktop');
}
