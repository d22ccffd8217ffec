// Launches the real desktop app with Playwright's Electron driver, on its own temporary
// profile and hub data folder: the window shows the console from app://console, the preload
// exposes the contract (and the desktop calls) and nothing else, the hub serves the LAN over
// HTTPS with its generated certificate (bound to 127.0.0.1 here), switching to "this computer
// only" from the console restarts it on HTTP, closing the window keeps the hub serving,
// quitting stops it.
// It needs an Electron binary (ELECTRON_OVERRIDE_DIST_PATH — this machine cannot download
// one), the built app (`npm run build`) and, on Linux, a display (xvfb-run). Otherwise it is
// skipped and says why. `electron` itself is never imported here.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES, type AdminResult } from '../../shared/admin-contract.ts';
import type { DesktopSettings } from '../../shared/desktop.ts';
import type { DesktopBridge, LanyardBridge } from '../../shared/transport.ts';

/** The console window's globals as the preload leaves them (types only: page.evaluate sends the functions as source). */
type RendererGlobals = { lanyard: LanyardBridge & { desktop: DesktopBridge }; require?: unknown; process?: unknown; ipcRenderer?: unknown };
type Window = { document: { querySelector(selector: string): { childElementCount: number } | null }; open(url: string): unknown };

function valueOf<T>(result: AdminResult<T>): T {
  if (!result.ok) throw new Error(`the hub refused: ${result.error.message}`);
  return result.value;
}

const root = path.resolve(import.meta.dirname, '../..');
const distPath = process.env.ELECTRON_OVERRIDE_DIST_PATH;
const binary = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' }[process.platform as string] ?? 'electron';
const executablePath = distPath ? path.join(distPath, binary) : null;

function skipReason(): string | null {
  if (!distPath) return 'ELECTRON_OVERRIDE_DIST_PATH is not set (no Electron binary on this machine)';
  if (!executablePath || !existsSync(executablePath)) return `no Electron binary at ${executablePath}`;
  for (const file of ['dist/electron/main.mjs', 'dist/electron/preload.cjs', 'dist/electron/hub-entry.mjs', 'dist/renderer/index.html']) {
    if (!existsSync(path.join(root, file))) return `${file} is missing; run "npm run build" first`;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display; run under xvfb-run';
  return null;
}
const reason = skipReason();

/** GET over HTTPS without trusting the self-signed certificate; the status and the served certificate's fingerprint. */
const getTls = (url: string) =>
  new Promise<{ status: number; fingerprint256: string }>((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, fingerprint256: (res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256 });
    });
    req.on('error', reject);
    req.end();
  });
if (reason) console.info(`electron smoke test skipped: ${reason}`);

describe('desktop app (Playwright _electron)', () => {
  it.skipIf(reason !== null)(
    'launches, shows the console, serves the LAN over HTTPS, switches back from the console, serves until quit',
    async () => {
      const { _electron } = await import('playwright-core');
      const userData = await mkdtemp(path.join(os.tmpdir(), 'lanyard-electron-'));
      // Its own hub data folder too: never the developer's real hub.
      const hubData = path.join(userData, 'hub');
      const lan: DesktopSettings = { listen: 'lan-https', certificate: null, insecureHttp: false, dataDir: null, closeAction: 'hide' };
      await writeFile(path.join(userData, 'desktop-settings.json'), JSON.stringify({ settings: lan, lastWorking: null }));
      const app = await _electron.launch({
        executablePath: executablePath!,
        // Chromium refuses to start as root with its sandbox; CI containers often run as root.
        args: ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
        cwd: root,
        // LANYARD_HUB_HOST keeps the LAN mode's listener on loopback for the test.
        env: { ...process.env, LANYARD_USER_DATA_DIR: userData, LANYARD_DATA: hubData, LANYARD_HUB_HOST: '127.0.0.1', LANYARD_HUB_PORT: '0' } as Record<string, string>,
        timeout: 60_000,
      });
      try {
        const page = await app.firstWindow();
        await page.waitForLoadState('domcontentloaded');
        expect(page.url()).toMatch(/^app:\/\/console\//);
        await page.waitForFunction(() => ((globalThis as unknown as Window).document.querySelector('#root')?.childElementCount ?? 0) > 0, null, { timeout: 30_000 });

        const surface = await page.evaluate(() => {
          const g = globalThis as unknown as RendererGlobals;
          return { keys: Object.keys(g.lanyard).sort(), ops: Object.keys(g.lanyard.admin).sort(), require: typeof g.require, process: typeof g.process, ipc: typeof g.ipcRenderer };
        });
        expect(surface).toEqual({ keys: ['admin', 'desktop', 'onEvent'], ops: [...OPERATION_NAMES].sort(), require: 'undefined', process: 'undefined', ipc: 'undefined' });

        const csp = await page.evaluate(async () => (await fetch('app://console/index.html')).headers.get('content-security-policy'));
        expect(csp).toContain("script-src 'self'");
        expect(await page.evaluate(() => (globalThis as unknown as Window).open('https://example.org/') === null)).toBe(true);

        const status = await page.evaluate(() => (globalThis as unknown as RendererGlobals).lanyard.admin['status.get']({}));
        expect(status).toMatchObject({ ok: true, value: { dataDir: hubData, tls: { selfSigned: true } } });
        const bad = await page.evaluate(() => (globalThis as unknown as RendererGlobals).lanyard.admin['users.create']({ username: '', password: 'x' }));
        expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

        // The LAN over HTTPS: discovery answers with the certificate the dashboard shows.
        const running = valueOf(status);
        expect(running.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
        const secure = await getTls(`${running.issuer}/.well-known/openid-configuration`);
        expect(secure).toEqual({ status: 200, fingerprint256: running.tls?.fingerprint256 });

        // Back to this computer only, from the console: the hub restarts on HTTP.
        const saved = await page.evaluate((settings) => (globalThis as unknown as RendererGlobals).lanyard.desktop.save({ ...settings, listen: 'loopback' }), lan);
        expect(saved).toMatchObject({ ok: true, value: { hub: { state: 'running', issuer: expect.stringMatching(/^http:\/\//) } } });
        const plain = await page.evaluate(() => (globalThis as unknown as RendererGlobals).lanyard.admin['status.get']({}));
        expect(plain).toMatchObject({ ok: true, value: { tls: null } });
        const plainIssuer = valueOf(plain).issuer;
        const discoveryUrl = new URL(`${plainIssuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
        const discovery = await fetch(discoveryUrl);
        expect(discovery.status).toBe(200);
        expect(((await discovery.json()) as { issuer: string }).issuer).toBe(plainIssuer);

        // Closing the window hides it; the hub keeps serving.
        const visible = await app.evaluate(({ BrowserWindow }) => {
          const [win] = BrowserWindow.getAllWindows();
          win!.close();
          return BrowserWindow.getAllWindows().map((w) => w.isVisible());
        });
        expect(visible).toEqual([false]);
        expect((await fetch(discoveryUrl)).status).toBe(200);

        // Quit stops the hub before the app exits.
        await app.evaluate(({ app: electronApp }) => electronApp.quit());
        await app.waitForEvent('close', { timeout: 20_000 });
        await expect(fetch(discoveryUrl)).rejects.toThrow();
      } finally {
        await app.close().catch(() => {});
        await rm(userData, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
