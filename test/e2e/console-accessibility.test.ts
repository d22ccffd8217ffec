// The console build in Chromium on the fake hub, checked with axe-core (WCAG 2.0/2.1 A and AA):
// every screen and dialog in the light and the dark theme, with no serious or critical
// violation; and the keyboard: skip link, visible focus, dialogs that trap and return focus.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { builtConsoleInChromium, goToScreen, SCREENS, type ScreenName } from './built-console.ts';
import { seriousViolations } from '../support/axe.ts';

type PageDocument = { document: { activeElement: { textContent: string | null; id: string } | null } };

/** The focused element's text and id (this file is type-checked without the DOM library). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = (globalThis as unknown as PageDocument).document.activeElement;
    return { text: element?.textContent?.trim() ?? null, id: element?.id ?? '' };
  });

describe('console accessibility (axe-core in Chromium, fake hub)', () => {
  const built = builtConsoleInChromium('fake');
  const errors: string[] = [];

  async function open(scheme: 'light' | 'dark', query = '', locale = 'en-US'): Promise<Page> {
    const page = await built.browser.newPage({ viewport: { width: 1366, height: 900 }, colorScheme: scheme, reducedMotion: 'reduce', locale });
    page.setDefaultTimeout(8000);
    page.on('pageerror', (e) => errors.push(`${scheme}: ${e.message}`));
    await page.goto(`${built.url}${query}#/dashboard`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 }).catch((e: Error) => {
      throw new Error(`${e.message}\n${errors.join('\n')}`);
    });
    await page.locator('h1').first().waitFor();
    return page;
  }

  async function go(page: Page, screen: ScreenName) {
    await goToScreen(page, screen);
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
      for (const screen of SCREENS) {
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

  it('works by keyboard: skip link, visible focus, dialogs that trap focus and give it back', async () => {
    const page = await open('light');
    // The first Tab reaches the skip link; Enter puts focus on the screen's content.
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('main-content');
    await go(page, 'users');
    // Focus is visible: an outline of at least 2px on the focused control.
    await page.keyboard.press('Tab');
    const outline = await page.locator(':focus').evaluate((el) => {
      const style = (globalThis as unknown as { getComputedStyle(el: unknown): { outlineStyle: string; outlineWidth: string } }).getComputedStyle(el);
      return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
    });
    expect(outline.style).not.toBe('none');
    expect(outline.width).toBeGreaterThanOrEqual(2);
    // Open "New user" from the keyboard; Tab never leaves the dialog; Escape gives focus back.
    const opener = page.getByRole('button', { name: 'New user' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await page.waitForTimeout(300);
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((el) => (el as unknown as { contains(other: unknown): boolean }).contains((globalThis as unknown as PageDocument).document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await focused(page)).text).toBe('New user');
    await page.close();
  }, 60_000);

  it('announces waiting devices and arriving tokens in live regions', async () => {
    const page = await open('light');
    await go(page, 'devices');
    const pending = page.locator('section[aria-labelledby="pending-devices-title"] [role="status"]');
    await expect.poll(() => pending.textContent()).toMatch(/^\d+ devices? waiting to pair$/);
    await go(page, 'tokens');
    expect(await page.locator('[role="status"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[aria-live="polite"]').filter({ hasText: /live tokens?/ }).count()).toBe(1);
    await page.close();
  }, 60_000);

  it('speaks Spanish in a Spanish browser, and remembers another language chosen in Settings', async () => {
    const page = await open('light', '', 'es-MX');
    await page.getByRole('heading', { level: 1, name: 'Panel' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    const nav = page.getByRole('navigation', { name: 'Secciones de la consola' });
    for (const label of ['Aplicaciones', 'Dispositivos', 'Usuarios', 'Tokens activos', 'Registro de auditoría', 'Configuración']) {
      await nav.getByRole('link', { name: label, exact: true }).waitFor();
    }
    expect(await page.getByRole('link', { name: 'Saltar al contenido' }).count()).toBe(1);
    // Intl in the chosen language: relative times in Spanish.
    await nav.getByRole('link', { name: 'Tokens activos', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Tokens activos' }).waitFor();
    await page.waitForSelector('tbody tr[data-index]');
    expect(await page.locator('tbody').innerText()).toMatch(/hace \d+/);
    expect(await seriousViolations(page, 'es tokens')).toEqual([]);
    // Choose English in Settings: applied at once, and still English after a reload.
    await nav.getByRole('link', { name: 'Configuración', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Configuración' }).waitFor();
    await page.getByLabel('Idioma', { exact: true }).first().click();
    await page.getByRole('option', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await page.close();
  }, 60_000);

  it('had no page errors', () => {
    expect(errors).toEqual([]);
  });
});
