// Bundles the `lanyard` command with esbuild, so that it starts as plain JavaScript instead of
// having Node strip the types of ~300 TypeScript files at every start:
//   main/cli/main.ts → dist/cli/lanyard.mjs, with dist/cli/backup-worker.mjs beside it
//   dist/cli/inputs.json: every file the bundles were built from, so that bin/lanyard.js can
//   tell whether they still match the sources (else it runs the sources: a checkout being edited).
//
//   node scripts/build-cli.mjs [--outdir dir]
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { buildBackupWorker, describeBundles, nodeBundleOptions, root } from './node-bundle.mjs';

/** The manifest bin/lanyard.js reads; its name is written there too. */
const INPUTS = 'inputs.json';

/**
 * @param {{ outdir?: string, logLevel?: import('esbuild').LogLevel }} [options]
 * @returns {Promise<{ outdir: string, outputs: Record<string, number>, externals: Record<string, string[]> }>}
 *   byte sizes per bundle, and the modules each leaves to the runtime
 */
export async function buildCli(options = {}) {
  const outdir = path.resolve(options.outdir ?? path.join(root, 'dist/cli'));
  const esm = nodeBundleOptions({ logLevel: options.logLevel });
  const results = await Promise.all([
    esbuild.build({ ...esm, entryPoints: [path.join(root, 'main/cli/main.ts')], outfile: path.join(outdir, 'lanyard.mjs') }),
    buildBackupWorker(outdir, esm),
  ]);
  const inputs = new Set(results.flatMap((result) => Object.keys(result.metafile.inputs)));
  // package.json too: bin/lanyard.js's own choice depends on nothing else.
  inputs.add('package.json');
  await writeFile(path.join(outdir, INPUTS), `${JSON.stringify({ inputs: [...inputs].sort() })}\n`);
  return { outdir, ...describeBundles(results, outdir) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
  try {
    const { outdir, outputs } = await buildCli({ outdir: values.outdir, logLevel: 'info' });
    for (const [file, bytes] of Object.entries(outputs)) console.log(`${path.relative(root, path.join(outdir, file))}  ${(bytes / 1024).toFixed(1)} KiB`);
  } catch (error) {
    console.error(`build-cli: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
