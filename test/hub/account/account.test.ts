// The account page against a real hub, as a browser without JavaScript uses it: signing in
// through the hub's own login, seeing and revoking what holds tokens for you (and never anyone
// else's), personal access tokens, changing the password, and forms that did not come from it.
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountPost, openAccount, submitPassword } from '../../support/account.ts';
import { FormBrowser, type Page } from '../../support/browser.ts';
import { insecure, removeDataDir, startHub, type TestHub } from '../../support/hub.ts';

let t: TestHub;
let panel: { clientId: string; secret: string };
let rs: { clientId: string; secret: string };
const origin = () => new URL(t.issuer).origin;

async function signedIn(username: string, password: string): Promise<{ browser: FormBrowser; page: Page }> {
  const browser = new FormBrowser(origin());
  const page = await submitPassword(browser, await openAccount(browser), username, password);
  expect(page.html, page.html.slice(0, 500)).toContain('<h1>Your account</h1>');
  return { browser, page };
}

async function passwordToken(username: string, password: string): Promise<string> {
  const response = await oauth.genericTokenEndpointRequest(t.as, { client_id: panel.clientId }, oauth.ClientSecretBasic(panel.secret), 'password', new URLSearchParams({ username, password, scope: 'lights:read' }), insecure);
  return (await oauth.processGenericTokenEndpointResponse(t.as, { client_id: panel.clientId }, response)).access_token;
}

async function active(token: string): Promise<boolean> {
  const response = await oauth.introspectionRequest(t.as, { client_id: rs.clientId }, oauth.ClientSecretBasic(rs.secret), token, insecure);
  return (await oauth.processIntrospectionResponse(t.as, { client_id: rs.clientId }, response)).active;
}

/** The grant on the holdings row of the named application (rows within one second have no set order). */
function grantOf(html: string, clientName: string): string {
  const row = html.split('<tr>').find((cells) => cells.startsWith(`<td>${clientName}</td>`));
  const grantId = row && /name="grantId" value="([^"]+)"/.exec(row)?.[1];
  if (!grantId) throw new Error(`no revocable row for ${clientName} on the page`);
  return grantId;
}
const tokenIds = (html: string) => [...html.matchAll(/name="id" value="([^"]+)"/g)].map((match) => match[1]!);

beforeAll(async () => {
  t = await startHub();
  await t.run('roles.create', { name: 'resident', scopes: ['lights:read', 'lights:write'] });
  await t.addUser('alice', 'alice-password-1', ['resident']);
  await t.addUser('bob', 'bob-password-12', ['resident']);
  const p = await t.addClient({ name: 'Wall panel', kind: 'first_party', grants: ['password'], scopes: ['lights:read'] });
  panel = { clientId: p.clientId, secret: p.secret! };
  const r = await t.addClient({ name: 'Bridge', kind: 'service', grants: ['client_credentials'] });
  rs = { clientId: r.clientId, secret: r.secret! };
});
afterAll(async () => {
  await t.stop();
  removeDataDir(t.dataDir);
});

