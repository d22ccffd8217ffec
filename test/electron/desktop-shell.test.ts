// The desktop app as the operating system and the operator meet it, driven through the
// bundled main process against a fake `electron` (the binary cannot run here): settings the
// hub would refuse are refused when saved; a deterministic start failure stops retrying and
// offers the way back; the profile, the logs and the hub's data live apart; Windows session
// end and POSIX signals stop the hub cleanly; crashed renderers reload; a bad start says why.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopSettings } from '../../shared/desktop.ts';
import { DESKTOP_CHANNELS, ipcChannel } from '../../shared/transport.ts';
import { APP_FRAME, buildShell, launch, type Harness, type Shell } from './fixtures/main-harness.ts';

let shell: Shell;
beforeAll(async () => {
  shell = await buildShell();
});
afterAll(async () => {
  await shell?.remove();
});

const running = async (h: Harness, forks = 1) => {
  await h.ready;
  await expect.poll(async () => (await h.inspect()).tray[0]?.tooltip, { timeout: 15_000 }).toMatch(/Hub running/);
  expect((await h.inspect()).forks).toHaveLength(forks);
};
const desktop = (h: Harness, call: keyof typeof DESKTOP_CHANNELS, input: unknown = {}) => h.send({ cmd: 'invoke', channel: DESKTOP_CHANNELS[call], input, frame: APP_FRAME });
const hubStatus = async (h: Harness) => (await h.send({ cmd: 'invoke', channel: ipcChannel('status.get'), input: {}, frame: APP_FRAME })).value;
const LOOPBACK: DesktopSettings = { listen: 'loopback', certificate: null, insecureHttp: false, dataDir: null, closeAction: 'hide' };

describe('desktop settings', () => {
  it('refuses what the hub would refuse, with its reason, and applies the rest by restarting the hub', async () => {
    const h = launch(shell);
    try {
      await running(h);
      const view = await desktop(h, 'get');
      expect(view).toMatchObject({ ok: true, value: { settings: { listen: 'loopback', dataDir: null }, hub: { state: 'running' }, dataDir: path.join(h.userData, 'hub'), logsDir: path.join(h.userData, 'logs') } });

      // Plain HTTP on the LAN without the explicit consent: the transport policy's refusal.
      const plain = await desktop(h, 'save', { ...LOOPBACK, listen: 'lan-http' });
      expect(plain).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('Refusing to serve plain HTTP on 0.0.0.0'), fields: { insecureHttp: expect.any(String) } } });
      // The operator's certificate is loaded as the hub would load it.
      const missing = await desktop(h, 'save', { ...LOOPBACK, listen: 'lan-https', certificate: { certFile: path.join(h.userData, 'nope.pem'), keyFile: path.join(h.userData, 'nope.key') } });
      expect(missing).toMatchObject({ ok: false, error: { fields: { certificate: expect.stringContaining('Cannot read the TLS certificate') } } });
      expect(await desktop(h, 'save', { ...LOOPBACK, dataDir: 'relative/folder' })).toMatchObject({ ok: false, error: { fields: { dataDir: expect.stringContaining('full path') } } });
      expect(await desktop(h, 'save', { ...LOOPBACK, listen: 'everywhere' })).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { listen: expect.any(String) } } });
      expect((await h.inspect()).forks).toHaveLength(1); // nothing refused reached the hub

      // Accepted: stored, the hub restarts on the new data folder, the view says so.
      const folder = path.join(h.userData, 'elsewhere');
      const saved = await desktop(h, 'save', { ...LOOPBACK, dataDir: folder });
      expect(saved).toMatchObject({ ok: true, value: { settings: { dataDir: folder }, dataDir: folder, hub: { state: 'running' } } });
      expect((await h.inspect()).forks).toHaveLength(2);
      expect(await hubStatus(h)).toMatchObject({ dataDir: folder, options: { dataDir: folder, host: '127.0.0.1', logFile: path.join(h.userData, 'logs', 'hub.log') } });
      expect(JSON.parse(readFileSync(path.join(h.userData, 'desktop-settings.json'), 'utf8'))).toMatchObject({ settings: { dataDir: folder }, lastWorking: { dataDir: folder } });
      // The console window was told (the dashboard reads the new addresses from the restarted hub).
      expect((await h.inspect()).sent.filter((m: { channel: string }) => m.channel === 'lanyard:desktop:state').at(-1).payload).toMatchObject({ hub: { state: 'running' }, dataDir: folder });
    } finally {
      await h.kill();
    }
  });

  it('a hub that fails for a deterministic reason stops retrying, says why and offers the last working settings', async () => {
    const h = launch(shell);
    try {
      await running(h);
      const good = (await hubStatus(h)).dataDir;
      // The fake hub cannot start on a folder named "fail-to-start" (a deterministic failure).
      const broken = path.join(h.userData, 'fail-to-start');
      const saved = await desktop(h, 'save', { ...LOOPBACK, dataDir: broken });
      expect(saved).toMatchObject({ ok: true, value: { hub: { state: 'failed', deterministic: true, reason: expect.stringContaining('disk on fire') }, lastWorking: { dataDir: null } } });
      expect((await h.inspect()).forks).toHaveLength(2); // one failed attempt, no retries
      expect(await hubStatus(h)).toBeUndefined(); // the console's calls now fail…

      await expect.poll(async () => (await h.inspect()).messageBoxes.length).toBe(1); // …and a dialog says why
      const [box] = (await h.inspect()).messageBoxes;
      expect(box).toMatchObject({ message: 'The hub could not start', buttons: ['Go back to the last working settings', 'Open settings', 'Open log folder', 'Close'] });
      expect(box.detail).toContain('disk on fire');
      expect(box.detail).toContain(path.join(h.userData, 'logs'));

      // Restarting cannot help (tray → Restart hub fails the same way); this time the operator goes back.
      await h.send({ cmd: 'answerDialogs', answers: [{ response: 0 }] });
      await h.send({ cmd: 'tray', label: 'Restart hub' });
      // The answer took it back: the hub runs on the old folder again, with the old settings.
      await expect.poll(async () => (await h.inspect()).forks.length, { timeout: 10_000 }).toBe(4);
      await expect.poll(async () => (await h.inspect()).tray[0]?.tooltip, { timeout: 10_000 }).toMatch(/Hub running/);
      expect((await hubStatus(h)).dataDir).toBe(good);
      expect(await desktop(h, 'get')).toMatchObject({ ok: true, value: { settings: { dataDir: null }, lastWorking: null } });
      expect(await desktop(h, 'revert')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      await h.kill();
    }
  });
});

