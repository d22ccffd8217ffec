// The desktop app's own settings (where the hub listens, its data folder, what closing the
// window does) and the last settings the hub ran with, kept in the app's profile folder —
// never in the hub's data folder, which the settings may point elsewhere.
import { z } from 'zod';
import { DesktopSettings } from '../../shared/desktop.ts';
import { openJsonStore } from './json-store.ts';

/** Loopback until the operator chooses the LAN; on Linux, closing the window asks (the tray may be invisible). */
export function defaultDesktopSettings(platform: NodeJS.Platform = process.platform): DesktopSettings {
  return { listen: 'loopback', certificate: null, insecureHttp: false, dataDir: null, closeAction: platform === 'linux' ? 'ask' : 'hide' };
}

const Stored = z.object({
  settings: DesktopSettings,
  /** What the hub last reached `running` with: the way back when new settings fail. */
  lastWorking: DesktopSettings.nullable().catch(null),
});

export interface DesktopSettingsStore {
  read(): DesktopSettings;
  save(settings: DesktopSettings): DesktopSettings;
  /** Records the current settings as working (the hub is running with them). */
  markWorking(): void;
  /** The last working settings when the hub-facing part differs from the current one, else null. */
  lastWorking(): DesktopSettings | null;
  readonly path: string;
}

export function openDesktopSettings(profileDir: string, platform: NodeJS.Platform = process.platform): DesktopSettingsStore {
  const store = openJsonStore(profileDir, 'desktop-settings', Stored, { settings: defaultDesktopSettings(platform), lastWorking: null });
  // What the hub runs with; `closeAction` is the window's business and never makes settings "differ".
  const hubPart = ({ closeAction: _closeAction, ...rest }: DesktopSettings) => JSON.stringify(rest);
  const same = (a: DesktopSettings, b: DesktopSettings) => hubPart(a) === hubPart(b);
  return {
    read: () => store.read().settings,
    save(settings) {
      return store.write({ ...store.read(), settings: DesktopSettings.parse(settings) }).settings;
    },
    markWorking() {
      const current = store.read();
      if (!current.lastWorking || !same(current.lastWorking, current.settings)) store.write({ ...current, lastWorking: current.settings });
    },
    lastWorking() {
      const { settings, lastWorking } = store.read();
      return lastWorking && !same(lastWorking, settings) ? lastWorking : null;
    },
    path: store.path,
  };
}
