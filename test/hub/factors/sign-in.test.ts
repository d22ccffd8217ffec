// Signing in with a second factor on the hub's own pages, end to end: a real client (oauth4webapi,
// code + PKCE), the login page and the second step driven as a browser without JavaScript would,
// a real hub on loopback with its SQLite file. Enrolment on the account page, codes, recovery
// codes, reuse, lockout, roles that require a factor, and an administrator's reset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountPost, nextCode, openAccount, recoveryCodes, shownSecret, submitCode, submitPassword, field } from '../../support/account.ts';
import { FormBrowser, type Page } from '../../support/browser.ts';
import { removeDataDir, startHub, type TestHub } from '../../support/hub.ts';
import { addFirstPartyApp, finishSignIn, submitSignIn } from '../../support/sign-in.ts';
import { call, closeAgents } from '../abuse/harness.ts';

let t: TestHub;
let app: { clientId: string; secret: string | null };
const origin = () => new URL(t.issuer).origin;

/** A user with an authenticator app set up on the account page: its secret and recovery codes. */
async function enrolled(username: string, password: string, roles = ['resident']): Promise<{ secret: string; codes: string[] }> {
  await t.addUser(username, password, roles);
  const browser = new FormBrowser(origin());
  const overview = await submitPassword(browser, await openAccount(browser), username, password);
  expect(overview.html).toContain('<h1>Your account</h1>');
  const setup = await accountPost(browser, overview, '/account/totp/setup');
  const secret = shownSecret(setup.html);
  expect(setup.html).toMatch(/<img class="qr" src="data:image\/png;base64,/);
  const confirmed = await accountPost(browser, setup, '/account/totp/confirm', { code: nextCode(secret, 0) });
  expect(confirmed.status).toBe(200);
  const codes = recoveryCodes(confirmed.html);
  expect(codes).toHaveLength(10);
  return { secret, codes };
}

/** Starts a sign-in at the test app and submits the password: the page that comes next. */
const afterPassword = (username: string, password: string) => submitSignIn(t, app, username, password);

beforeAll(async () => {
  t = await startHub();
  app = await addFirstPartyApp(t);
});
afterAll(() => t.cleanup());

describe('an authenticator app', () => {
  it('is set up on the account page with a QR code and a confirming code, and then every sign-in asks for a code', async () => {
    const { secret } = await enrolled('alice', 'alice-password-1');
    expect((await t.run('users.list', { query: 'alice' })).items[0]!.secondFactors).toEqual({ totp: true, passkeys: 0 });

    const { browser, request, page } = await afterPassword('alice', 'alice-password-1');
    expect(page.location).toBeNull(); // not back at the client: the second step first
    expect(page.html).toContain('Code from your authenticator app');
    const done = await submitCode(browser, page, nextCode(secret, 1));
    const { claims } = await finishSignIn(t, request, done);
    expect(claims?.amr).toEqual(['pwd', 'otp']);
  });

  it('refuses a code already used, even within its 30 seconds, and the next one works', async () => {
    const { secret } = await enrolled('reuse', 'reuse-password-1');
    // The code that confirmed the set-up was recorded as used.
    const { browser, request, page } = await afterPassword('reuse', 'reuse-password-1');
    const reused = await submitCode(browser, page, nextCode(secret, 0));
    expect(reused.status).toBe(400);
    expect(reused.html).toContain('That code was already used');
    const wrong = await submitCode(browser, reused, '000000' === nextCode(secret, 1) ? '111111' : '000000');
    expect(wrong.html).toContain('That code is not right');
    await finishSignIn(t, request, await submitCode(browser, wrong, nextCode(secret, 1)));
  });

  it('never lets the second step be skipped: a forged ticket or one from another sign-in is refused', async () => {
    await enrolled('mallory', 'mallory-password-1');
    const { browser, page } = await afterPassword('mallory', 'mallory-password-1');
    const ticket = field(page.html, 'ticket');
    const forged = `${Buffer.from('someone-else').toString('base64url')}.${ticket.split('.').slice(1).join('.')}`;
    const action = new URL(FormBrowser.action(page.html, '/second-factor'), origin()).href;
    const refused = await browser.follow(action, { form: { csrf: FormBrowser.csrf(page.html), ticket: forged, method: 'totp', code: '123456' } });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('has expired');
    // A ticket from another interaction is not this one's.
    const other = await afterPassword('mallory', 'mallory-password-1');
    const crossed = await browser.follow(action, { form: { csrf: FormBrowser.csrf(page.html), ticket: field(other.page.html, 'ticket'), method: 'totp', code: '123456' } });
    expect(crossed.status).toBe(400);
  });
});

describe('recovery codes', () => {
  it('sign in once each instead of a code; used, a code is refused; the account page counts what is left', async () => {
    const { codes } = await enrolled('rosa', 'rosa-password-1');
    const first = await afterPassword('rosa', 'rosa-password-1');
    const typed = codes[3]!.toUpperCase().replace(/-/g, ' ');
    await finishSignIn(t, first.request, await submitCode(first.browser, first.page, typed, 'recovery'));

    const second = await afterPassword('rosa', 'rosa-password-1');
    const again = await submitCode(second.browser, second.page, codes[3]!, 'recovery');
    expect(again.status).toBe(400);
    expect(again.html).toContain('That recovery code is not right, or it was used before');
    expect(again.html).toMatch(/<details open>/);
    const audit = await t.run('audit.list', { type: 'user.changed', limit: 5 });
    expect(audit.items.map((event) => event.summary)).toContain('rosa used a recovery code (9 left)');
  });
});

describe('a role that requires a second factor', () => {
  it('makes its users set up an authenticator app during sign-in, shows their recovery codes, then lets them in', async () => {
    await t.run('roles.create', { name: 'caretaker', scopes: ['lights:read'] });
    await t.run('settings.update', { secondFactorRoles: ['admin', 'caretaker'] });
    await t.addUser('carl', 'carl-password-1', ['caretaker']);
    const { browser, request, page } = await afterPassword('carl', 'carl-password-1');
    expect(page.html).toContain('Your role requires a second factor');
    const secret = shownSecret(page.html);
    const wrong = await browser.follow(new URL(FormBrowser.action(page.html, '/enrol'), origin()).href, { form: { csrf: FormBrowser.csrf(page.html), ticket: field(page.html, 'ticket'), code: '999999' === nextCode(secret, 0) ? '999998' : '999999' } });
    expect(wrong.status).toBe(400);
    expect(shownSecret(wrong.html)).toBe(secret); // the same key, not a new one to scan again
    const codesPage = await browser.follow(new URL(FormBrowser.action(wrong.html, '/enrol'), origin()).href, { form: { csrf: FormBrowser.csrf(wrong.html), ticket: field(wrong.html, 'ticket'), code: nextCode(secret, 0) } });
    expect(recoveryCodes(codesPage.html)).toHaveLength(10);
    const done = await browser.follow(new URL(FormBrowser.action(codesPage.html, '/continue'), origin()).href, { form: { csrf: FormBrowser.csrf(codesPage.html), ticket: field(codesPage.html, 'ticket') } });
    await finishSignIn(t, request, done);
    expect((await t.run('users.list', { query: 'carl' })).items[0]!.secondFactors.totp).toBe(true);
    await t.run('settings.update', { secondFactorRoles: ['admin'] });
  });

  it('applies to the admin role only once an admin has set up a factor', async () => {
    await t.addUser('ada', 'ada-password-12', ['admin']);
    expect((await afterPassword('ada', 'ada-password-12')).page.location).toMatch(/^https:\/\/app\.example\.test\/callback\?code=/);
    await enrolled('abe', 'abe-password-12', ['admin']);
    expect((await afterPassword('ada', 'ada-password-12')).page.html).toContain('Your role requires a second factor');
  });
});

describe('an administrator', () => {
  it('resets a user\'s factors (audited); the user then signs in with the password alone', async () => {
    await enrolled('lost', 'lost-password-1');
    const reset = await t.run('users.resetSecondFactors', { id: 'lost' });
    expect(reset.secondFactors).toEqual({ totp: false, passkeys: 0 });
    const audit = await t.run('audit.list', { type: 'user.changed', limit: 1 });
    expect(audit.items[0]).toMatchObject({ actor: 'test', summary: 'Second factors of lost reset by test: authenticator app, 10 recovery code(s)' });
    expect((await afterPassword('lost', 'lost-password-1')).page.location).toMatch(/^https:\/\/app\.example\.test\/callback\?code=/);
  });
});

describe('wrong codes', () => {
  let locked: TestHub;
  beforeAll(async () => {
    locked = await startHub({ limits: { loginFailuresPerUserAndAddress: 3 } });
  });
  afterAll(async () => {
    await locked.stop();
    removeDataDir(locked.dataDir);
  });

  it('lock the account like wrong passwords: after three, even the right code waits', async () => {
    const saved = t;
    t = locked;
    try {
      app = await addFirstPartyApp(t);
      const { secret } = await enrolled('guess', 'guess-password-1');
      const { browser, page } = await afterPassword('guess', 'guess-password-1');
      const right = nextCode(secret, 1);
      const wrong = right === '000000' ? '000001' : '000000';
      let current: Page = page;
      for (let attempt = 0; attempt < 3; attempt += 1) {
        current = await submitCode(browser, current, wrong);
        expect(current.status).toBe(400);
      }
      const refused = await submitCode(browser, current, right);
      expect(refused.status).toBe(429);
      expect(refused.html).toContain('Too many wrong codes. Try again in 15 minutes.');
      const audit = await t.run('audit.list', { type: 'login.failed', limit: 10 });
      expect(audit.items.some((event) => event.summary.includes('locked out'))).toBe(true);
    } finally {
      t = saved;
    }
  });

  it('count with wrong passwords, per username and address: two wrong codes and a wrong password lock that pair only', async () => {
    const saved = t;
    t = locked;
    try {
      const grantApp = await t.addClient({ name: 'Wall panel', kind: 'first_party', grants: ['password'], scopes: ['lights:read'] });
      const passwordFrom = async (from: string, password: string) => {
        const body = new URLSearchParams({ grant_type: 'password', client_id: grantApp.clientId, client_secret: grantApp.secret!, username: 'mixed', password }).toString();
        const answer = await call(t.url, from, { method: 'POST', path: '/token', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body }, 30_000);
        return (JSON.parse(answer.body) as { error_description?: string }).error_description ?? '';
      };
      const { secret } = await enrolled('mixed', 'mixed-password-1');
      const { browser, page } = await afterPassword('mixed', 'mixed-password-1'); // from 127.0.0.1
      const right = nextCode(secret, 1);
      const wrong = right === '000000' ? '000001' : '000000';
      let current: Page = page;
      for (let attempt = 0; attempt < 2; attempt += 1) current = await submitCode(browser, current, wrong);
      expect(current.status).toBe(400);
      expect(await passwordFrom('127.0.0.1', 'wrong-password-1')).toBe('Wrong username or password.');
      // The pair (mixed, 127.0.0.1) has had three failures: code, code, password.
      expect(await passwordFrom('127.0.0.1', 'mixed-password-1')).toMatch(/^Too many failed sign-ins/);
      expect((await submitCode(browser, current, right)).status).toBe(429);
      // Another device is not locked out: its right password gets as far as the second-factor refusal.
      expect(await passwordFrom('127.0.0.2', 'mixed-password-1')).toMatch(/second factor/);
    } finally {
      closeAgents();
      t = saved;
    }
  });
});
