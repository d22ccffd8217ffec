// The sign-in pages (login, consent, sign-out) as a browser without JavaScript meets them:
// accessible forms naming the application, escaped; CSRF and origin checks; no scripts.
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { FormBrowser } from '../../support/browser.ts';
import { addResidentAlice, startHubForFile } from '../../support/hub.ts';

const t = startHubForFile(addResidentAlice);

describe('Authorization UI', () => {
  const REDIRECT = 'https://app.example.test/cb';
  async function loginPage() {
    const web = await t.addClient({ name: 'Porch <Camera> & Co', grants: ['authorization_code'], redirectUris: [REDIRECT], scopes: ['lights:read'] });
    await t.run('scopes.upsert', { name: 'lights:read', description: 'See which lights are on' });
    const url = new URL(t.as.authorization_endpoint!);
    url.search = new URLSearchParams({ client_id: web.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'lights:read', state: 's', code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()), code_challenge_method: 'S256' }).toString();
    const browser = new FormBrowser(new URL(t.issuer).origin);
    return { browser, page: await browser.follow(url.href) };
  }

  it('renders an accessible login form naming the application, escaped, without scripts', async () => {
    const { page } = await loginPage();
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain('Porch &lt;Camera&gt; &amp; Co');
    expect(page.html).toMatch(/<label for="username">Username<\/label>/);
    expect(page.html).toMatch(/<label for="password">Password<\/label>/);
    expect(page.html).toMatch(/autocomplete="current-password"/);
    expect(page.html).not.toMatch(/<script/i);
  });

  it('shows a clear error for wrong credentials, announced to screen readers', async () => {
    const { browser, page } = await loginPage();
    const action = new URL(FormBrowser.action(page.html, '/login'), t.issuer).href;
    const again = await browser.request(action, { form: { csrf: FormBrowser.csrf(page.html), username: 'alice', password: 'wrong-password' } });
    expect(again.status).toBe(400);
    expect(again.html).toMatch(/role="alert">Wrong username or password\./);
    expect(again.html).toMatch(/aria-invalid="true"/);
    expect(again.html).toContain('value="alice"');
  });

  it('refuses a form without the CSRF token or from another origin', async () => {
    const { browser, page } = await loginPage();
    const action = new URL(FormBrowser.action(page.html, '/login'), t.issuer).href;
    const forged = await browser.request(action, { form: { csrf: 'forged', username: 'alice', password: 'alice-password-1' } });
    expect(forged.status, 'forged').toBe(403);
    const crossSite = await browser.request(action, { form: { csrf: FormBrowser.csrf(page.html), username: 'alice', password: 'alice-password-1' }, headers: { origin: 'https://evil.example' } });
    expect(crossSite.status, 'cross-site').toBe(403);
    // Without the browser's interaction cookie, the uid alone is useless.
    const stranger = await new FormBrowser(new URL(t.issuer).origin).request(action, { form: { csrf: FormBrowser.csrf(page.html), username: 'alice', password: 'alice-password-1' } });
    expect(stranger.status).toBe(400);
    expect(stranger.html).toMatch(/expired or was opened in another browser/);
  });

  it('describes requested scopes in words on the consent page', async () => {
    const { browser, page } = await loginPage();
    const action = new URL(FormBrowser.action(page.html, '/login'), t.issuer).href;
    const consent = await browser.follow(action, { form: { csrf: FormBrowser.csrf(page.html), username: 'alice', password: 'alice-password-1' } });
    expect(consent.status).toBe(200);
    expect(consent.html).toContain('See which lights are on');
    expect(consent.html).toMatch(/<button class="primary" type="submit" name="decision" value="allow"/);
  });
});

describe('sign-out', () => {
  it('asks a signed-in user on its own sign-out page: no scripts, no fonts from the internet', async () => {
    const web = await t.addClient({ grants: ['authorization_code'], redirectUris: ['https://app.example.test/cb'], firstParty: true });
    const url = new URL(t.as.authorization_endpoint!);
    url.search = new URLSearchParams({ client_id: web.clientId, redirect_uri: 'https://app.example.test/cb', response_type: 'code', code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()), code_challenge_method: 'S256' }).toString();
    const browser = new FormBrowser(new URL(t.issuer).origin);
    await browser.authorize(url.href, { username: 'alice', password: 'alice-password-1' });
    const page = await browser.request(`${t.url}/logout`);
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/Sign out of/);
    expect(page.html).not.toMatch(/googleapis|<script/);
    const signedOut = await browser.follow(new URL(FormBrowser.action(page.html, '/logout/confirm'), t.url).href, { form: { xsrf: /name="xsrf" value="([^"]+)"/.exec(page.html)![1]!, logout: 'yes' } });
    expect(signedOut.html).toMatch(/You are signed out/);
  });
});
