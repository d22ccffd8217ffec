// electron-builder.yml is checked with electron-builder's own loader and schema (packaging
// itself needs the Electron download, which this machine cannot do), plus the details the
// app relies on: the entry, better-sqlite3's binaries outside the asar, the icons.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopProfileDir } from '../../main/electron/paths.ts';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(path.join(root, 'package.json'));
// electron-builder's resolved configuration, read as the JSON it is: the test asserts its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Configuration type's unions (string | object | array per target) would need a cast at every assertion
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
    expect(files).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'package.json', '!**/*.map']));
    expect(path.matchesGlob(pkg.main, 'dist/electron/**')).toBe(true);
    expect(config.linux).toMatchObject({ category: 'Network;Security', maintainer: expect.stringContaining('@'), executableName: 'lanyard-desktop' });
    expect(config.deb.packageName).toBe('lanyard-desktop'); // `lanyard` is the CLI
    // Dropped: the AppImage cannot start on Ubuntu 24.04+ (see electron-builder.yml).
    expect(config.linux.target.map((t: { target: string }) => t.target)).toEqual(['deb']);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(config.win.target[0].target).toBe('nsis');
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });

  it('ships of node_modules only better-sqlite3’s loader and the one binary for the target, unpacked from the asar', async () => {
    const config = await load();
    const files = (config.files as Array<{ filter: string[] }>).flatMap((f) => f.filter);
    // Everything else is inside the esbuild bundles; electron-builder would otherwise copy every production dependency.
    expect(files).toEqual(expect.arrayContaining(['!node_modules/**', 'node_modules/better-sqlite3/package.json', 'node_modules/better-sqlite3/lib/**', 'node_modules/better-sqlite3/prebuilds/${platform}-${arch}.node']));
    // An OS-level `files` list of only "!" patterns makes electron-builder add "**/*" (the whole repository).
    for (const os of ['win', 'mac', 'linux']) expect(config[os].files, os).toBeUndefined();
    for (const target of ['linux-x64', 'darwin-arm64', 'darwin-x64', 'win32-x64', 'win32-arm64']) {
      const file = `node_modules/better-sqlite3/prebuilds/${target}.node`;
      expect(existsSync(path.join(root, file)), file).toBe(true);
      expect((config.asarUnpack as string[]).some((glob) => path.matchesGlob(file, glob)), file).toBe(true);
    }
  });

  it('declares in the deb the glibc that better-sqlite3’s Linux binary needs', async () => {
    const config = await load();
    const binary = readFileSync(path.join(root, 'node_modules/better-sqlite3/prebuilds/linux-x64.node')).toString('latin1');
    const needed = Math.max(...[...binary.matchAll(/GLIBC_2\.(\d+)/g)].map((m) => Number(m[1])));
    expect(config.deb.depends).toContain(`libc6 (>= 2.${needed})`);
  });

  it('signs, notarises and keeps data on uninstall as documented', async () => {
    const config = await load();
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true, entitlements: 'build/entitlements.mac.plist', extendInfo: { NSLocalNetworkUsageDescription: expect.any(String) } });
    expect(readFileSync(path.join(root, config.mac.entitlements), 'utf8')).toContain('com.apple.security.cs.allow-jit');
    expect(config.nsis).toMatchObject({ oneClick: false, deleteAppDataOnUninstall: false, include: 'build/installer.nsh' });
    // The uninstaller's explicit --delete-app-data also removes the desktop profile, wherever paths.ts puts it.
    const profile = path.win32.basename(desktopProfileDir('C:\\Users\\me\\AppData\\Roaming', 'win32'));
    expect(readFileSync(path.join(root, config.nsis.include), 'utf8')).toContain(`RMDir /r "$APPDATA\\${profile}"`);
  });

  it('has the icons: a 1024 px master and the Linux sizes', () => {
    expect(pngSize(path.join(root, 'build/icon.png'))).toEqual([1024, 1024]);
    for (const n of [16, 32, 48, 64, 128, 256, 512]) expect(pngSize(path.join(root, `build/icons/${n}x${n}.png`))).toEqual([n, n]);
  });
});
