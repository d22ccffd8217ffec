// Bundles the hub pages' one script — passkey sign-in and registration, with
// @simplewebauthn/browser — into dist/passkeys/passkeys.js, which the hub serves same-origin
// (main/hub/factors/browser/passkeys.ts says what it does).
//   node scripts/build-passkeys.mjs [--outfile file]
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUTFILE = path.join(root, 'dist/passkeys/passkeys.js');

/** @param {{ outfile?: string }} [options] @returns {Promise<string>} the file written */
export async function buildPasskeys(options = {}) {
  const outfile = path.resolve(options.outfile ?? DEFAULT_OUTFILE);
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['main/hub/factors/browser/passkeys.ts'],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outfile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { outfile: { type: 'string' } } });
  await buildPasskeys({ outfile: values.outfile });
}
