// The hub's server-rendered pages in Chromium, checked with axe-core (WCAG 2.0/2.1 A and AA):
// the device code entry (empty and with an error), its confirmation, sign-in (with and without an
// error), consent, the device done page, sign-out and signed-out, and error pages — in the
// light and the dark theme (prefers-color-scheme), and in Spanish. No serious or critical
// violation may remain. The walk finds fields by id, so it is the same in every language.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../../support/axe.ts';
import { closeSharedChromium, sharedChromium } from '../../support/chromium.ts';
import { deviceClient, PASSWORD, startHousehold } from '../../support/household.ts';

afterAll(closeSharedChromium);

/** Every page of the device flow, sign-in and sign-out, each checked with axe as it is reached. */
async function walk(page: Page, issuer: string, userCode: string, label: string): Promise<string[]> {
  const found: string[] = [];
  const check = async (where: string) => found.push(...(await seriousViolations(page, `${label} ${where}`)));
  await page.goto(`${issuer}/device`);
  await check('device code entry');
  await page.fill('#user_code', 'BCDF-BCDF');
  await page.click('button.primary');
  await page.waitForSelector('#form-error');
  await check('device code entry with an error');
  await page.fill('#user_code', userCode);
  await page.click('button.primary');
  await page.waitForSelector('.user-code');
  await check('device confirmation');
  await page.click('button.primary');
  await page.waitForSelector('#password');
  await check('sign-in');
  await page.fill('#username', 'alice');
  await page.fill('#password', 'not the password');
  await page.click('button.primary');
  await page.waitForSelector('#form-error');
  await check('sign-in with an error');
  await page.fill('#password', PASSWORD);
  await page.click('button.primary');
  await page.waitForSelector('button[value="allow"]');
  await check('consent');
  await page.click('button[value="allow"]');
  await page.waitForSelector('p[role="status"]');
  await check('device connected');
  await page.goto(`${issuer}/logout`);
  await page.waitForSelector('button[value="yes"]');
  await check('sign-out');
  await page.click('button[value="yes"]');
  await page.waitForSelector('p[role="status"]');
  await check('signed out');
  await page.goto(`${issuer}/interaction/no-such-interaction`);
  await check('error page');
  await page.goto(`${issuer}/authorize?client_id=nobody&response_type=code&redirect_uri=http://x`);
  await page.waitForSelector('h1');
  await check('authorization error page');
  return found;
}

describe('server-rendered pages with axe-core', () => {
  it('have no serious or critical violation, light and dark, English and Spanish', async () => {
    const seeded = await startHousehold();
    const browser = await sharedChromium();
    const found: string[] = [];
    for (const [scheme, locale] of [['light', 'en-US'], ['dark', 'en-US'], ['light', 'es-MX'], ['dark', 'es-MX']] as const) {
      const { user_code: userCode } = await deviceClient(seeded).start('lights:read locks:open');
      const context = await browser.newContext({ colorScheme: scheme, locale });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      found.push(...(await walk(page, seeded.issuer, userCode, `${scheme} ${locale}`)));
      expect(await page.getAttribute('html', 'lang')).toBe(locale.slice(0, 2));
      await context.close();
    }
    expect(found).toEqual([]);
  }, 180_000);
});
