// Bundles the hub pages' one script — passkey sign-in and registration, with
// @simplewebauthn/browser — into dist/passkeys/passkeys.js, which the hub serves same-origin
// (main/hub/factors/browser/passkeys.ts says what it does).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['main/hub/factors/browser/passkeys.ts'],
  outfile: 'dist/passkeys/passkeys.js',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
