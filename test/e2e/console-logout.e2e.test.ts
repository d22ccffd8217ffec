// The shipped console build on a real hub, in Chromium: an application's sign-out addresses are
// edited in its form (and refused there by the hub's rules), and signing out of the console ends
// the hub's session too (RP-Initiated Logout), coming back to /console/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHub } from '../support/hub.ts';
import { startConsoleOnHub, type ConsoleOnHub } from './console-on-hub.ts';

/** An account holding the admin role, signing in on the hub's own login page. */
const ADMIN = { username: 'logout-admin', password: 'logout-admin-password' };

describe('the console and sign-out', () => {
  let setup: ConsoleOnHub;
  let hub: TestHub;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    setup = await startConsoleOnHub(ADMIN);
    ({ hub, problems } = setup);
    ({ page } = await setup.newPage({ timeoutMs: 15_000 }));
  }, 180_000);
  afterAll(async () => {
    await setup?.close();
  });

  async function signIn() {
    await setup.signIn(page, ADMIN);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  }

  it('edits an application\'s post-logout redirect URIs and back-channel logout URI, with the hub\'s refusals at the fields', async () => {
    const { client } = await hub.run('clients.create', { kind: 'web', name: 'Garden planner', grants: ['authorization_code'], redirectUris: ['https://planner.local/cb'] });
    await signIn();
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Applications', exact: true }).click();
    await page.getByRole('button', { name: 'Actions for Garden planner' }).click();
    await page.getByRole('menuitem', { name: 'Edit…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Garden planner' });
    const postLogout = dialog.getByLabel('Post-logout redirect URIs');
    const backchannel = dialog.getByLabel('Back-channel logout URI');
    await postLogout.fill('com.example.planner:/bye');
    await backchannel.fill('http://192.168.1.20:8080/backchannel');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByText(/of a web application must be an http:\/\/ or https:\/\/ address/).first().waitFor();
    await postLogout.fill('https://planner.local/bye\nhttp://192.168.1.20/bye');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await hub.run('clients.get', { clientId: client.clientId })).toMatchObject({
      postLogoutRedirectUris: ['https://planner.local/bye', 'http://192.168.1.20/bye'],
      backchannelLogoutUri: 'http://192.168.1.20:8080/backchannel',
    });
    // Reopened at once (the form reads the application again, not the list's copy); emptying the
    // field removes the back-channel URI.
    await page.getByRole('button', { name: 'Actions for Garden planner' }).click();
    await page.getByRole('menuitem', { name: 'Edit…' }).click();
    expect(await dialog.getByLabel('Post-logout redirect URIs').inputValue()).toBe('https://planner.local/bye\nhttp://192.168.1.20/bye');
    await dialog.getByLabel('Back-channel logout URI').fill('');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await hub.run('clients.get', { clientId: client.clientId })).backchannelLogoutUri).toBeNull();
  }, 90_000);

  it('signs out of the hub too: the hub asks, the console says so, its token is dead and the hub asks for the password again', async () => {
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('lanyard.console.session') ?? '{}') as { accessToken?: string }).accessToken);
    expect(token).toEqual(expect.any(String));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: /^Sign out of / }).waitFor();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByText('You are signed out.').waitFor();
    // Back at /console/, the state gone from the address bar.
    expect(page.url()).toBe(`${hub.url}/console/`);
    expect((await fetch(`${hub.url}/api/me`, { headers: { authorization: `Bearer ${token!}` } })).status).toBe(401);
    // The hub's own session ended: an app that does not force a login gets the login form.
    const planner = (await hub.run('clients.list', { query: 'Garden planner' })).items[0]!;
    await hub.run('clients.update', { clientId: planner.clientId, firstParty: true });
    await page.goto(`${hub.url}/authorize?${new URLSearchParams({ client_id: planner.clientId, redirect_uri: 'https://planner.local/cb', response_type: 'code', scope: 'openid', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(problems).toEqual([]);
  }, 90_000);
});
