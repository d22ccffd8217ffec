// The bench's server processes as the product ships its hub: one esbuild bundle each, built with
// the settings of `lanyard` and the desktop app (scripts/node-bundle.mjs), the hub's with its
// backup worker beside it. Run from the TypeScript sources, every process also held Node's type
// stripper (~12 MB of RSS) and its per-file module records. bench/profile.ts runs the sources
// (its layers need each function's own file) unless given --bundled.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { buildBackupWorker, nodeBundleOptions } from '../../scripts/node-bundle.mjs';

export type BundledServers = { hubServer: string; baselineServer: string; remove(): Promise<void> };

/** Bundles bench/hub-server.ts and bench/baseline-server.ts into a new directory of `root`/dist (where better-sqlite3 resolves). */
export async function bundleServers(root: string): Promise<BundledServers> {
  await mkdir(join(root, 'dist'), { recursive: true });
  const outdir = await mkdtemp(join(root, 'dist', 'bench-servers-'));
  const options = nodeBundleOptions({ logLevel: 'error' });
  try {
    await Promise.all([
      esbuild.build({ ...options, entryPoints: [join(root, 'bench/hub-server.ts'), join(root, 'bench/baseline-server.ts')], outdir, outExtension: { '.js': '.mjs' } }),
      buildBackupWorker(outdir, options),
    ]);
  } catch (error) {
    await rm(outdir, { recursive: true, force: true }); // no half-built directory left in dist/
    throw error;
  }
  return { hubServer: join(outdir, 'hub-server.mjs'), baselineServer: join(outdir, 'baseline-server.mjs'), remove: () => rm(outdir, { recursive: true, force: true }) };
}
