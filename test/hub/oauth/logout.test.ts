// RP-initiated logout (OpenID RP-Initiated Logout 1.0) and back-channel logout (OpenID
// Back-Channel Logout 1.0) as a relying party nobody here wrote sees them: openid-client signs in
// and builds the end-session request, a cookie-keeping form client plays the person, a real HTTP
// receiver on 127.0.0.1 takes the logout tokens, and jose verifies them against the JWKS.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { createLogger } from '../../../main/hub/log.ts';
import { FormBrowser, type Page } from '../../support/browser.ts';
import { removeDataDir, startHub, type TestHub } from '../../support/hub.ts';
import { BackchannelReceiver, rpConfiguration, startSignIn, verifyLogoutToken } from '../../support/relying-party.ts';

const CALLBACK = 'https://planner.example.test/cb';
const SIGNED_OUT = 'https://planner.example.test/signed-out';
const PASSWORD = 'alice-password-1';
/** What a browser asks for when it navigates; the provider's error pages are HTML only then. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,*/*;q=0.8';

let t: TestHub;
let receiver: BackchannelReceiver;
const log: string[] = [];
let aliceId: string;

beforeAll(async () => {
  const lines = new PassThrough();
  lines.on('data', (chunk: Buffer) => log.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  t = await startHub({ logger: createLogger({ json: true, destination: lines }) });
  aliceId = (await t.addUser('alice', PASSWORD, [])).id;
  receiver = await BackchannelReceiver.start();
});
afterAll(async () => {
  await receiver.close();
  await t.stop();
  removeDataDir(t.dataDir);
});

async function planner(options: { backchannel?: string; name?: string } = {}) {
  const { client: created, clientSecret } = await t.run('clients.create', {
    kind: 'web',
    name: options.name ?? 'Garden planner',
    grants: ['authorization_code'],
    redirectUris: [CALLBACK],
    postLogoutRedirectUris: [SIGNED_OUT],
    backchannelLogoutUri: options.backchannel ?? null,
    firstParty: true,
  });
  return { clientId: created.clientId, config: await rpConfiguration(t.issuer, created.clientId, clientSecret) };
}

const hubOrigin = () => new URL(t.issuer).origin;
const isLoginPage = (page: Page) => page.status === 200 && page.html.includes('/login"');

/** Signs alice in to the app in `browser` (a person at one browser) and returns its tokens. */
async function signIn(browser: FormBrowser, config: client.Configuration) {
  const { url, finish } = await startSignIn(config, CALLBACK);
  const { finalUrl } = await browser.authorize(url.href, { username: 'alice', password: PASSWORD });
  return finish(finalUrl);
}

/** Answers the hub's "Sign out of …?" page the way the person chooses. */
async function confirmSignOut(browser: FormBrowser, page: Page, choice: 'yes' | 'no' = 'yes'): Promise<Page> {
  expect(page.status).toBe(200);
  expect(page.html).toMatch(/Sign out of/);
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.html)![1]!;
  return browser.request(new URL(FormBrowser.action(page.html, '/logout/confirm'), t.url).href, { form: { xsrf, ...(choice === 'yes' ? { logout: 'yes' } : {}) } });
}

