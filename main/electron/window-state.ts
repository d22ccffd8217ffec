// Window bounds, kept between runs in <profile>/window-state.json. What comes back from disk
// is validated; anything odd falls back to defaults. (The colour theme is the console's own
// setting — one source of truth — so it is not kept here.)
import { z } from 'zod';
import { openJsonStore } from './json-store.ts';

const Bounds = z.object({
  x: z.int(),
  y: z.int(),
  width: z.int().min(400).max(20_000),
  height: z.int().min(300).max(20_000),
});
type Bounds = z.infer<typeof Bounds>;

const WindowState = z.object({
  bounds: Bounds.nullable().catch(null),
  maximized: z.boolean().catch(false),
});
type WindowState = z.infer<typeof WindowState>;

export interface WindowStateStore {
  read(): WindowState;
  update(patch: Partial<WindowState>): WindowState;
}

export function openWindowState(profileDir: string): WindowStateStore {
  const store = openJsonStore(profileDir, 'window-state', WindowState, { bounds: null, maximized: false });
  return {
    read: store.read,
    update: (patch) => store.write({ ...store.read(), ...patch }),
  };
}
