// Where a hub finds its built assets: the console (dist/renderer) and the passkey script
// (dist/passkeys), each optional — without them the console is not served and passkeys are
// unavailable in browsers.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from './log.ts';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');

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
