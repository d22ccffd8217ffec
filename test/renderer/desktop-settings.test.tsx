// @vitest-environment jsdom
// The Settings screen inside the desktop app: the desktop card talks to the real desktop
// controller (its settings file in a temp folder, the hub's own refusal rules); only the hub
// process is a stand-in that reports the state a restart ends in.
import './setup.ts';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { HubStateView } from '../../shared/desktop.ts';
import type { DesktopBridge } from '../../shared/transport.ts';
import { createDesktopController } from '../../main/electron/desktop-controller.ts';
import { openDesktopSettings } from '../../main/electron/desktop-settings.ts';
import { consoleOnStore } from '../support/console-api.ts';
import { renderWithApi } from './render.tsx';
import { SettingsScreen } from '../../renderer/screens/Settings.tsx';

function desktopApp(restartEndsIn: HubStateView) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lanyard-desktop-ui-'));
  const store = openDesktopSettings(dir, 'linux');
  const hub = { state: { state: 'running', url: 'http://127.0.0.1:54443', issuer: 'http://127.0.0.1:54443' } as HubStateView, restarts: 0, async restart() { this.restarts += 1; this.state = restartEndsIn; return this.state as never; } };
  const controller = createDesktopController({ store, hub: hub as never, context: { cliDataDir: path.join(dir, 'cli'), consoleDir: dir, logFile: path.join(dir, 'hub.log') }, logsDir: path.join(dir, 'logs'), openPath: async () => '', log: () => {} });
  store.markWorking();
  const bridge: DesktopBridge = {
    get: async () => controller.get(),
    save: (settings) => controller.save(settings),
    revert: () => controller.revert(),
    restartHub: () => controller.restartHub(),
    openLogs: () => controller.openLogs(),
    onState: () => () => {},
  };
  window.lanyard = { admin: {} as never, onEvent: () => () => {}, desktop: bridge };
  return { hub, store };
}

afterEach(() => {
  delete window.lanyard;
});

describe('Settings inside the desktop app', () => {
  it('refuses plain HTTP on the LAN without consent, with the hub’s reason, and leaves the hub alone', async () => {
    const { hub } = desktopApp({ state: 'running', url: 'http://0.0.0.0:1', issuer: 'http://0.0.0.0:1' });
    renderWithApi(<SettingsScreen />, consoleOnStore().api);
    await userEvent.click(await screen.findByRole('radio', { name: /over plain HTTP/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save and restart the hub' }));
    expect((await screen.findAllByText(/Refusing to serve plain HTTP on 0\.0\.0\.0/)).length).toBeGreaterThan(0);
    expect(hub.restarts).toBe(0);
    expect(screen.queryByLabelText('Bind host')).toBeNull(); // the desktop's listen setting replaces the stored host
  });

  it('shows a failed hub with the way back to the last working settings', async () => {
    const { hub, store } = desktopApp({ state: 'failed', reason: 'The hub could not start: listen EACCES', deterministic: true });
    renderWithApi(<SettingsScreen />, consoleOnStore().api);
    await userEvent.click(await screen.findByRole('radio', { name: /over HTTPS/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save and restart the hub' }));
    expect(await screen.findByText('The hub could not start: listen EACCES')).toBeTruthy();
    expect(store.read().listen).toBe('lan-https');
    hub.state = { state: 'running', url: 'http://127.0.0.1:54443', issuer: 'http://127.0.0.1:54443' };
    hub.restart = async function () { this.restarts += 1; return this.state as never; };
    await userEvent.click(screen.getByRole('button', { name: 'Go back to the last working settings' }));
    await waitFor(() => expect(store.read().listen).toBe('loopback'));
    expect(await screen.findByText('Running at http://127.0.0.1:54443')).toBeTruthy();
    expect(hub.restarts).toBe(2);
  });
});
