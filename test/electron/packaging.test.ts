// electron-builder.yml is checked with electron-builder's own loader and schema (packaging
// itself needs the Electron download, which this machine cannot do), plus the details the
// app relies on: the entry, better-sqlite3's binaries outside the asar, the icons.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(path.join(root, 'package.json'));
type Config = Record<string, any>;
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: Config | null): Promise<Config>;
  validateConfiguration(config: Config, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const load = () => getConfig(root, 'electron-builder.yml', null);
const pngSize = (file: string) => {
  const buf = readFileSync(file);
  expect(buf.subarray(1, 4).toString('ascii'), file).toBe('PNG');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
};

describe('packaging', () => {
  it('electron-builder accepts the configuration, and rejects a broken one', async () => {
    const config = await load();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, asarUnpackk: ['x'] }, new DebugLogger(false))).rejects.toThrow(/asarUnpackk/);
  });

  it('packages the bundles under the right identity, without rebuilding native modules', async () => {
    const config = await load();
    expect(config).toMatchObject({ appId: 'net.lanyard.hub', productName: 'Lanyard', directories: { output: 'out' }, npmRebuild: false });
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('dist/electron/main.mjs');
    const files = (config.files as Array<{ filter: string[] }>).flatMap((f) => f.filter);
    expect(files).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'package.json']));
    expect(path.matchesGlob(pkg.main, 'dist/electron/**')).toBe(true);
    expect(config.linux).toMatchObject({ category: 'Network;Security', maintainer: expect.stringContaining('@') });
    expect(config.linux.target.map((t: { target: string }) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(config.win.target[0].target).toBe('nsis');
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });

  it("unpacks every better-sqlite3 binary from the asar, and ships each OS only its own", async () => {
    const config = await load();
    const prebuilds = readdirSync(path.join(root, 'node_modules/better-sqlite3/prebuilds')).map((f) => `node_modules/better-sqlite3/prebuilds/${f}`);
    expect(prebuilds.length).toBeGreaterThan(0);
    for (const file of prebuilds) expect((config.asarUnpack as string[]).some((glob) => path.matchesGlob(file, glob)), file).toBe(true);
    const kept = (os: 'win' | 'mac' | 'linux') =>
      prebuilds.filter((file) => !(config[os].files as string[]).some((glob) => glob.startsWith('!') && path.matchesGlob(file, glob.slice(1)))).map((f) => path.basename(f));
    expect(kept('linux')).toEqual(expect.arrayContaining(['linux-x64.node']));
    expect(kept('linux').every((f) => f.startsWith('linux'))).toBe(true);
    expect(kept('win').every((f) => f.startsWith('win32'))).toBe(true);
    expect(kept('mac').sort()).toEqual(['darwin-arm64.node', 'darwin-x64.node']);
  });

  it('has the icons: a 1024 px master and the Linux sizes', () => {
    expect(pngSize(path.join(root, 'build/icon.png'))).toEqual([1024, 1024]);
    for (const n of [16, 32, 48, 64, 128, 256, 512]) expect(pngSize(path.join(root, `build/icons/${n}x${n}.png`))).toEqual([n, n]);
  });
});
