// The bundled main process (dist/electron/main.mjs), run under plain Node against a fake
// `electron` module (fixtures/fake-electron.ts) with the bundled hub entry forked as its
// "utility process". It checks the wiring the unit tests cannot: startup order, window
// preferences, one guarded handler per operation, app:// serving with CSP, navigation and
// window.open policy, hide-on-close, and Quit stopping the hub before the app exits.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_NODE_FLAGS, hubEnvironment } from '../../main/hub/node-flags.ts';
import { OPERATION_NAMES } from '../../shared/admin-contract.ts';
import { DESKTOP_CHANNELS, IPC_EVENT_CHANNEL, ipcChannel } from '../../shared/transport.ts';
import { APP_FRAME, buildShell, launch as launchShell, type Shell } from './fixtures/main-harness.ts';

let shell: Shell;
let tmp = '';
beforeAll(async () => {
  shell = await buildShell();
  tmp = shell.dir;
});
afterAll(async () => {
  await shell?.remove();
});
const launch = (env: Record<string, string> = {}, userData?: string) => launchShell(shell, env, userData);

describe('bundled main process against a fake electron', () => {
  it('quits at once, without starting a hub, when another instance holds the lock', async () => {
    const h = launch({ FAKE_ELECTRON_LOCKED: '1' });
    expect(await h.quitting).toEqual({ forks: 0, hubExitCodes: [], windows: 0 });
    expect(await h.exited).toBe(0);
  });

  it.each([
    ['a saved state', { bounds: { x: 40, y: 30, width: 1000, height: 700 }, maximized: false }, { x: 40, y: 30, width: 1000, height: 700 }, false],
    ['a maximized state', { bounds: { x: 40, y: 30, width: 1000, height: 700 }, maximized: true }, { x: 40, y: 30, width: 1000, height: 700 }, true],
    ['a corrupt state', { bounds: { x: 'left', width: -5 }, maximized: 'yes' }, { width: 1280, height: 820 }, false],
    ['an off-screen window', { bounds: { x: 5000, y: 5000, width: 1000, height: 700 } }, { width: 1280, height: 820 }, false],
  ])('restores window bounds from %s, validated', async (_name, saved, bounds, maximized) => {
    const userData = await mkdtemp(path.join(tmp, 'userdata-'));
    await writeFile(path.join(userData, 'window-state.json'), JSON.stringify(saved));
    const h = launch({}, userData);
    try {
      await h.ready;
      await expect.poll(async () => (await h.send({ cmd: 'inspect' })).windows.length).toBe(1);
      const state = await h.send({ cmd: 'inspect' });
      expect(state.windows[0].bounds).toEqual({ x: undefined, y: undefined, ...bounds });
      // Maximized only once the page is ready to show (maximize() before that shows a blank window).
      await expect.poll(async () => (await h.inspect()).maximized[0]).toBe(maximized);
      expect(state.backgroundColor[0]).toMatch(/^#[0-9a-f]{6}$/);
    } finally {
      h.child.kill('SIGKILL');
      await h.exited;
    }
  });

  it('wires window, protocol, IPC, hub and tray; hides on close; Quit stops the hub first', async () => {
    const h = launch();
    try {
      await h.ready;
      await expect.poll(async () => (await h.send({ cmd: 'inspect' })).tray[0]?.tooltip, { timeout: 15_000 }).toMatch(/Hub running at http:\/\/127\.0\.0\.1:\d+/);
      const state = await h.send({ cmd: 'inspect' });

      expect(state.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true }, beforeReady: true }]);
      expect(state.protocolSchemes).toEqual(['app']);
      expect(state.sandboxEnabled).toBe(true);
      expect(state.webContentsCreatedListeners).toBe(1);
      expect([...state.channels].sort()).toEqual([...OPERATION_NAMES.map(ipcChannel), ...Object.values(DESKTOP_CHANNELS)].sort());
      expect(state.forks).toHaveLength(1);
      expect(state.forks[0].entry).toBe(path.join(tmp, 'electron/hub-entry.mjs'));
      expect(state.forks[0].execArgv).toEqual([...HUB_NODE_FLAGS]); // the hub's V8 flags, as lanyard serve gives itself
      expect(state.forks[0].glibcTunables).toBe(hubEnvironment({}).GLIBC_TUNABLES); // and its allocator settings
      expect(state.windows).toHaveLength(1);
      const [win] = state.windows;
      expect(win.url).toBe('app://console/index.html?lang=en-US'); // the OS language (app.getLocale()) picks the console's
      expect(win.visible).toBe(true);
      expect(win.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
      expect(win.webPreferences.preload).toBe(path.join(tmp, 'electron/preload.cjs'));
      expect(existsSync(win.webPreferences.preload)).toBe(true);
      expect(state.tray[0].labels).toEqual(['Open console', 'separator', expect.stringMatching(/^Hub running/), 'Restart hub', 'Open log folder', 'separator', 'Quit Lanyard']);
      // Development build: the View menu (reload, developer tools) is there; packaged builds drop it.
      expect(state.applicationMenu).toEqual(['viewMenu']);
      expect(state.devTools).toEqual([true]);
      for (const frame of [{ url: 'https://evil.example/', parent: null }, null]) {
        expect(await h.send({ cmd: 'invoke', channel: DESKTOP_CHANNELS.get, input: {}, frame })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }

      // IPC: guarded, validated, relayed to the hub child with the desktop actor.
      const ok = await h.send({ cmd: 'invoke', channel: ipcChannel('clients.get'), input: { clientId: 'abc' }, frame: APP_FRAME });
      expect(ok).toMatchObject({ ok: true, value: { op: 'clients.get', input: { clientId: 'abc' }, actor: 'desktop', pid: state.forks[0].pid } });
      for (const [frame, webContentsId] of [[{ url: 'https://evil.example/', parent: null }, undefined], [{ ...APP_FRAME, parent: {} }, undefined], [null, undefined], [APP_FRAME, 999]] as const) {
        expect(await h.send({ cmd: 'invoke', channel: ipcChannel('status.get'), input: {}, frame, webContentsId }), JSON.stringify(frame)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
      expect(await h.send({ cmd: 'invoke', channel: ipcChannel('users.create'), input: { username: '' }, frame: APP_FRAME })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

      // Hub events reach the window.
      await h.send({ cmd: 'invoke', channel: ipcChannel('clients.get'), input: { clientId: 'emit' }, frame: APP_FRAME });
      await expect.poll(async () => (await h.send({ cmd: 'inspect' })).sent.filter((m: { channel: string }) => m.channel === IPC_EVENT_CHANNEL)).toEqual([{ channel: IPC_EVENT_CHANNEL, payload: expect.objectContaining({ type: 'client.changed', clientId: 'emit' }) }]);

      // app:// serves the console with the CSP, and nothing outside it.
      const page = await h.send({ cmd: 'request', url: 'app://console/' });
      expect(page).toMatchObject({ status: 200, type: 'text/html', body: expect.stringContaining('Lanyard console') });
      expect(page.csp).toContain("default-src 'self'; script-src 'self'");
      expect(await h.send({ cmd: 'request', url: 'app://console/assets/app.js' })).toMatchObject({ status: 200, csp: expect.any(String) });
      expect((await h.send({ cmd: 'request', url: 'app://console/missing.js' })).status).toBe(404);
      expect((await h.send({ cmd: 'request', url: 'app://console/assets/' })).status).toBe(404);
      expect((await h.send({ cmd: 'request', url: 'app://console/..%2F..%2Fpackage.json' })).status).toBe(404);

      // No new windows, no navigation away; http(s) links go to the OS browser.
      expect(await h.send({ cmd: 'windowOpen', url: 'https://example.org/docs' })).toEqual({ action: 'deny' });
      expect(await h.send({ cmd: 'windowOpen', url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
      expect(await h.send({ cmd: 'navigate', url: 'https://evil.example/' })).toEqual({ prevented: true });
      expect(await h.send({ cmd: 'navigate', url: 'app://console/index.html#/users' })).toEqual({ prevented: false });
      expect((await h.send({ cmd: 'inspect' })).openedExternal).toEqual(['https://example.org/docs', 'https://evil.example/']);

      // Restart from the tray: a new hub child, which answers.
      await h.send({ cmd: 'tray', label: 'Restart hub' });
      await expect.poll(async () => (await h.send({ cmd: 'inspect' })).forks.length, { timeout: 10_000 }).toBe(2);
      await expect.poll(async () => (await h.send({ cmd: 'inspect' })).tray[0]?.tooltip, { timeout: 10_000 }).toMatch(/Hub running/);
      const restarted = await h.send({ cmd: 'invoke', channel: ipcChannel('status.get'), input: {}, frame: APP_FRAME });
      expect(restarted.value.pid).toBe((await h.send({ cmd: 'inspect' })).forks[1].pid);

      // Closing the window asks on Linux (a tray may not show); "keep running" + "do not ask again" hides it, now and later.
      await h.send({ cmd: 'answerDialogs', answers: [{ response: 0, checkboxChecked: true }] });
      await h.send({ cmd: 'closeWindow' });
      await expect.poll(async () => (await h.inspect()).windows[0]).toMatchObject({ visible: false, destroyed: false });
      expect((await h.inspect()).messageBoxes).toEqual([expect.objectContaining({ message: 'Keep serving in the background?', checkboxLabel: 'Do not ask again' })]);
      await h.send({ cmd: 'tray', label: 'Open console' });
      await h.send({ cmd: 'closeWindow' });
      expect((await h.inspect()).messageBoxes).toHaveLength(1); // remembered
      expect((await h.inspect()).windows[0]).toMatchObject({ visible: false, destroyed: false });
      expect(await h.send({ cmd: 'invoke', channel: ipcChannel('status.get'), input: {}, frame: APP_FRAME })).toMatchObject({ ok: true });
      // Window state and desktop settings live in the profile folder (userData), not the hub's data folder.
      expect(existsSync(path.join(h.userData, 'window-state.json'))).toBe(true);
      expect(JSON.parse(readFileSync(path.join(h.userData, 'desktop-settings.json'), 'utf8')).settings).toMatchObject({ closeAction: 'hide' });

      // Quit from the tray: the hub child exits cleanly before the app does.
      const hubPid = (await h.send({ cmd: 'inspect' })).forks[1].pid as number;
      await h.send({ cmd: 'tray', label: 'Quit Lanyard' });
      expect(await h.quitting).toEqual({ forks: 2, hubExitCodes: [0, 0], windows: 1 });
      expect(() => process.kill(hubPid, 0)).toThrow(); // already gone when the app quits
      expect(await h.exited).toBe(0);
    } finally {
      if (h.child.exitCode === null) h.child.kill('SIGKILL');
    }
  });
});
