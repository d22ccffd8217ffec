// End to end: the shipped console build served by a real hub (127.0.0.1, SQLite in a temp
// dir), in real Chromium. Sign-in goes through the hub's own login page; tokens come from real
// grants made by this test; revocation is checked with a real introspection request.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as oauth from 'oauth4webapi';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insecure, type TestHub } from '../support/hub.ts';
import { startConsoleOnHub, type ConsoleOnHub } from './console-on-hub.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shots = `${root}test-results/screens/e2e-`;
/** An account holding the admin role, signing in on the hub's own login page. */
const ADMIN = { username: 'e2e-admin', password: 'e2e-admin-password' };

describe('operator console against a real hub', () => {
  let setup: ConsoleOnHub;
  let hub: TestHub;
  let admin: { context: BrowserContext; page: Page };
  let problems: string[];

  beforeAll(async () => {
    setup = await startConsoleOnHub(ADMIN);
    ({ hub, problems } = setup);
    await mkdir(`${root}test-results/screens`, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await setup?.close();
  });

  const newPage = () => setup.newPage();
  const signIn = (page: Page, username: string, password: string) => setup.signIn(page, { username, password });

  async function go(page: Page, label: string) {
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: label, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: label }).waitFor();
  }

  it('signs in as the admin through the hub login page and shows the hub status', async () => {
    admin = await newPage();
    const { page } = admin;
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.getByText(hub.issuer, { exact: true }).first().waitFor();
    await page.getByText('HTTPS certificate').waitFor();
    // The address bar no longer carries the authorization code.
    expect(new URL(page.url()).search).toBe('');
    await page.waitForTimeout(800); // the chart's first animation
    await page.screenshot({ path: `${shots}dashboard.png`, fullPage: true });
  }, 30_000);

  it('creates a scope, a role and a user', async () => {
    const { page } = admin;
    await go(page, 'Roles');
    await page.getByRole('button', { name: 'New scope' }).click();
    await page.getByLabel('Scope', { exact: true }).fill('media:play');
    await page.getByRole('button', { name: 'Add scope' }).click();
    await page.getByText('Added the scope media:play.').waitFor();
    await page.getByRole('button', { name: 'New role' }).click();
    await page.getByLabel('Name').fill('family');
    await page.getByRole('button', { name: 'Create role' }).click();
    const box = page.getByRole('checkbox', { name: 'family grants media:play' });
    await box.check();
    await expect.poll(async () => (await hub.run('roles.list', {})).find((r) => r.name === 'family')?.scopes).toEqual(['media:play']);
    await expect.poll(async () => (await box.isChecked()) && (await box.isEnabled())).toBe(true);
    await page.screenshot({ path: `${shots}roles.png`, fullPage: true });

    await go(page, 'Users');
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Username').fill('fern');
    await dialog.getByLabel('Password', { exact: true }).fill('fern-password');
    await dialog.getByLabel('Roles', { exact: true }).click();
    await page.getByRole('option', { name: 'family' }).click();
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('cell', { name: 'fern', exact: true }).waitFor();
    await dialog.waitFor({ state: 'detached' });
    const fern = (await hub.run('users.list', { query: 'fern' })).items[0];
    expect(fern).toMatchObject({ username: 'fern', roles: ['family'] });
    await page.screenshot({ path: `${shots}users.png`, fullPage: true });
  }, 30_000);

  it('creates an application through the wizard, shows the secret once, and the secret works', async () => {
    const { page } = admin;
    await go(page, 'Applications');
    await page.getByRole('button', { name: /New application|Create an application/ }).first().click();
    await page.getByRole('radio', { name: 'Background service' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Name').fill('E2E backup');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Create application' }).click();
    const secret = (await page.getByTestId('client-secret').textContent())!;
    const clientId = (await page.getByText(/^Client id:/).locator('code').textContent())!;
    expect(secret.length).toBeGreaterThan(16);
    await page.getByRole('dialog', { name: /New application/ }).waitFor({ state: 'detached' });
    await page.screenshot({ path: `${shots}secret-once.png` });
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await expect.poll(() => page.getByTestId('client-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    await page.screenshot({ path: `${shots}applications.png`, fullPage: true });
    // The secret works at the token endpoint.
    const tokens = await hub.clientCredentials({ clientId, secret });
    expect(tokens.access_token).toEqual(expect.any(String));
  }, 30_000);

  it('shows a token live as it is issued, revokes it, and introspection says it is inactive', async () => {
    const { page } = admin;
    const sensor = await hub.addClient({ name: 'E2E sensor', kind: 'service', grants: ['client_credentials'] });
    await go(page, 'Live tokens');
    const rows = page.locator('tbody tr[data-index]');
    await page.getByText(/\d+ live tokens?/).first().waitFor();
    const before = await rows.count();
    const { access_token } = await hub.clientCredentials(sensor);
    expect((await hub.introspect(sensor, access_token)).active).toBe(true);
    // Arrives through the event stream, without a reload.
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(before + 1);
    const row = rows.filter({ hasText: 'E2E sensor' });
    await row.waitFor();
    await page.getByText(`${before + 1} live tokens`).waitFor();
    await page.screenshot({ path: `${shots}tokens.png`, fullPage: true });
    await row.getByRole('button', { name: /^Revoke token / }).click();
    await page.getByText('Revoked the').first().waitFor();
    await expect.poll(() => rows.filter({ hasText: 'E2E sensor' }).count(), { timeout: 10_000 }).toBe(0);
    expect(await hub.introspect(sensor, access_token)).toMatchObject({ active: false });
  }, 30_000);

  it('approves a device waiting with a code, for a user picked on the Devices screen', async () => {
    const { page } = admin;
    // The operator adds the TV as a device that pairs with a code.
    await go(page, 'Applications');
    await page.getByRole('button', { name: 'New application' }).click();
    await page.getByRole('radio', { name: 'Device' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Name').fill('Living room TV');
    await page.getByRole('switch', { name: /Pairs with a code on its screen/ }).check();
    await page.getByRole('combobox', { name: 'Scopes it may ask for' }).click();
    await page.getByRole('option', { name: 'media:play' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Grants: device_code, refresh_token').waitFor();
    await page.getByRole('button', { name: 'Create application' }).click();
    const secret = (await page.getByTestId('client-secret').textContent())!;
    const clientId = (await page.getByText(/^Client id:/).locator('code').textContent())!;
    await page.getByRole('button', { name: 'I have copied it' }).click();
    const client = { client_id: clientId };
    const auth = oauth.ClientSecretBasic(secret);
    const started = await oauth.processDeviceAuthorizationResponse(hub.as, client, await oauth.deviceAuthorizationRequest(hub.as, client, auth, { scope: 'media:play' }, insecure));
    await go(page, 'Devices');
    const card = page.getByRole('article', { name: `Living room TV is waiting, code ${started.user_code}` });
    await card.waitFor();
    expect(await card.getByTestId('user-code').textContent()).toBe(started.user_code);
    await card.getByText(/^Expires in \d+:\d\d$/).waitFor();
    await card.getByRole('img', { name: `QR code for ${started.verification_uri_complete}` }).waitFor();
    await page.screenshot({ path: `${shots}devices.png`, fullPage: true });

    await card.getByRole('button', { name: /^Approve/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Approve Living room TV?' });
    await dialog.getByRole('combobox', { name: 'Whose account does the device get?' }).fill('fer');
    await page.getByRole('option', { name: 'fern' }).click();
    await page.screenshot({ path: `${shots}devices-approve.png` });
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await page.getByText(/Living room TV now uses fern's account \(media:play\)/).waitFor();
    await expect.poll(() => card.count()).toBe(0);
    await page.getByText('No device is waiting').waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.screenshot({ path: `${shots}devices-none-waiting.png`, fullPage: true });
    // The device's next poll gets tokens for fern.
    const tokens = await oauth.processDeviceCodeResponse(hub.as, client, await oauth.deviceCodeGrantRequest(hub.as, client, auth, started.device_code, insecure));
    expect(tokens.scope).toBe('media:play');
    const fern = (await hub.run('users.list', { query: 'fern' })).items[0]!;
    expect(await hub.introspect({ clientId, secret }, tokens.access_token)).toMatchObject({ active: true, sub: fern.id });
  }, 30_000);

  it('shows the audit log and settings', async () => {
    const { page } = admin;
    await go(page, 'Audit log');
    await page.getByText(/allowed for fern/).first().waitFor();
    // Subjects are shown by username.
    await page.getByRole('cell', { name: 'fern', exact: true }).first().waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Refresh' }).isEnabled()).toBe(true);
    await page.screenshot({ path: `${shots}audit.png`, fullPage: true });
    await go(page, 'Settings');
    await page.getByLabel('Port').waitFor();
    await page.screenshot({ path: `${shots}settings.png`, fullPage: true });
    await go(page, 'Dashboard');
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${shots}dashboard-after.png`, fullPage: true });
  }, 30_000);

  it('tells a user without the admin role so, and lets them sign out', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'fern', 'fern-password');
    await page.getByRole('heading', { level: 1, name: 'Not an administrator' }).waitFor();
    await page.getByText(/does not have the admin role/).waitFor();
    await page.screenshot({ path: `${shots}not-admin.png` });
    await page.getByRole('button', { name: 'Sign out' }).click();
    // The hub ends its own session too, after asking (RP-initiated logout).
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByText('You are signed out.').waitFor();
    await context.close();
  }, 30_000);

  it('had no console errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
