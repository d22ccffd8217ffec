// Admin operations on the hub's settings. Where the hub listens takes effect at its next start.
import type { Settings } from '../../../shared/admin-contract.ts';
import { checkDefaultApplicationRole } from '../domain/delegation.ts';
import { DEFAULT_SETTINGS } from '../options.ts';
import type { Store } from '../store/index.ts';
import { mutation, type AdminDeps, type Handlers } from './app.ts';

const SETTINGS_KEY = 'hub';
const RESTART_FIELDS: (keyof Settings)[] = ['host', 'port', 'issuer', 'mdns'];

/** The hub's settings as stored, over the defaults (limits added by a later version get theirs). */
export const readSettings = (store: Store): Settings => {
  const stored = store.settings.get<Partial<Settings>>(SETTINGS_KEY);
  return { ...DEFAULT_SETTINGS, ...stored, limits: { ...DEFAULT_SETTINGS.limits, ...stored?.limits } };
};

export const settingsHandlers = (deps: AdminDeps) =>
  ({
    'settings.get': () => readSettings(deps.store),
    'settings.update': mutation<'settings.update'>(deps, (patch, actor, changes) => {
      const before = readSettings(deps.store);
      const settings = { ...before, ...patch, limits: { ...before.limits, ...patch.limits } };
      if (patch.defaultApplicationRole) checkDefaultApplicationRole(deps.store.roles.require(patch.defaultApplicationRole, 'defaultApplicationRole'));
      deps.store.settings.set(SETTINGS_KEY, settings);
      changes.event({ type: 'settings.changed', actor, summary: `Settings changed: ${Object.keys(patch).join(', ') || 'nothing'}`, detail: { patch } });
      return { settings, restartRequired: RESTART_FIELDS.some((field) => before[field] !== settings[field]) };
    }),
  }) satisfies Partial<Handlers>;
