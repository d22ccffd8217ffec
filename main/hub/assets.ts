// Where a hub finds its built assets: the console (dist/renderer) and the passkey script
// (dist/passkeys), each optional — without them the console is not served and passkeys are
// unavailable in browsers.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from './log.ts';

/** The package's dist/: this module runs from main/hub/ in a checkout, or inside a bundle in dist/<name>/ (the built `lanyard`, scripts/build-cli.mjs). */
function distDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return basename(dirname(here)) === 'dist' ? dirname(here) : join(here, '..', '..', 'dist');
}

const DIST = distDir();

export function findPasskeyScript(): string | undefined {
  const candidate = join(DIST, 'passkeys', 'passkeys.js');
  return existsSync(candidate) ? candidate : undefined;
}

export function findConsoleDir(): string | undefined {
  const candidate = join(DIST, 'renderer');
  return existsSync(join(candidate, 'index.html')) ? candidate : undefined;
}

/** The passkey script, or undefined (and a warning) when it was not built: the pages then say passkeys are unavailable. */
export function readPasskeyScript(file: string | undefined, logger: Logger): string | undefined {
  if (!file || !existsSync(file)) {
    logger.warn(`The passkey script ${file ?? 'dist/passkeys/passkeys.js'} is not built (npm run build), so passkeys are unavailable in browsers.`);
    return undefined;
  }
  return readFileSync(file, 'utf8');
}
