// Passkeys in real Chromium with its virtual authenticator (DevTools WebAuthn domain: CTAP2, an
// internal platform authenticator with resident keys and user verification), against a real hub
// whose issuer is http://localhost:PORT — a secure context with a domain for an RP ID. A passkey is
// registered on the account page, then used as the second factor after the password, and to sign
// in without a password. The page script is the bundled @simplewebauthn/browser one.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPasskeys } from '../../scripts/build-passkeys.mjs';
import { removeDataDir, startHub, type TestHub } from '../support/hub.ts';
import { launchChromium } from '../support/chromium.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('passkeys in Chromium', () => {
  let t: TestHub;
  let browser: Browser;
  let scriptDir: string;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let origin: string;
  let authenticatorId: string;
  const problems: string[] = [];

  beforeAll(async () => {
    scriptDir = await mkdtemp(join(tmpdir(), 'lanyard-passkeys-'));
    const passkeyScript = await buildPasskeys({ outfile: join(scriptDir, 'passkeys.js') });
    const port = await freePort();
    origin = `http://localhost:${port}`;
    [t, browser] = await Promise.all([startHub({ port, issuer: origin, passkeyScript }), launchChromium()]);
    await t.run('roles.create', { name: 'resident', scopes: ['lights:read'] });
    await t.addUser('alice', 'alice-password-1', ['resident']);
    context = await browser.newContext();
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => problems.push(error.message));
    cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true } }));
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.stop();
    if (t) removeDataDir(t.dataDir);
    if (scriptDir) await rm(scriptDir, { recursive: true, force: true });
  });

  async function passwordStep(username: string, password: string) {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  it('registers a passkey on the account page and hands out recovery codes with it', async () => {
    await page.goto(`${origin}/account`);
    await passwordStep('alice', 'alice-password-1');
    await expect(page.getByRole('heading', { name: 'Your account' }).isVisible()).resolves.toBe(true);
    await page.getByLabel('Name for the new passkey').fill('Virtual key');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    expect(await page.locator('ol.codes li').count()).toBe(10);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.rpId).toBe('localhost');
    expect(credentials[0]!.isResidentCredential).toBe(true);
    const alice = (await t.run('users.list', { query: 'alice' })).items[0]!;
    expect(alice.secondFactors).toEqual({ totp: false, passkeys: 1 });
    await page.goto(`${origin}/account`);
    await expect(page.getByRole('button', { name: 'Remove Virtual key' }).isVisible()).resolves.toBe(true);
  });

  it('asks for the passkey after the password, and signs in with it', async () => {
    await context.clearCookies();
    await page.goto(`${origin}/account`);
    await passwordStep('alice', 'alice-password-1');
    await page.getByRole('heading', { name: 'Second step' }).waitFor();
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    const audit = await t.run('audit.list', { type: 'login.failed', limit: 5 });
    expect(audit.items.filter((event) => event.summary.includes('Passkey'))).toEqual([]);
  });

  it('signs in with the passkey alone, without a password', async () => {
    await context.clearCookies();
    await page.goto(`${origin}/account`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await expect(page.getByText('Signed in as alice (resident).').isVisible()).resolves.toBe(true);
    const audit = await t.run('audit.list', { type: 'login.succeeded', limit: 1 });
    expect(audit.items[0]!.summary).toBe('alice signed in with a passkey (login page)');
  });

  it('tells why passkeys are unavailable at an address instead of a name', async () => {
    await context.clearCookies();
    await page.goto(`${t.url}/account`); // http://127.0.0.1:PORT
    await passwordStep('alice', 'alice-password-1');
    await page.getByRole('heading', { name: 'Second step' }).waitFor();
    await expect(page.getByText(`Passkeys need the hub's name, not an address like 127.0.0.1. Open this page at ${origin} instead.`).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Use a passkey' }).count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });
});