describe('folders and logs', () => {
  it("keeps Electron's profile out of the hub's data folder, and writes a rotating main log there is a link to", async () => {
    const appData = await mkdtemp(path.join(shell.dir, 'appdata-'));
    const hubData = path.join(appData, 'Lanyard'); // where the CLI keeps the hub on Windows and macOS
    const h = launch(shell, { LANYARD_USER_DATA_DIR: '', FAKE_ELECTRON_APPDATA: appData, LANYARD_DATA: hubData });
    try {
      await running(h);
      const state = await h.inspect();
      expect(state.userData).toBe(path.join(appData, 'lanyard-desktop'));
      expect(state.appLogsPath).toBe(path.join(appData, 'lanyard-desktop', 'logs'));
      expect((await hubStatus(h)).dataDir).toBe(hubData);
      expect(readdirSync(state.userData).sort()).toEqual(expect.arrayContaining(['desktop-settings.json', 'logs']));
      expect(existsSync(hubData) ? readdirSync(hubData) : []).toEqual([]); // nothing of the shell's in the hub's folder

      const logs = readdirSync(state.appLogsPath);
      expect(logs).toContain('main.1.log');
      const mainLog = readFileSync(path.join(state.appLogsPath, 'main.1.log'), 'utf8');
      expect(mainLog).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z info {2}Lanyard desktop 0\.0\.0-test starting/m);
      expect(mainLog).toContain('Hub running at http://127.0.0.1:');
      expect(mainLog).toContain('no OS keychain: no secret service (safeStorage backend "basic_text")');

      await h.send({ cmd: 'tray', label: 'Open log folder' });
      expect(await desktop(h, 'openLogs')).toEqual({ ok: true, value: { logsDir: state.appLogsPath } });
      expect((await h.inspect()).openedPaths).toEqual([state.appLogsPath, state.appLogsPath]);
    } finally {
      await h.kill();
    }
  });

  it('a start-up failure shows a dialog with the error and the log path, and exits', async () => {
    const h = launch(shell, { LANYARD_HUB_PORT: 'not-a-port' });
    const { code, errorBoxes } = await h.exiting;
    expect(code).toBe(1);
    expect(errorBoxes).toEqual([{ title: 'Lanyard could not start', content: expect.stringMatching(/LANYARD_HUB_PORT[\s\S]*Details are in the log: /) }]);
    await h.exited;
  });

  it('a packaged build has no developer tools and no View menu', async () => {
    const h = launch(shell, { FAKE_ELECTRON_PACKAGED: '1' });
    try {
      await running(h);
      const state = await h.inspect();
      expect(state.applicationMenu).toBeNull(); // Linux: no menu bar; macOS keeps App/Edit/Window (see menu.ts)
      expect(state.devTools).toEqual([false]);
    } finally {
      await h.kill();
    }
  });
});

