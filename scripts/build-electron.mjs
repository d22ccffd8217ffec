// Bundles the Electron shell with esbuild:
//   main/electron/main.ts      → dist/electron/main.mjs       (ESM, Electron's main process)
//   main/electron/hub-entry.ts → dist/electron/hub-entry.mjs  (ESM, the hub's utility process)
//     with dist/electron/backup-worker.mjs beside it          (the hub's backup worker threads)
//   main/electron/preload.ts   → dist/electron/preload.cjs    (one CommonJS file: sandboxed preloads cannot be ESM)
// and copies the icons the running app needs into dist/electron/assets/.
//
// `electron` is provided by the runtime; better-sqlite3 stays external (node-bundle.mjs).
// Everything else is bundled.
//
//   node scripts/build-electron.mjs [--outdir dir] [--hub path/to/hub-module.ts]
// `--hub` swaps main/hub/index.ts for another module with the same createHub() (tests).
import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { buildBackupWorker, describeBundles, nodeBundleOptions, root, runBuild } from './node-bundle.mjs';

const src = (file) => path.join(root, 'main/electron', file);

/** Redirects hub-entry's `../hub/index.ts` import to `hubModule`. */
const hubAlias = (hubModule) => ({
  name: 'lanyard-hub-module',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/hub\/index\.ts$/ }, (args) => (args.importer === src('hub-entry.ts') ? { path: path.resolve(hubModule) } : undefined));
  },
});

/**
 * The preload needs only the operation names from the contract, not zod and the schemas
 * (≈ 750 KiB): hand it a module holding just the names, computed from the contract now.
 */
const operationNamesOnly = (names) => ({
  name: 'lanyard-operation-names',
  setup(build) {
    build.onLoad({ filter: /[\\/]shared[\\/]admin-contract\.ts$/ }, () => ({ contents: `export const OPERATION_NAMES = ${JSON.stringify(names)};`, loader: 'js' }));
  },
});

const exists = (file) => stat(file).then(() => true, () => false);

/**
 * @param {{ outdir?: string, hubModule?: string, minify?: boolean, logLevel?: import('esbuild').LogLevel }} [options]
 * @returns {Promise<{ outdir: string, outputs: Record<string, number>, externals: Record<string, string[]> }>}
 *   byte sizes per output, and the modules each output leaves to the runtime
 */
export async function buildElectron(options = {}) {
  const outdir = path.resolve(options.outdir ?? path.join(root, 'dist/electron'));
  const hubModule = options.hubModule ?? path.join(root, 'main/hub/index.ts');
  if (!(await exists(hubModule))) {
    throw new Error(`The hub core (${path.relative(root, hubModule)}) does not exist yet, so hub-entry cannot be bundled.`);
  }
  const { OPERATION_NAMES } = await import(pathToFileURL(path.join(root, 'shared/admin-contract.ts')).href);
  const esm = nodeBundleOptions({ minify: options.minify, logLevel: options.logLevel, external: ['electron'] });
  const results = await Promise.all([
    esbuild.build({ ...esm, entryPoints: [src('main.ts')], outfile: path.join(outdir, 'main.mjs') }),
    esbuild.build({ ...esm, entryPoints: [src('hub-entry.ts')], outfile: path.join(outdir, 'hub-entry.mjs'), plugins: [...(esm.plugins ?? []), hubAlias(hubModule)] }),
    buildBackupWorker(outdir, esm),
    esbuild.build({ ...esm, entryPoints: [src('preload.ts')], outfile: path.join(outdir, 'preload.cjs'), format: 'cjs', banner: {}, external: ['electron'], plugins: [operationNamesOnly(OPERATION_NAMES)] }),
  ]);
  await mkdir(path.join(outdir, 'assets'), { recursive: true });
  await copyFile(path.join(root, 'build/icons/512x512.png'), path.join(outdir, 'assets/icon.png'));
  // Tray icons at 1× and 2× (nativeImage picks the @2x file on HiDPI screens), and the macOS
  // template pair, which the menu bar tints for light and dark mode.
  await copyFile(path.join(root, 'build/icons/16x16.png'), path.join(outdir, 'assets/tray.png'));
  await copyFile(path.join(root, 'build/icons/32x32.png'), path.join(outdir, 'assets/tray@2x.png'));
  await copyFile(path.join(root, 'build/tray/trayTemplate.png'), path.join(outdir, 'assets/trayTemplate.png'));
  await copyFile(path.join(root, 'build/tray/trayTemplate@2x.png'), path.join(outdir, 'assets/trayTemplate@2x.png'));
  return { outdir, ...describeBundles(results, outdir) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' }, hub: { type: 'string' }, minify: { type: 'boolean' } } });
  await runBuild('build-electron', () => buildElectron({ outdir: values.outdir, hubModule: values.hub, minify: values.minify, logLevel: 'info' }));
}
