// Bundles the `lanyard` command with esbuild, so that it starts as plain JavaScript instead of
// having Node strip the types of ~300 TypeScript files at every start:
//   main/cli/main.ts → dist/cli/lanyard.mjs, with dist/cli/backup-worker.mjs beside it
//   dist/cli/inputs.json: the size and mtime of every file the bundles came from (and of the
//   bundles), so that bin/cli-module.js can tell whether they still match; else bin/lanyard.js
//   runs the sources (a checkout being edited).
//
//   node scripts/build-cli.mjs [--outdir dir]
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { buildBackupWorker, describeBundles, nodeBundleOptions, root, runBuild } from './node-bundle.mjs';

/** The manifest bin/cli-module.js reads; its name is written there too. */
const INPUTS = 'inputs.json';

/** What decides the bundles besides the files esbuild reads: how they are built, and with which packages. */
const BUILD_INPUTS = ['package.json', 'package-lock.json', 'scripts/node-bundle.mjs', 'scripts/build-cli.mjs'];

/**
 * @param {{ outdir?: string, logLevel?: import('esbuild').LogLevel }} [options]
 * @returns {Promise<{ outdir: string, outputs: Record<string, number>, externals: Record<string, string[]> }>}
 *   byte sizes per bundle, and the modules each leaves to the runtime
 */
export async function buildCli(options = {}) {
  const outdir = path.resolve(options.outdir ?? path.join(root, 'dist/cli'));
  const manifest = path.join(outdir, INPUTS);
  // No manifest while the bundles change: a build that stops half-way leaves the sources in charge.
  await rm(manifest, { force: true });
  const startedAt = Date.now();
  const esm = nodeBundleOptions({ logLevel: options.logLevel });
  const results = await Promise.all([
    esbuild.build({ ...esm, entryPoints: [path.join(root, 'main/cli/main.ts')], outfile: path.join(outdir, 'lanyard.mjs') }),
    buildBackupWorker(outdir, esm),
  ]);
  const described = describeBundles(results, outdir);
  // Files only: a plugin's virtual module (namespace:path, node-bundle.mjs) comes from a build input.
  const read = results.flatMap((result) => Object.keys(result.metafile.inputs)).filter((input) => !/^[\w-]+:/.test(input));
  const inputs = [...new Set([...read, ...BUILD_INPUTS])].sort();
  const outputs = Object.keys(described.outputs).map((file) => path.relative(root, path.join(outdir, file)));
  const files = Object.fromEntries(await Promise.all([...inputs, ...outputs].map(async (file) => [file, await fingerprint(file)])));
  // A source saved while esbuild ran may be newer than what it read: then no manifest, and the
  // sources run until the next build.
  const changed = inputs.find((file) => files[file][0] >= startedAt);
  if (changed) {
    console.warn(`build-cli: ${changed} changed during the build; lanyard runs from the sources until the next build.`);
  } else {
    await writeFile(`${manifest}.tmp`, `${JSON.stringify({ files })}\n`);
    await rename(`${manifest}.tmp`, manifest);
  }
  return { outdir, ...described };
}

/** [mtime in ms, size in bytes] of a file of the package: what bin/cli-module.js compares. */
async function fingerprint(file) {
  const { mtimeMs, size } = await stat(path.join(root, file));
  return [mtimeMs, size];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
  await runBuild('build-cli', () => buildCli({ outdir: values.outdir, logLevel: 'info' }));
}
