// The desktop app's own operations behind its Settings screen: read the settings, save them
// (refused with the hub's reason when the hub would refuse them; otherwise stored and the
// hub restarted), go back to the last settings that worked, restart the hub, open the logs.
// No electron import: main.ts injects the supervisor, the store and shell.openPath.
import { fieldErrors, type AdminResult } from '../../shared/admin-contract.ts';
import { DesktopSettings, type DesktopResult, type DesktopView, type HubStateView } from '../../shared/desktop.ts';
import type { DesktopSettingsStore } from './desktop-settings.ts';
import type { HubSupervisor } from './hub-supervisor.ts';
import { checkDesktopSettings, effectiveDataDir, type StartContext } from './listen.ts';

export interface DesktopControllerDeps {
  store: DesktopSettingsStore;
  hub: Pick<HubSupervisor, 'state' | 'restart'>;
  context: StartContext;
  logsDir: string;
  /** Electron's shell.openPath: resolves to an error message, or '' on success. */
  openPath(dir: string): Promise<string>;
  log(message: string): void;
}

export interface DesktopController {
  view(): DesktopView;
  get(): DesktopResult;
  save(input: unknown): Promise<DesktopResult>;
  revert(): Promise<DesktopResult>;
  restartHub(): Promise<DesktopResult>;
  openLogs(): Promise<DesktopResult<{ logsDir: string }>>;
}

export function createDesktopController(deps: DesktopControllerDeps): DesktopController {
  const view = (): DesktopView => {
    const settings = deps.store.read();
    return {
      settings,
      lastWorking: deps.store.lastWorking(),
      hub: deps.hub.state as HubStateView,
      dataDir: effectiveDataDir(settings, deps.context.cliDataDir),
      cliDataDir: deps.context.cliDataDir,
      logsDir: deps.logsDir,
    };
  };
  const ok = (): DesktopResult => ({ ok: true, value: view() });

  const apply = async (settings: DesktopSettings, why: string): Promise<DesktopResult> => {
    deps.store.save(settings);
    deps.log(`${why}; restarting the hub (listen: ${settings.listen}, data: ${effectiveDataDir(settings, deps.context.cliDataDir)})`);
    await deps.hub.restart();
    return ok();
  };

  return {
    view,
    get: ok,
    async save(input) {
      const parsed = DesktopSettings.safeParse(input);
      if (!parsed.success) {
        const fields = fieldErrors(parsed.error);
        const [first] = Object.entries(fields);
        return { ok: false, error: { code: 'invalid_input', message: first ? `${first[0]}: ${first[1]}` : 'The settings are not valid.', fields } };
      }
      const verdict: AdminResult<{ warnings: string[] }> = await checkDesktopSettings(parsed.data, deps.context);
      if (!verdict.ok) {
        deps.log(`refused desktop settings: ${verdict.error.message}`);
        return verdict;
      }
      return apply(parsed.data, 'desktop settings saved');
    },
    async revert() {
      const previous = deps.store.lastWorking();
      if (!previous) return { ok: false, error: { code: 'not_found', message: 'There are no earlier working settings to go back to.' } };
      return apply({ ...previous, closeAction: deps.store.read().closeAction }, 'went back to the last working desktop settings');
    },
    async restartHub() {
      await deps.hub.restart();
      return ok();
    },
    async openLogs() {
      const problem = await deps.openPath(deps.logsDir);
      if (problem) return { ok: false, error: { code: 'internal', message: `The log folder ${deps.logsDir} could not be opened: ${problem}` } };
      return { ok: true, value: { logsDir: deps.logsDir } };
    },
  };
}
