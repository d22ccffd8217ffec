// Renders the production build of the console in real Chromium, on the fake hub (the
// dev-only fake entry, renderer/dev-fake/), and screenshots every screen into test-results/screens/.
// It also fails on any console error or CSP violation.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { builtConsoleInChromium, goToScreen as go, SCREENS, SHOTS as shots } from './built-console.ts';

describe('console build in Chromium (fake hub)', () => {
  const built = builtConsoleInChromium('fake');
  const problems: string[] = [];

  async function open(query = '', hash = 'dashboard', scheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const page = await built.browser.newPage({ viewport: { width: 1366, height: 900 }, colorScheme: scheme });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${hash}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`${hash}: ${e.message}`));
    await page.goto(`${built.url}${query}#/${hash}`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('h1');
    return page;
  }

  it('renders every screen', async () => {
    const page = await open();
    for (const screen of SCREENS) {
      await go(page, screen);
      await page.waitForTimeout(screen === 'dashboard' ? 1200 : 600);
      await page.screenshot({ path: `${shots}${screen}.png`, fullPage: true });
      expect(await page.locator('h1').first().textContent()).toBeTruthy();
    }
    await page.close();
  }, 60_000);

  it('shows hub warnings and the missing certificate on plain HTTP', async () => {
    const page = await open('?plain');
    await page.getByText(/Serving plain HTTP on 0\.0\.0\.0/).waitFor();
    await page.getByText(/no certificate to pin/).waitFor();
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${shots}dashboard-plain-http.png`, fullPage: true });
    await page.close();
  }, 30_000);

  it('renders in the dark theme', async () => {
    const page = await open('', 'dashboard', 'dark');
    await page.waitForTimeout(1000);
    await page.screenshot({ path: `${shots}dashboard-dark.png`, fullPage: true });
    await go(page, 'roles');
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${shots}roles-dark.png`, fullPage: true });
    await page.close();
  }, 30_000);

  it('shows empty states', async () => {
    const page = await open('?empty');
    for (const screen of ['applications', 'devices', 'users', 'tokens', 'audit'] as const) {
      await go(page, screen);
      await page.waitForTimeout(400);
      await page.screenshot({ path: `${shots}empty-${screen}.png`, fullPage: true });
    }
    await page.close();
  }, 30_000);

  it('walks the create wizard to the secret', async () => {
    const page = await open('', 'applications');
    await page.getByRole('button', { name: 'New application' }).click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${shots}wizard-1-kind.png` });
    await page.getByRole('radio', { name: 'Website with a server' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Name').fill('Wiki');
    await page.getByLabel('Redirect URIs', { exact: true }).fill('http://wiki.local/callback');
    await page.screenshot({ path: `${shots}wizard-2-details.png` });
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Legacy options' }).click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${shots}wizard-3-lifetimes.png` });
    await page.getByRole('button', { name: 'Create application' }).click();
    await page.getByTestId('client-secret').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${shots}secret-once.png` });
    await page.close();
  }, 30_000);

  it('keeps the token table virtual and pages as it scrolls', async () => {
    const page = await open('?tokens=2000', 'tokens');
    await page.waitForSelector('tbody tr[data-index]');
    const rendered = await page.locator('tbody tr[data-index]').count();
    expect(rendered).toBeLessThan(60);
    await page.locator('tbody tr[data-index="3"] input[type=checkbox]').check();
    await page.locator('tbody tr[data-index="5"] input[type=checkbox]').check();
    await page.screenshot({ path: `${shots}tokens-selected.png` });
    const region = page.getByRole('region', { name: /Live tokens/ });
    for (let i = 0; i < 6; i++) {
      await region.evaluate((el) => el.scrollBy(0, 3000));
      await page.waitForTimeout(250);
    }
    await expect.poll(() => page.getByText(/\d+ loaded/).textContent()).toMatch(/[2-9]\d\d loaded/);
    await page.close();
  }, 30_000);

  it('shows refusals and restart notices in words, and a visible focus', async () => {
    const page = await open('', 'roles');
    await page.getByRole('button', { name: 'Actions for role family' }).click();
    await page.getByRole('menuitem', { name: 'Delete role…' }).click();
    await page.getByRole('button', { name: 'Delete role' }).click();
    await page.getByText(/is held by 2 users/).first().waitFor();
    await page.screenshot({ path: `${shots}roles-delete-refused.png` });
    await page.keyboard.press('Escape');
    await go(page, 'settings');
    await page.getByLabel('Port').fill('8443');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Restart needed').waitFor();
    await page.screenshot({ path: `${shots}settings-restart-needed.png` });
    // Keyboard: the first Tab shows the skip link; Enter lands in the main content.
    await page.goto(`${built.url}#/users`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await page.keyboard.press('Tab');
    await page.screenshot({ path: `${shots}keyboard-skip-link.png`, clip: { x: 0, y: 0, width: 500, height: 120 } });
    await page.keyboard.press('Enter');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    await page.screenshot({ path: `${shots}keyboard-focus.png` });
    await page.close();
  }, 30_000);

  it('fits a phone screen (navigation behind the burger)', async () => {
    const page = await built.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(`${built.url}#/applications`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByRole('heading', { level: 1, name: 'Applications' }).waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${shots}phone-applications.png` });
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${shots}phone-navigation.png` });
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Live tokens' }).click();
    await page.getByRole('heading', { level: 1, name: 'Live tokens' }).waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${shots}phone-tokens.png` });
    await page.close();
  }, 30_000);

  it('had no console errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
