// The bundled main process (dist/electron/main.mjs), run under plain Node against a fake
// `electron` module (fixtures/fake-electron.ts) with the bundled hub entry forked as its
// "utility process". It checks the wiring the unit tests cannot: startup order, window
// preferences, one guarded handler per operation, app:// serving with CSP, navigation and
// window.open policy, hide-on-close, and Quit stopping the hub before the app exits.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from '../../shared/admin-contract.ts';
import { IPC_EVENT_CHANNEL, ipcChannel } from '../../shared/transport.ts';
import { buildElectron } from '../../scripts/build-electron.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const runner = path.join(import.meta.dirname, 'fixtures/run-main.ts');
let tmp = '';
let mainMjs = '';

beforeAll(async () => {
  await mkdir(path.join(root, 'dist'), { recursive: true });
  tmp = await mkdtemp(path.join(root, 'dist', 'test-electron-main-'));
  await buildElectron({ outdir: path.join(tmp, 'electron'), hubModule: path.join(root, 'test/electron/fixtures/fake-hub.ts'), logLevel: 'silent' });
  mainMjs = path.join(tmp, 'electron/main.mjs');
  // main.mjs serves ../renderer; a two-file stand-in for the console build.
  await mkdir(path.join(tmp, 'renderer/assets'), { recursive: true });
  await writeFile(path.join(tmp, 'renderer/index.html'), '<!doctype html><title>Lanyard console</title><div id="root"></div><script type="module" src="./assets/app.js"></script>');
  await writeFile(path.join(tmp, 'renderer/assets/app.js'), 'document.title = "ok";');
});
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

interface Harness {
  child: ChildProcess;
  send<T = any>(command: Record<string, unknown>): Promise<T>;
  exited: Promise<number | null>;
  quitting: Promise<{ forks: number; hubExitCodes: Array<number | null>; windows: number }>;
  userData: string;
  ready: Promise<void>;
}

function launch(env: Record<string, string> = {}, userData = path.join(tmp, `userdata-${Math.random().toString(36).slice(2)}`)): Harness {
  const child = fork(runner, [mainMjs], {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    env: { ...process.env, LANYARD_USER_DATA_DIR: userData, LANYARD_DATA: path.join(userData, 'hub'), LANYARD_HUB_HOST: '127.0.0.1', LANYARD_HUB_PORT: '0', ...env },
  });
  child.stderr!.on('data', () => {}); // the shell logs hub state changes to stderr
  let seq = 0;
  const waiting = new Map<number, (m: any) => void>();
  let readyResolve!: () => void;
  let quitResolve!: (q: Awaited<Harness['quitting']>) => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  const quitting = new Promise<Awaited<Harness['quitting']>>((r) => (quitResolve = r));
  child.on('message', (m: any) => {
    if (m.ready) readyResolve();
    else if (m.quitting) quitResolve(m.quitting);
    else waiting.get(m.seq)?.(m);
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    userData,
    ready,
    quitting,
    exited,
    send: (command) =>
      new Promise((resolve, reject) => {
        const id = ++seq;
        waiting.set(id, (m) => (m.error ? reject(new Error(m.error)) : resolve(m.result)));
        child.send({ ...command, seq: id });
      }),
  };
}

const APP_FRAME = { url: 'app://console/index.html#/clients', parent: null };

describe('bundled main process against a fake electron', () => {
  it('quits at once, without starting a hub, when another instance holds the lock', async () => {
    const h = launch({ FAKE_ELECTRON_LOCKED: '1' });
    expect(await h.quitting).toEqual({ forks: 0, hubExitCodes: [], windows: 0 });
    expect(await h.exited).toBe(0);
  });

  it.each([
    ['a saved state', { bounds: { x: 40, y: 30, width: 1000, height: 700 }, maximized: false, theme: 'dark' }, { x: 40, y: 30, width: 1000, height: 700 }, 'dark'],
    ['a corrupt state', { bounds: { x: 'left', width: -5 }, theme: 'neon' }, { width: 1280, height: 820 }, 'system'],
    ['an off-screen window', { bounds: { x: 5000, y: 5000, width: 1000, height: 700 }, theme: 'light' }, { width: 1280, height: 820 }, 'light'],
  ])('restores window bounds and theme from %s, validated', async (_name, saved, bounds, theme) => {
    const userData = await mkdtemp(path.join(tmp, 'userdata-'));
    await writeFile(path.join(userData, 'window-state.json'), JSON.stringify(saved));
    const h = launch({}, userData);
    try {
      await h.ready;
      await expect.poll(async () => (await h.send({ cmd: 'inspect' })).windows.length).toBe(1);
      const state = await h.send({ cmd: 'inspect' });
      expect(state.windows[0].bounds).toEqual({ x: undefined, y: undefined, ...bounds });
      expect(state.themeSource).toBe(theme);
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
      expect([...state.channels].sort()).toEqual(OPERATION_NAMES.map(ipcChannel).sort());
      expect(state.forks).toHaveLength(1);
      expect(state.forks[0].entry).toBe(path.join(tmp, 'electron/hub-entry.mjs'));
      expect(state.windows).toHaveLength(1);
      const [win] = state.windows;
      expect(win.url).toBe('app://console/index.html');
      expect(win.visible).toBe(true);
      expect(win.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
      expect(win.webPreferences.preload).toBe(path.join(tmp, 'electron/preload.cjs'));
      expect(existsSync(win.webPreferences.preload)).toBe(true);
      expect(state.tray[0].labels).toEqual(expect.arrayContaining(['Open console', 'Restart hub', 'Theme', 'Quit Lanyard']));

      // IPC: guarded, validated, relayed to the hub child with the desktop actor.
      const ok = await h.send({ cmd: 'invoke', channel: ipcChannel('clients.get'), input: { clientId: 'abc' }, frame: APP_FRAME });
      expect(ok).toMatchObject({ ok: true, value: { op: 'clients.get', input: { clientId: 'abc' }, actor: 'desktop', pid: state.forks[0].pid } });
      for (const [frame, webContentsId] of [[{ url: 'https://evil.example/', parent: null }, undefined], [{ ...APP_FRAME, parent: {} }, undefined], [null, undefined], [APP_FRAME, 999]] as const) {
        expect(await h.send({ cmd: 'invoke', channel: ipcChannel('status.get'), input: {}, frame, webContentsId }), JSON.stringify(frame)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
      expect(await h.send({ cmd: 'invoke', channel: ipcChannel('users.create'), input: { username: '' }, frame: APP_FRAME })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

      // Hub events reach the window.
      await h.send({ cmd: 'invoke', channel: ipcChannel('clients.get'), input: { clientId: 'emit' }, frame: APP_FRAME });
      await expect.poll(async () => (await h.send({ cmd: 'inspect' })).sent).toEqual([{ channel: IPC_EVENT_CHANNEL, payload: expect.objectContaining({ type: 'client.changed', clientId: 'emit' }) }]);

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

      // Closing the window hides it; the hub keeps answering.
      const [afterClose] = await h.send({ cmd: 'closeWindow' });
      expect(afterClose).toMatchObject({ visible: false, destroyed: false });
      expect(await h.send({ cmd: 'invoke', channel: ipcChannel('status.get'), input: {}, frame: APP_FRAME })).toMatchObject({ ok: true });
      // electron-store keeps the window state under the (overridden) userData folder.
      expect(existsSync(path.join(h.userData, 'window-state.json'))).toBe(true);

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