describe('RP-initiated logout', () => {
  it('ends the hub session and returns to the registered URI with state; the next sign-in asks for the password', async () => {
    const app = await planner();
    const browser = new FormBrowser(hubOrigin());
    const tokens = await signIn(browser, app.config);
    const idToken = tokens.id_token!;
    expect(tokens.claims()?.sub).toBe(aliceId);

    // Signed in: a second authorization needs no password.
    const again = await startSignIn(app.config, CALLBACK);
    expect((await browser.follow(again.url.href)).location).toMatch(/^https:\/\/planner\.example\.test\/cb\?code=/);

    const endSession = client.buildEndSessionUrl(app.config, { id_token_hint: idToken, post_logout_redirect_uri: SIGNED_OUT, state: 'bye-1' });
    expect(endSession.href.startsWith(`${t.issuer}/logout?`)).toBe(true);
    const done = await confirmSignOut(browser, await browser.request(endSession.href));
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${SIGNED_OUT}?state=bye-1`);

    // The session is gone: the next authorization request shows the login form again.
    const afterwards = await startSignIn(app.config, CALLBACK);
    expect(isLoginPage(await browser.follow(afterwards.url.href))).toBe(true);
    // And the tokens that lived with it are revoked.
    const introspected = await client.tokenIntrospection(app.config, tokens.access_token);
    expect(introspected.active).toBe(false);
  });

  it('serves POST at the end-session endpoint as the same GET (RP-Initiated Logout §2)', async () => {
    const app = await planner();
    const browser = new FormBrowser(hubOrigin());
    const tokens = await signIn(browser, app.config);
    const params = { id_token_hint: tokens.id_token!, post_logout_redirect_uri: SIGNED_OUT, state: 'bye-post' };
    const posted = await browser.request(`${t.issuer}/logout`, { form: params });
    expect(posted.status).toBe(303);
    const target = new URL(posted.location!);
    expect(`${target.origin}${target.pathname}`).toBe(`${t.issuer}/logout`);
    expect(Object.fromEntries(target.searchParams)).toEqual(params);
    const done = await confirmSignOut(browser, await browser.request(target.href));
    expect(done.location).toBe(`${SIGNED_OUT}?state=bye-post`);
  });

  it('refuses an unregistered post_logout_redirect_uri with an error page, never a redirect, and keeps the session', async () => {
    const app = await planner();
    const browser = new FormBrowser(hubOrigin());
    const tokens = await signIn(browser, app.config);
    for (const uri of ['https://elsewhere.example.test/', `${SIGNED_OUT}/more`, 'https://planner.example.test/Signed-out']) {
      const refused = await browser.request(client.buildEndSessionUrl(app.config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: uri, state: 's' }).href, { headers: { accept: BROWSER_ACCEPT } });
      expect(refused.status, uri).toBe(400);
      expect(refused.location).toBeNull();
      expect(refused.html).toContain('is not registered for it, so you were not sent there');
      expect(refused.html).toContain('you are still signed in');
      expect(refused.html).not.toMatch(/<script|http-equiv="refresh"/i);
    }
    // Still signed in.
    const again = await startSignIn(app.config, CALLBACK);
    expect((await browser.follow(again.url.href)).location).toMatch(/\?code=/);
  });

  it('without a post-logout URI, or with "No, stay signed in", ends on the hub\'s own pages', async () => {
    const app = await planner();
    const browser = new FormBrowser(hubOrigin());
    const tokens = await signIn(browser, app.config);
    // "No": this app's session ends (its grant is revoked) but the hub session stays.
    const stayed = await confirmSignOut(browser, await browser.request(client.buildEndSessionUrl(app.config, { id_token_hint: tokens.id_token! }).href), 'no');
    expect(stayed.location).toMatch(new RegExp(`^${t.issuer}/logout/success\\?client_id=`));
    expect((await browser.follow(stayed.location!)).html).toMatch(/You are signed out/);
    expect((await client.tokenIntrospection(app.config, tokens.access_token)).active).toBe(false);
    const again = await startSignIn(app.config, CALLBACK);
    expect((await browser.follow(again.url.href)).location).toMatch(/\?code=/);
  });
});

describe('back-channel logout', () => {
  it('posts a logout token, signed by the hub\'s key, with the event, sub and the sid of the ID token, to every app of the session', async () => {
    const hub = { issuer: t.issuer, jwksUri: t.as.jwks_uri! };
    const first = await planner({ backchannel: receiver.url, name: 'Planner' });
    const second = await planner({ backchannel: `${receiver.url}?app=2`, name: 'Weather' });
    const browser = new FormBrowser(hubOrigin());
    const firstTokens = await signIn(browser, first.config);
    const secondTokens = await signIn(browser, second.config);
    // The ID tokens carry the session id the logout token will name (backchannel_logout_session_required).
    const firstSid = firstTokens.claims()?.sid as string;
    const secondSid = secondTokens.claims()?.sid as string;
    expect(firstSid).toEqual(expect.any(String));
    expect(secondSid).toEqual(expect.any(String));

    receiver.tokens.length = 0;
    const done = await confirmSignOut(browser, await browser.request(client.buildEndSessionUrl(first.config, { id_token_hint: firstTokens.id_token!, post_logout_redirect_uri: SIGNED_OUT }).href));
    expect(done.location).toBe(SIGNED_OUT);
    expect(receiver.tokens).toHaveLength(2);
    const byAudience = new Map<string, Awaited<ReturnType<typeof verifyLogoutToken>>>();
    for (const token of receiver.tokens) {
      const audience = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).aud as string;
      byAudience.set(audience, await verifyLogoutToken(token, hub, audience));
    }
    expect(byAudience.get(first.clientId)).toMatchObject({ sub: aliceId, sid: firstSid });
    expect(byAudience.get(second.clientId)).toMatchObject({ sub: aliceId, sid: secondSid });
    // A token signed for one app is not accepted as the other's.
    await expect(verifyLogoutToken(receiver.tokens[0]!, hub, 'someone-else')).rejects.toThrow();
  });

  it('a receiver that fails does not stop the sign-out; the hub logs which app missed it', async () => {
    const app = await planner({ backchannel: receiver.url, name: 'Broken app' });
    const browser = new FormBrowser(hubOrigin());
    const tokens = await signIn(browser, app.config);
    receiver.status = 500;
    try {
      const done = await confirmSignOut(browser, await browser.request(client.buildEndSessionUrl(app.config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: SIGNED_OUT, state: 'x' }).href));
      expect(done.location).toBe(`${SIGNED_OUT}?state=x`);
    } finally {
      receiver.status = 200;
    }
    const entry = log.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'back-channel logout notification failed');
    expect(entry).toMatchObject({ level: 40, clientId: app.clientId, uri: receiver.url });
    const again = await startSignIn(app.config, CALLBACK);
    expect(isLoginPage(await browser.follow(again.url.href))).toBe(true);
  });
});

describe('the console\'s own client', () => {
  it('may return to /console/ after signing out, and nowhere else; operators cannot change that', async () => {
    const endSession = (uri: string) => `${t.issuer}/logout?${new URLSearchParams({ client_id: 'lanyard-console', post_logout_redirect_uri: uri, state: 's' })}`;
    const browser = new FormBrowser(hubOrigin());
    // Nobody is signed in here, so the provider goes straight on to its confirmation step.
    expect((await browser.request(endSession(`${t.url}/console/`))).status).toBe(200);
    expect((await browser.request(endSession('https://elsewhere.example.test/console/'))).status).toBe(400);
    const refused = await t.run('clients.update', { clientId: 'lanyard-console', postLogoutRedirectUris: ['https://elsewhere.example.test/'] }).then(() => null, (error: unknown) => error);
    expect(refused).toMatchObject({ error: { code: 'conflict' } });
  });
});
