// What the tests that open a built console without a real hub share: a vite production build,
// served as static files under /console/, and Chromium.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { build } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { serveStatic } from './static-server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the e2e tests leave their screenshots. */
export const SHOTS = `${ROOT}test-results/screens/`;

/** The console's screens and their navigation labels (and headings), in the navigation's order. */
const SCREEN_LABELS = {
  dashboard: 'Dashboard',
  applications: 'Applications',
  devices: 'Devices',
  users: 'Users',
  roles: 'Roles',
  tokens: 'Live tokens',
  audit: 'Audit log',
  settings: 'Settings',
} as const;
export type ScreenName = keyof typeof SCREEN_LABELS;
export const SCREENS = Object.keys(SCREEN_LABELS) as ScreenName[];

/** Goes to a screen the way a person does: through the navigation list, until its heading shows. */
export async function goToScreen(page: Page, screen: ScreenName): Promise<void> {
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: SCREEN_LABELS[screen], exact: true }).click();
  await page.getByRole('heading', { level: 1, name: SCREEN_LABELS[screen] }).waitFor();
}

/**
 * `vite build` of the console as `npm run build:renderer` makes it. Vitest sets NODE_ENV=test,
 * which Vite would keep, bundling React's development build (slower, and not what ships).
 */
export async function buildConsole(options: { mode?: 'fake'; outDir?: string } = {}): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: `${ROOT}renderer/vite.config.ts`,
      ...(options.mode ? { mode: options.mode } : {}),
      ...(options.outDir ? { build: { outDir: options.outDir, emptyOutDir: true } } : {}),
      logLevel: 'warn',
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

/**
 * Registers the describe block's beforeAll/afterAll: builds the console (`fake`: the test-only
 * entry on the fake hub, renderer/dev-fake/), serves it and starts Chromium. beforeAll fills in the
 * returned object: the browser and the console's URL.
 */
export function builtConsoleInChromium(mode?: 'fake'): { browser: Browser; url: string } {
  const built = {} as { browser: Browser; url: string };
  let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
  beforeAll(async () => {
    await buildConsole(mode ? { mode } : {});
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