describe('the account page', () => {
  it('signs in through the hub\'s own login page and is linked from it', async () => {
    const browser = new FormBrowser(origin());
    const login = await openAccount(browser);
    expect(login.html).toContain('action="/interaction/');
    expect(login.html).toContain('<a href="/account">Manage your account</a>');
    const page = await submitPassword(browser, login, 'alice', 'alice-password-1');
    expect(page.html).toContain('Signed in as alice (resident).');
    expect(page.html).toContain('Lanyard account page <span class="muted">(this page)</span></td>'); // its own sign-in, listed like any application
  });

  it('speaks the chosen language, with links to the others', async () => {
    const browser = new FormBrowser(origin());
    browser.jar.set('lanyard_lang', 'es');
    const login = await openAccount(browser);
    expect(login.html).toContain('<h1>Iniciar sesión</h1>');
    const page = await submitPassword(browser, login, 'bob', 'bob-password-12');
    expect(page.html).toContain('<html lang="es">');
    expect(page.html).toContain('<h1>Tu cuenta</h1>');
    expect(page.html).toContain('Sesión iniciada como bob (resident).');
    expect(page.html).toContain('<h2 id="factors-heading">Segundos factores</h2>');
    expect(page.html).toContain('<h2 id="pat-heading">Tokens de acceso personal</h2>');
    expect(page.html).toMatch(/<a href="\/interaction-assets\/language\/en\?return=%2Faccount" hreflang="en" lang="en">English<\/a>/);
    expect(page.html).not.toContain('Your account');
  });

  it('shows the applications holding tokens for you, and revokes one', async () => {
    const token = await passwordToken('alice', 'alice-password-1');
    const { browser, page } = await signedIn('alice', 'alice-password-1');
    expect(page.html).toMatch(/<td>Wall panel<\/td><td>[^<]+UTC<\/td><td>lights:read<\/td>/);
    const after = await accountPost(browser, page, '/account/holdings/revoke', { grantId: grantOf(page.html, 'Wall panel') });
    expect(after.html).toContain('Revoked 1 token.');
    expect(await active(token)).toBe(false);
    expect(after.html).not.toContain('<td>Wall panel</td>');
  });

  it('never shows or revokes another user\'s tokens', async () => {
    const bobsToken = await passwordToken('bob', 'bob-password-12');
    const bobsPat = await t.run('personalTokens.create', { userId: 'bob', name: 'bob-only script', scopes: ['lights:read'], expiresIn: 3600 });
    const bob = await signedIn('bob', 'bob-password-12');
    const bobsGrant = grantOf(bob.page.html, 'Wall panel');

    const { browser, page } = await signedIn('alice', 'alice-password-1');
    expect(page.html).not.toContain('bob-only script');
    const grant = await accountPost(browser, page, '/account/holdings/revoke', { grantId: bobsGrant });
    expect(grant.status).toBe(404);
    expect(grant.html).toContain('Nothing of yours holds that');
    const pat = await accountPost(browser, page, '/account/tokens/revoke', { id: bobsPat.id });
    expect(pat.status).toBe(404);
    expect(pat.html).toContain('You have no such token.');
    expect(await active(bobsToken)).toBe(true);
    expect(await active(bobsPat.token)).toBe(true);
    // …and bob, on his own page, can.
    const own = await accountPost(bob.browser, bob.page, '/account/tokens/revoke', { id: bobsPat.id });
    expect(own.html).toContain('Revoked 1 token.');
    expect(await active(bobsPat.token)).toBe(false);
  });

  it('creates a personal access token shown once, with only scopes the user holds', async () => {
    const { browser, page } = await signedIn('alice', 'alice-password-1');
    expect(page.html).toContain('value="lights:write"');
    const shown = await accountPost(browser, page, '/account/tokens', { name: 'home script', 'scope.0': 'lights:read', expiresIn: '2592000' });
    const token = /id="token" type="text" readonly value="([^"]+)"/.exec(shown.html)![1]!;
    expect(await active(token)).toBe(true);
    const refused = await accountPost(browser, page, '/account/tokens', { name: 'sneaky', 'scope.0': 'lanyard:admin', expiresIn: '' });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('not lanyard:admin');
    const overview = await browser.follow(`${origin()}/account`);
    expect(overview.html).toContain('<td>home script</td><td>lights:read</td>');
    expect(overview.html).not.toContain(token);
    expect(tokenIds(overview.html)).toHaveLength(1);
  });

  it('changes the password after the current one and a confirmation; everything signed in elsewhere is revoked, this page stays', async () => {
    await t.addUser('carol', 'carol-password-1', ['resident']);
    const elsewhere = await passwordToken('carol', 'carol-password-1');
    const { browser, page } = await signedIn('carol', 'carol-password-1');
    expect(page.html).toContain('revokes 1 token held');
    const wrong = await accountPost(browser, page, '/account/password', { current: 'not-my-password', password: 'carol-password-2', repeat: 'carol-password-2', confirm: 'yes' });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('Your current password was not accepted');
    const unconfirmed = await accountPost(browser, page, '/account/password', { current: 'carol-password-1', password: 'carol-password-2', repeat: 'carol-password-2' });
    expect(unconfirmed.html).toContain('Tick the box');
    const changed = await accountPost(browser, page, '/account/password', { current: 'carol-password-1', password: 'carol-password-2', repeat: 'carol-password-2', confirm: 'yes' });
    expect(changed.html).toContain('Your password is changed. 1 token elsewhere was revoked.');
    expect(await active(elsewhere)).toBe(false);
    await expect(passwordToken('carol', 'carol-password-1')).rejects.toThrow();
    await passwordToken('carol', 'carol-password-2');
  });

  it('refuses forms that did not come from it, and sends the signed-out to the sign-in', async () => {
    const { browser, page } = await signedIn('alice', 'alice-password-1');
    const forged = await browser.follow(`${origin()}/account/tokens`, { form: { csrf: 'not-the-token', name: 'x', 'scope.0': 'lights:read', expiresIn: '' } });
    expect(forged.status).toBe(403);
    const crossSite = await browser.request(`${origin()}/account/sign-out`, { form: { csrf: FormBrowser.csrf(page.html) }, headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    const stranger = new FormBrowser(origin());
    const redirected = await stranger.request(`${origin()}/account/tokens`, { form: { csrf: 'x' } });
    expect(redirected).toMatchObject({ status: 303, location: `${origin()}/account` });
  });

  it('signs out: its token is revoked, the hub\'s sign-out follows and comes back to the account page', async () => {
    const { browser, page } = await signedIn('alice', 'alice-password-1');
    const before = (await t.run('tokens.list', { clientId: 'lanyard-account' })).items.length;
    const out = await browser.request(`${origin()}/account/sign-out`, { form: { csrf: FormBrowser.csrf(page.html) } });
    expect(out.status).toBe(303);
    expect(out.location).toBe(`${origin()}/logout?client_id=lanyard-account&post_logout_redirect_uri=${encodeURIComponent(`${origin()}/account`)}`);
    expect((await t.run('tokens.list', { clientId: 'lanyard-account' })).items.length).toBe(before - 1);

    const confirmPage = await browser.follow(out.location!);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirmPage.html)![1]!;
    const confirmed = await browser.request(new URL(FormBrowser.action(confirmPage.html, '/logout/confirm'), origin()).href, { form: { xsrf, logout: 'yes' } });
    expect(confirmed.location).toBe(`${origin()}/account`);
    const again = await browser.request(confirmed.location!);
    expect(again.location).toMatch(/\/authorize\?client_id=lanyard-account/); // signed out of the hub as well: its sign-in follows
  });
});
