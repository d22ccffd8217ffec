// What the tests that open a built console without a real hub share: a vite production build,
// served as static files under /console/, and Chromium.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { build } from 'vite';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { serveStatic } from './static-server.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the e2e tests leave their screenshots. */
export const SHOTS = `${ROOT}test-results/screens/`;

/**
 * Registers the describe block's beforeAll/afterAll: builds the console (`fake`: the test-only
 * entry on the fake hub, renderer/dev-fake/), serves it and starts Chromium. beforeAll fills in the
 * returned object: the browser and the console's URL.
 */
export function builtConsoleInChromium(mode?: 'fake'): { browser: Browser; url: string } {
  const built = {} as { browser: Browser; url: string };
  let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
  beforeAll(async () => {
    await build({ configFile: `${ROOT}renderer/vite.config.ts`, ...(mode ? { mode } : {}), logLevel: 'warn' });
    server = await serveStatic(`${ROOT}dist/renderer${mode ? `-${mode}` : ''}`);
    built.url = server.url;
    built.browser = await launchChromium();
    await mkdir(SHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await built.browser?.close();
    await server?.close();
  });
  return built;
}
