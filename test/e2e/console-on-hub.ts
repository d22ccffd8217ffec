// What the tests that drive the shipped console on a real hub share: a production build of its
// own (so it cannot race another suite's), a hub serving it with one administrator, Chromium,
// and pages whose console errors are collected.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { startHub, type TestHub } from '../support/hub.ts';
import { buildConsole } from './built-console.ts';

export type Account = { username: string; password: string };

export type ConsoleOnHub = {
  hub: TestHub;
  browser: Browser;
  /** Page errors and console errors of every page made by newPage(), for the test to check. */
  problems: string[];
  newPage(options?: { timeoutMs?: number }): Promise<{ context: BrowserContext; page: Page }>;
  /** Through the hub's own login page (the console's client is first-party: no consent). */
  signIn(page: Page, account: Account): Promise<void>;
  close(): Promise<void>;
};

export async function startConsoleOnHub(admin: Account): Promise<ConsoleOnHub> {
  const buildDir = await mkdtemp(join(tmpdir(), 'lanyard-console-build-'));
  await buildConsole({ outDir: buildDir });
  const [hub, browser] = await Promise.all([startHub({ consoleDir: buildDir }), launchChromium()]);
  await hub.addUser(admin.username, admin.password, ['admin']);
  const problems: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    hub,
    browser,
    problems,
    async newPage({ timeoutMs = 8000 } = {}) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(timeoutMs);
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        // A refused API call (a non-admin's 403) is expected; Chromium logs failed requests as errors.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
      });
      return { context, page };
    },
    async signIn(page, { username, password }) {
      await page.goto(`${hub.url}/console/`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    },
    async close() {
      await Promise.all(contexts.map((context) => context.close().catch(() => {})));
      await browser.close();
      await hub.cleanup();
      await rm(buildDir, { recursive: true, force: true });
    },
  };
}