describe('the operating system', () => {
  it('Windows session end: the hub has stopped cleanly by the time the session-end handler returns', async () => {
    const h = launch(shell);
    try {
      await running(h);
      const result = await h.send({ cmd: 'sessionEnd', event: 'session-end' });
      expect(result.hubAliveWhenHandlerReturned).toBe(false);
      await expect.poll(async () => (await h.inspect()).forks[0].exitCode).toBe(0);
      expect(readFileSync(path.join(h.userData, 'logs', 'main.1.log'), 'utf8')).toContain('hub stopped before the session ended (logoff)');
    } finally {
      await h.kill();
    }
  });

  it('Windows query-session-end: quits through the clean path', async () => {
    const h = launch(shell);
    try {
      await running(h);
      await h.send({ cmd: 'sessionEnd', event: 'query-session-end' });
      expect(await h.quitting).toEqual({ forks: 1, hubExitCodes: [0], windows: 1 });
      expect(await h.exited).toBe(0);
    } finally {
      await h.kill();
    }
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s quits through the clean path', async (signal) => {
    const h = launch(shell);
    try {
      await running(h);
      h.child.kill(signal);
      expect(await h.quitting).toEqual({ forks: 1, hubExitCodes: [0], windows: 1 });
      expect(await h.exited).toBe(0);
    } finally {
      await h.kill();
    }
  });

  it('a crashed console renderer is logged and reloaded, at most three times a minute', async () => {
    const h = launch(shell);
    try {
      await running(h);
      expect(await h.send({ cmd: 'rendererGone', reason: 'crashed' })).toEqual([1]);
      expect(await h.send({ cmd: 'rendererGone', reason: 'clean-exit' })).toEqual([1]); // not a crash
      await h.send({ cmd: 'rendererGone', reason: 'oom' });
      expect(await h.send({ cmd: 'rendererGone', reason: 'crashed' })).toEqual([3]);
      expect(await h.send({ cmd: 'rendererGone', reason: 'crashed' })).toEqual([3]); // gave up
      expect((await h.inspect()).errorBoxes).toEqual([{ title: 'Lanyard', content: expect.stringContaining('crashed 4 times within a minute') }]);
      expect(readFileSync(path.join(h.userData, 'logs', 'main.1.log'), 'utf8')).toContain('a renderer went away: oom (exit code 9)');
    } finally {
      await h.kill();
    }
  });

  it('Linux, where a tray may not show: closing asks; Cancel keeps the window, "Quit Lanyard" quits cleanly', async () => {
    const h = launch(shell);
    try {
      await running(h);
      await h.send({ cmd: 'answerDialogs', answers: [{ response: 2 }, { response: 1 }] });
      await h.send({ cmd: 'closeWindow' });
      await expect.poll(async () => (await h.inspect()).messageBoxes.length).toBe(1);
      expect((await h.inspect()).windows[0]).toMatchObject({ visible: true, destroyed: false });
      await h.send({ cmd: 'closeWindow' });
      expect(await h.quitting).toEqual({ forks: 1, hubExitCodes: [0], windows: 1 });
      expect(await h.exited).toBe(0);
    } finally {
      await h.kill();
    }
  });

  it('window bounds are saved once moving settles, on every platform', async () => {
    const h = launch(shell);
    try {
      await running(h);
      for (let x = 10; x <= 50; x += 10) await h.send({ cmd: 'setBounds', bounds: { x, y: 20, width: 1000, height: 700 } });
      const file = path.join(h.userData, 'window-state.json');
      await expect.poll(() => existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).bounds, { timeout: 5_000 }).toEqual({ x: 50, y: 20, width: 1000, height: 700 });
    } finally {
      await h.kill();
    }
  });
});
