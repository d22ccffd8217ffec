// Admin operations on the hub's settings. Where the hub listens takes effect at its next start.
import type { Limits, Settings } from '../../../shared/admin-contract.ts';
import { checkDefaultApplicationRole } from '../domain/delegation.ts';
import { checkSecondFactorRoles } from '../domain/factors.ts';
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

/** Checks and stores a change of settings (inside the caller's transaction); `lanyard import` uses it too. */
export function saveSettings(store: Store, patch: Partial<Omit<Settings, 'limits'>> & { limits?: Partial<Limits> | undefined }): { before: Settings; settings: Settings } {
  const before = readSettings(store);
  const settings = { ...before, ...patch, limits: { ...before.limits, ...patch.limits } };
  if (patch.defaultApplicationRole) checkDefaultApplicationRole(store.roles.require(patch.defaultApplicationRole, 'defaultApplicationRole'));
  if (patch.secondFactorRoles) checkSecondFactorRoles(patch.secondFactorRoles, (name) => !!store.roles.get(name));
  store.settings.set(SETTINGS_KEY, settings);
  return { before, settings };
}

export const settingsHandlers = (deps: AdminDeps) =>
  ({
    'settings.get': () => readSettings(deps.store),
    'settings.update': mutation<'settings.update'>(deps, (patch, actor, changes) => {
      const { before, settings } = saveSettings(deps.store, patch);
      changes.event({ type: 'settings.changed', actor, summary: `Settings changed: ${Object.keys(patch).join(', ') || 'nothing'}`, detail: { patch } });
      return { settings, restartRequired: RESTART_FIELDS.some((field) => before[field] !== settings[field]) };
    }),
  }) satisfies Partial<Handlers>;
