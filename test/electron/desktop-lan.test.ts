// The desktop app with the real hub core in its hub process (bundled as it ships), against a
// fake `electron`: the desktop settings' TLS choice reaches the hub child as start options and
// the hub serves HTTPS with the generated certificate; changing the setting in the console
// restarts the hub, and its status (what the dashboard shows) has the new addresses and
// fingerprint. The hub's own log file is written beside the main one.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopSettings } from '../../shared/desktop.ts';
import { DESKTOP_CHANNELS, ipcChannel } from '../../shared/transport.ts';
import { APP_FRAME, buildShell, launch, type Harness, type Shell } from './fixtures/main-harness.ts';

const root = path.resolve(import.meta.dirname, '../..');
let shell: Shell;
beforeAll(async () => {
  shell = await buildShell(path.join(root, 'main/hub/index.ts'));
}, 120_000);
afterAll(async () => {
  await shell?.remove();
});

const status = async (h: Harness) => {
  const result = await h.send({ cmd: 'invoke', channel: ipcChannel('status.get'), input: {}, frame: APP_FRAME });
  expect(result).toMatchObject({ ok: true });
  return result.value as { issuer: string; urls: string[]; tls: { fingerprint256: string; selfSigned: boolean } | null };
};

/** GET over HTTPS without trusting the self-signed certificate; returns the status, body and the certificate's fingerprint. */
const getTls = (url: string) =>
  new Promise<{ status: number; body: string; fingerprint256: string }>((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false }, (res) => {
      const fingerprint256 = (res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256;
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, fingerprint256 }));
    });
    req.on('error', reject);
    req.end();
  });

describe('desktop hub on the LAN (real hub core)', () => {
  it('serves HTTPS with the generated certificate when the settings say so, and switches back when changed', async () => {
    const userData = path.join(shell.dir, 'userdata-lan');
    mkdirSync(userData, { recursive: true });
    const lan: DesktopSettings = { listen: 'lan-https', certificate: null, insecureHttp: false, dataDir: null, closeAction: 'hide' };
    writeFileSync(path.join(userData, 'desktop-settings.json'), JSON.stringify({ settings: lan, lastWorking: null }));
    // LANYARD_HUB_HOST keeps the test's listener on loopback (the LAN mode would bind 0.0.0.0).
    const h = launch(shell, {}, userData);
    try {
      await h.ready;
      await expect.poll(async () => (await h.inspect()).tray[0]?.tooltip, { timeout: 30_000 }).toMatch(/Hub running at https:\/\/127\.0\.0\.1:\d+/);
      const secure = await status(h);
      expect(secure.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(secure.tls).toMatchObject({ fingerprint256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/), selfSigned: true });
      const discovery = await getTls(`${secure.issuer}/.well-known/openid-configuration`);
      expect(discovery.status).toBe(200);
      expect(JSON.parse(discovery.body).issuer).toBe(secure.issuer);
      expect(discovery.fingerprint256).toBe(secure.tls!.fingerprint256); // the certificate the dashboard shows is the one served

      const hubLog = readFileSync(path.join(userData, 'logs', 'hub.1.log'), 'utf8');
      expect(hubLog).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z info {2}Lanyard hub listening on https:\/\/127\.0\.0\.1:\d+/m);

      // Back to this computer only, from the console: the hub restarts on plain HTTP.
      const saved = await h.send({ cmd: 'invoke', channel: DESKTOP_CHANNELS.save, input: { ...lan, listen: 'loopback' }, frame: APP_FRAME });
      expect(saved).toMatchObject({ ok: true, value: { hub: { state: 'running', issuer: expect.stringMatching(/^http:\/\//) } } });
      const plain = await status(h);
      expect(plain.tls).toBeNull();
      expect(plain.urls.every((url) => url.startsWith('http://'))).toBe(true);
      expect((await fetch(`${plain.issuer}/.well-known/openid-configuration`)).status).toBe(200);
    } finally {
      await h.kill();
    }
  }, 90_000);
});
