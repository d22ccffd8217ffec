// From desktop settings to hub start options, and the check before saving: the hub's own
// transport policy and certificate loader, so what the hub would refuse is refused first.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DesktopSettings } from '../../shared/desktop.ts';
import { checkDesktopSettings, hubStartOptions, type StartContext } from '../../main/electron/listen.ts';
import { HubStartOptions } from '../../main/hub/options.ts';
import { ensureCertificate } from '../../main/hub/tls/certificate.ts';
import { tempDir } from '../hub/tls/helpers.ts';

const context: StartContext = { cliDataDir: '/data/cli', consoleDir: '/app/renderer', logFile: '/logs/hub.log' };
const base: DesktopSettings = { listen: 'loopback', certificate: null, insecureHttp: false, dataDir: null, closeAction: 'hide' };

describe('hubStartOptions', () => {
  it.each([
    ['loopback', base, { host: '127.0.0.1' }],
    ['LAN over HTTPS, generated certificate', { ...base, listen: 'lan-https' }, { host: '0.0.0.0', tls: 'generated' }],
    ['LAN over HTTPS, own certificate', { ...base, listen: 'lan-https', certificate: { certFile: '/c.pem', keyFile: '/k.pem' } }, { host: '0.0.0.0', tls: { certFile: '/c.pem', keyFile: '/k.pem' } }],
    ['LAN over plain HTTP, consented', { ...base, listen: 'lan-http', insecureHttp: true }, { host: '0.0.0.0', insecureHttp: true }],
    ['a chosen data folder', { ...base, dataDir: '/data/mine' }, { host: '127.0.0.1', dataDir: '/data/mine' }],
  ] as Array<[string, DesktopSettings, Partial<HubStartOptions>]>)('%s', (_name, settings, expected) => {
    const options = hubStartOptions(settings, context);
    expect(options).toEqual({ dataDir: '/data/cli', consoleDir: '/app/renderer', logFile: '/logs/hub.log', ...expected });
    expect(HubStartOptions.parse(options)).toEqual(options); // what crosses to the hub child is valid start options
  });

  it('lets development overrides pin the host and port', () => {
    expect(hubStartOptions({ ...base, listen: 'lan-https' }, { ...context, host: '127.0.0.1', port: 0 })).toMatchObject({ host: '127.0.0.1', port: 0, tls: 'generated' });
  });
});

describe('checkDesktopSettings', () => {
  it('refuses plain HTTP on the LAN without consent, with the transport policy’s reason', async () => {
    const verdict = await checkDesktopSettings({ ...base, listen: 'lan-http' }, context);
    expect(verdict).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^Refusing to serve plain HTTP on 0\.0\.0\.0: .* Choose HTTPS/), fields: { insecureHttp: expect.any(String) } },
    });
    expect(JSON.stringify(verdict)).not.toContain('--'); // no CLI flags in the desktop's wording
  });

  it('accepts consented plain HTTP with the policy’s warning, and loopback and generated HTTPS as they are', async () => {
    expect(await checkDesktopSettings({ ...base, listen: 'lan-http', insecureHttp: true }, context)).toEqual({ ok: true, value: { warnings: [expect.stringMatching(/clear text.*Choose HTTPS to protect them\.$/)] } });
    expect(await checkDesktopSettings(base, context)).toEqual({ ok: true, value: { warnings: [] } });
    expect(await checkDesktopSettings({ ...base, listen: 'lan-https' }, context)).toEqual({ ok: true, value: { warnings: [] } });
  });

  it('loads the operator’s certificate as the hub would: a matching pair passes, a wrong key or a missing file is refused', async () => {
    const dir = await tempDir();
    const a = await ensureCertificate({ dataDir: path.join(dir, 'a') });
    const b = await ensureCertificate({ dataDir: path.join(dir, 'b') });
    const files = { cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem'), otherKey: path.join(dir, 'other.pem') };
    await writeFile(files.cert, a.certPem);
    await writeFile(files.key, a.keyPem, { mode: 0o600 });
    await writeFile(files.otherKey, b.keyPem, { mode: 0o600 });
    const own = (keyFile: string, certFile = files.cert): DesktopSettings => ({ ...base, listen: 'lan-https', certificate: { certFile, keyFile } });

    expect(await checkDesktopSettings(own(files.key), context)).toEqual({ ok: true, value: { warnings: [] } });
    expect(await checkDesktopSettings(own(files.otherKey), context)).toMatchObject({ ok: false, error: { fields: { certificate: expect.stringContaining('does not belong to the certificate') } } });
    expect(await checkDesktopSettings(own(files.key, path.join(dir, 'missing.pem')), context)).toMatchObject({ ok: false, error: { fields: { certificate: expect.stringContaining('no such file') } } });
    expect(await checkDesktopSettings(own('key.pem'), context)).toMatchObject({ ok: false, error: { fields: { 'certificate.keyFile': expect.stringContaining('full path') } } });
  });

  it('creates a chosen data folder, and refuses one that cannot be written', async () => {
    const dir = await tempDir();
    expect(await checkDesktopSettings({ ...base, dataDir: path.join(dir, 'new', 'hub') }, context)).toEqual({ ok: true, value: { warnings: [] } });
    await writeFile(path.join(dir, 'a-file'), 'x');
    expect(await checkDesktopSettings({ ...base, dataDir: path.join(dir, 'a-file', 'hub') }, context)).toMatchObject({ ok: false, error: { fields: { dataDir: expect.stringContaining('cannot keep its data') } } });
  });
});
