// The hub's forms refuse cross-site posts by their own means, not only because SameSite=Lax keeps
// the cookies home: here the cookies always come along (as SameSite=None would send them), and a
// post is refused for a cross-site Origin even with the right token, and for a missing token even
// from the hub's own origin. Consent, cancel, the device forms and the sign-out confirmation.
// (The login form: test/hub/api.test.ts; real Chromium across sites: test/e2e/cross-site.e2e.test.ts.)
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { FormBrowser } from '../../support/browser.ts';
import { addResidentAlice, insecure, startHubForFile } from '../../support/hub.ts';

const OTHER_SITE = { origin: 'http://localhost:8080' };
const CALLBACK = 'https://planner.example.test/cb';
const t = startHubForFile(addResidentAlice);

const hub = () => new URL(t.issuer).origin;
const at = (path: string) => new URL(path, t.url).href;

/** A person signed in and looking at the consent page of a third-party app. */
async function atConsent() {
  const app = await t.addClient({ grants: ['authorization_code'], redirectUris: [CALLBACK], scopes: ['lights:read'] });
  const url = `${t.issuer}/authorize?${new URLSearchParams({ client_id: app.clientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'lights:read', code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()), code_challenge_method: 'S256' })}`;
  const browser = new FormBrowser(hub());
  const login = await browser.follow(url);
  const consent = await browser.follow(at(FormBrowser.action(login.html, '/login')), { form: { csrf: FormBrowser.csrf(login.html), username: 'alice', password: 'alice-password-1' } });
  expect(consent.html).toContain('/consent"');
  return { browser, consent };
}

describe('with the cookies present', () => {
  it('consent and cancel: refused from another site with the right token, and without the token from this one', async () => {
    const { browser, consent } = await atConsent();
    const csrf = FormBrowser.csrf(consent.html);
    for (const suffix of ['/consent', '/abort']) {
      const action = at(FormBrowser.action(suffix === '/consent' ? consent.html : consent.html.replace('/consent"', '/abort"'), suffix));
      const crossSite = await browser.request(action, { form: { csrf, decision: 'allow' }, headers: OTHER_SITE });
      expect([suffix, crossSite.status, crossSite.html.includes('sent from another site')]).toEqual([suffix, 403, true]);
      const tokenless = await browser.request(action, { form: { decision: 'allow' } });
      expect([suffix, tokenless.status, tokenless.html.includes('was not sent by this page')]).toEqual([suffix, 403, true]);
    }
    // Nothing was decided: the real form still works.
    const allowed = await browser.request(at(FormBrowser.action(consent.html, '/consent')), { form: { csrf, decision: 'allow' } });
    expect(allowed.status).toBe(303);
  });

  it('the device forms: refused from another site with the right token, and without the token', async () => {
    const device = await t.addClient({ kind: 'device', grants: ['device_code'], public: true, scopes: ['lights:read'] });
    const client = { client_id: device.clientId, token_endpoint_auth_method: 'none' } as const;
    const started = await oauth.processDeviceAuthorizationResponse(t.as, client, await oauth.deviceAuthorizationRequest(t.as, client, oauth.None(), new URLSearchParams({ scope: 'lights:read' }), insecure));
    const browser = new FormBrowser(hub());
    const codePage = await browser.request(`${t.url}/device`);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(codePage.html)![1]!;
    const crossSite = await browser.request(`${t.url}/device`, { form: { xsrf, user_code: started.user_code }, headers: OTHER_SITE });
    expect([crossSite.status, crossSite.html.includes('sent from another site')]).toEqual([403, true]);
    const tokenless = await browser.request(`${t.url}/device`, { form: { user_code: started.user_code } });
    expect([tokenless.status, tokenless.html.includes('was not sent by this page')]).toEqual([400, true]);
    // The confirmation form (after the code) likewise. (The refusal above renewed the token.)
    const renewed = /name="xsrf" value="([^"]+)"/.exec(tokenless.html)![1]!;
    const confirm = await browser.request(`${t.url}/device`, { form: { xsrf: renewed, user_code: started.user_code } });
    expect(confirm.html).toContain('name="confirm"');
    const confirmXsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.html)![1]!;
    const crossConfirm = await browser.request(`${t.url}/device`, { form: { xsrf: confirmXsrf, user_code: started.user_code, confirm: 'yes' }, headers: OTHER_SITE });
    expect(crossConfirm.status).toBe(403);
  });

  it('the sign-out confirmation: refused without its token, and the session stays', async () => {
    const { browser, consent } = await atConsent();
    await browser.request(at(FormBrowser.action(consent.html, '/consent')), { form: { csrf: FormBrowser.csrf(consent.html), decision: 'allow' } });
    const question = await browser.request(`${t.url}/logout`);
    expect(question.html).toMatch(/Sign out of/);
    const tokenless = await browser.request(`${t.url}/logout/confirm`, { form: { logout: 'yes' }, headers: { accept: 'text/html' } });
    expect(tokenless.status).toBe(400);
    expect((await browser.request(`${t.url}/logout`)).html, 'still signed in: the hub still asks').toMatch(/Sign out of/);
  });
});
