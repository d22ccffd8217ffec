// Password guessing is slow from anywhere, and a guessing device cannot lock the owner out.
// Distinct 127.0.0.x source addresses stand for distinct devices; loopback is one of them.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openAdmin } from '../../../main/hub/admin/open.ts';
import { SLOW_DOWN_SECONDS } from '../../../main/hub/oauth/lockout.ts';
import { FormBrowser } from '../../support/browser.ts';
import { call, closeAgents, sleep } from '../abuse/harness.ts';
import { removeDataDir, startHub, type TestHub } from '../../support/hub.ts';

// Password checks are slow on purpose (scrypt); a loaded machine needs room.
vi.setConfig({ testTimeout: 120_000 });

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
let t: TestHub;
let app: { clientId: string; secret: string | null };
beforeAll(async () => {
  t = await startHub({ limits: { loginAttemptsPerAddress: 10, loginFailuresPerUserAndAddress: 4, loginFailuresPerUser: 8 } });
  await t.run('roles.create', { name: 'resident', scopes: ['lights:read'] });
  for (const name of ['owner', 'walt', 'vera', 'dora']) await t.addUser(name, `${name}-password-1`, ['resident']);
  app = await t.addClient({ kind: 'first_party', grants: ['password'], scopes: ['lights:read'] });
});
afterEach(() => closeAgents());
afterAll(async () => {
  await t.stop();
  removeDataDir(t.dataDir);
});

async function signIn(from: string, username: string, password: string) {
  const body = new URLSearchParams({ grant_type: 'password', client_id: app.clientId, client_secret: app.secret!, username, password }).toString();
  const answer = await call(t.url, from, { method: 'POST', path: '/token', headers: FORM, body }, 30_000);
  const parsed = JSON.parse(answer.body) as { access_token?: string; error_description?: string };
  return { status: answer.status, token: parsed.access_token, message: parsed.error_description ?? '', retryAfter: answer.headers['retry-after'] };
}

describe('per address, across usernames', () => {
  it('counts attempts when they start: of 30 usernames tried at once from one address, only the limit is checked', async () => {
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn('127.0.40.2', `nobody-${i}`, 'wrong-password')));
    const checked = outcomes.filter((outcome) => outcome.message === 'Wrong username or password.');
    const refused = outcomes.filter((outcome) => /^Too many failed sign-ins from this device\. Try again in \d+ (seconds|minutes)\.$/.test(outcome.message));
    expect(checked.length).toBe(10);
    expect(refused.length).toBe(20);
    expect(Number(refused[0]!.retryAfter)).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await signIn('127.0.40.9', 'walt', 'walt-password-1')).token).toBeTruthy();
  });

  it('gives a successful attempt back, so many right passwords from one address are never refused', async () => {
    const outcomes = await Promise.all(Array.from({ length: 11 }, () => signIn('127.0.40.8', 'vera', 'vera-password-1')));
    expect(outcomes.every((outcome) => outcome.token)).toBe(true);
  });
});

describe('per username and address', () => {
  it('locks the guessing device out, not the owner signing in from elsewhere (loopback guesses like any device)', async () => {
    for (let i = 0; i < 4; i += 1) expect((await signIn('127.0.0.1', 'owner', `guess-${i}-password`)).message).toBe('Wrong username or password.');
    const locked = await signIn('127.0.0.1', 'owner', 'owner-password-1'); // even the right password, from there
    expect(locked.message).toMatch(/^Too many failed sign-ins from this device\. Try again in (\d+ seconds|15 minutes)\.$/);
    expect(Number(locked.retryAfter)).toBeGreaterThan(60);
    expect((await signIn('127.0.41.3', 'owner', 'owner-password-1')).token).toBeTruthy();
  });

  it('says the same for a disabled account as for a wrong password', async () => {
    const dora = await t.run('users.update', { id: 'dora', disabled: true });
    expect((await signIn('127.0.42.2', 'dora', 'dora-password-1')).message).toBe('Wrong username or password.');
    expect((await signIn('127.0.42.2', 'dora', 'not-her-password')).message).toBe('Wrong username or password.');
    const audit = await t.run('audit.list', { type: 'login.failed', subject: dora.id });
    expect(audit.items[0]!.detail).toMatchObject({ reason: 'disabled' }); // the operator can tell
  });

  it('the login page says how long to wait', async () => {
    const web = await t.addClient({ grants: ['authorization_code'], redirectUris: ['https://app.example.test/cb'], firstParty: true });
    const browser = new FormBrowser(new URL(t.issuer).origin);
    const url = `${t.url}/authorize?${new URLSearchParams({ client_id: web.clientId, redirect_uri: 'https://app.example.test/cb', response_type: 'code', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' })}`;
    const login = await browser.follow(url);
    const action = new URL(FormBrowser.action(login.html, '/login'), t.url).href;
    let page = login;
    for (let i = 0; i < 5; i += 1) page = await browser.request(action, { form: { csrf: FormBrowser.csrf(login.html), username: 'walt', password: `wrong-${i}-password` } });
    expect(page.status).toBe(429);
    expect(page.html).toMatch(/Too many failed sign-ins from this device\. Try again in/);
  });
});

describe('per username, from everywhere', () => {
  it('slows the account down to one attempt every few seconds, and never locks it', async () => {
    // 8 failures for vera from 8 devices: none of them is locked on its own.
    for (let i = 0; i < 8; i += 1) expect((await signIn(`127.0.43.${i + 2}`, 'vera', 'wrong-password')).message).toBe('Wrong username or password.');
    const first = await signIn('127.0.43.20', 'vera', 'wrong-password');
    expect(first.message).toBe('Wrong username or password.');
    const second = await signIn('127.0.43.21', 'vera', 'vera-password-1');
    expect(second.message).toMatch(/^Too many failed sign-ins for this account\. Try again in \d seconds?\.$/);
    expect(Number(second.retryAfter)).toBeLessThanOrEqual(SLOW_DOWN_SECONDS);
    await sleep(SLOW_DOWN_SECONDS * 1000 + 100);
    expect((await signIn('127.0.43.21', 'vera', 'vera-password-1')).token).toBeTruthy();
  });
});

describe('unlock', () => {
  it('the CLI clears a lockout in the running hub (through the audit log it polls)', async () => {
    for (let i = 0; i < 4; i += 1) await signIn('127.0.44.2', 'walt', `guess-${i}-password`);
    expect((await signIn('127.0.44.2', 'walt', 'walt-password-1')).message).toMatch(/Too many failed sign-ins/);
    const cli = openAdmin(t.dataDir);
    try {
      expect(await cli.admin.run('users.unlock', { id: 'walt' }, 'cli')).toEqual({ username: 'walt' });
    } finally {
      cli.close();
    }
    let outcome = await signIn('127.0.44.2', 'walt', 'walt-password-1');
    for (let i = 0; i < 30 && !outcome.token; i += 1) {
      await sleep(200);
      outcome = await signIn('127.0.44.2', 'walt', 'walt-password-1');
    }
    expect(outcome.token).toBeTruthy();
    const audit = await t.run('audit.list', { type: 'user.unlocked' });
    expect(audit.items[0]).toMatchObject({ actor: 'cli', summary: expect.stringMatching(/walt/) });
  });
});
