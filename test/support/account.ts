// Drives the hub's sign-in and account pages the way a browser without JavaScript would
// (FormBrowser): the account page's own sign-in through the login page, an optional second
// factor, and its forms.
import { totpCodeAt } from '../../main/hub/security/totp.ts';
import { FormBrowser, type Page } from './browser.ts';

/** Where the sign-in stopped: the page shown (login, second factor, enrolment, or the account page). */
export async function openAccount(browser: FormBrowser): Promise<Page> {
  return browser.follow(`${browser.hubOrigin}/account`);
}

export async function submitPassword(browser: FormBrowser, loginPage: Page, username: string, password: string): Promise<Page> {
  return browser.follow(new URL(FormBrowser.action(loginPage.html, '/login'), browser.hubOrigin).href, { form: { csrf: FormBrowser.csrf(loginPage.html), username, password } });
}

export function field(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no field ${name} on the page:\n${html.slice(0, 800)}`);
  return match[1]!.replace(/&amp;/g, '&');
}

/** Submits the second-factor form for `method` with `code`. */
export async function submitCode(browser: FormBrowser, page: Page, code: string, method: 'totp' | 'recovery' = 'totp'): Promise<Page> {
  return browser.follow(new URL(FormBrowser.action(page.html, '/second-factor'), browser.hubOrigin).href, { form: { csrf: FormBrowser.csrf(page.html), ticket: field(page.html, 'ticket'), method, code } });
}

/** The key shown while setting up an authenticator app (spaces removed). */
export const shownSecret = (html: string): string => /<p class="secret">([A-Z2-7 ]+)<\/p>/.exec(html)![1]!.replace(/ /g, '');

/** A valid code for `secret` in the next time step: never the step a previous code used. */
export const nextCode = (secret: string, stepsAhead = 1): string => totpCodeAt(secret, Date.now() + stepsAhead * 30_000);

/** Posts one of the account page's forms (its CSRF token comes from `page`). */
export async function accountPost(browser: FormBrowser, page: Page, path: string, form: Record<string, string> = {}): Promise<Page> {
  return browser.follow(`${browser.hubOrigin}${path}`, { form: { csrf: FormBrowser.csrf(page.html), ...form } });
}

export const recoveryCodes = (html: string): string[] => [...html.matchAll(/<li><code>([a-z2-9-]+)<\/code><\/li>/g)].map((match) => match[1]!);
