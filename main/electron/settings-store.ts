// Window bounds and theme, kept between runs with electron-store (a JSON file in userData).
// What comes back from disk is validated with zod; anything odd falls back to defaults.
import Store from 'electron-store';
import { z } from 'zod';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const Bounds = z.object({
  x: z.int(),
  y: z.int(),
  width: z.int().min(400).max(20_000),
  height: z.int().min(300).max(20_000),
});
export type Bounds = z.infer<typeof Bounds>;

const WindowSettings = z.object({
  bounds: Bounds.nullable().catch(null),
  maximized: z.boolean().catch(false),
  theme: z.enum(THEMES).catch('system'),
});
export type WindowSettings = z.infer<typeof WindowSettings>;

const DEFAULTS: WindowSettings = { bounds: null, maximized: false, theme: 'system' };

export interface SettingsStore {
  read(): WindowSettings;
  update(patch: Partial<WindowSettings>): WindowSettings;
}

export function openSettingsStore(): SettingsStore {
  const store = new Store<WindowSettings>({ name: 'window-state', defaults: DEFAULTS, clearInvalidConfig: true });
  const read = () => WindowSettings.parse({ ...DEFAULTS, ...store.store });
  return {
    read,
    update(patch) {
      const next = WindowSettings.parse({ ...read(), ...patch });
      store.set(next);
      return next;
    },
  };
}
