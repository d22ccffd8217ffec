// Real Chromium, a real hub on http://127.0.0.1 and a relying party on http://localhost — another
// site, over plain HTTP, as on a LAN. The relying party is openid-client; its pages send the
// person to the hub by form POST (OIDC Core §3.1.2.1, RP-Initiated Logout §2) and receive
// back-channel logout tokens, verified with jose. The hub's cookies stay SameSite=Lax, and what a
// cross-site page must not be able to do, it cannot.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDataDir, startHub, type TestHub } from '../support/hub.ts';
import { BackchannelReceiver, rpConfiguration, verifyLogoutToken } from '../support/relying-party.ts';
import { launchChromium } from '../support/chromium.ts';

const PASSWORD = 'alice-password-1';
const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const formPage = (title: string, action: string, fields: Record<string, string>) =>
  `<!doctype html><title>${escape(title)}</title><h1>${escape(title)}</h1><form method="post" action="${escape(action)}">${Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('')}<button type="submit">Continue</button></form>`;

/**
 * The relying party at http://localhost:<port>: /login and /logout answer with a page whose form
 * posts to the hub; /cb finishes the sign-in with openid-client; /signed-out shows the state;
 * /post?to=…&…fields sends any form anywhere (the "other site" of the CSRF tests).
 */
class RelyingParty {
  readonly server: Server;
  readonly config: client.Configuration;
  readonly hubUrl: string;
  pending: Parameters<typeof client.authorizationCodeGrant>[2] = {};
  idToken: string | undefined;
  sid: string | undefined;

  constructor(config: client.Configuration, hubUrl: string) {
    this.config = config;
    this.hubUrl = hubUrl;
    this.server = createServer((req, res) => {
      this.handle(new URL(req.url!, this.url)).then(
        (html) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html),
        (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(error.message),
      );
    });
  }

  get url(): string {
    return `http://localhost:${(this.server.address() as AddressInfo).port}`;
  }

  async handle(url: URL): Promise<string> {
    switch (url.pathname) {
      case '/login': {
        const verifier = client.randomPKCECodeVerifier();
        const [state, nonce] = [client.randomState(), client.randomNonce()];
        this.pending = { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce };
        const request = client.buildAuthorizationUrl(this.config, {
          redirect_uri: `${this.url}/cb`, scope: 'openid', state, nonce,
          code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
          ...Object.fromEntries(url.searchParams),
        });
        return formPage('Sign in with Lanyard', `${request.origin}${request.pathname}`, Object.fromEntries(request.searchParams));
      }
      case '/cb': {
        const tokens = await client.authorizationCodeGrant(this.config, url, this.pending);
        this.idToken = tokens.id_token;
        this.sid = tokens.claims()?.sid as string | undefined;
        return `<!doctype html><title>Planner</title><h1>Signed in as ${escape(String(tokens.claims()?.sub))}</h1>`;
      }
      case '/logout': {
        const request = client.buildEndSessionUrl(this.config, { id_token_hint: this.idToken!, post_logout_redirect_uri: `${this.url}/signed-out`, state: url.searchParams.get('state') ?? 'bye', ...Object.fromEntries(url.searchParams) });
        return formPage('Sign out', `${request.origin}${request.pathname}`, Object.fromEntries(request.searchParams));
      }
      case '/signed-out':
        return `<!doctype html><title>Planner</title><h1>Signed out (state ${escape(url.searchParams.get('state') ?? '')})</h1>`;
      case '/post': {
        const { to, ...fields } = Object.fromEntries(url.searchParams);
        return formPage('Another site', `${this.hubUrl}${to}`, fields);
      }
      default:
        return '<!doctype html><title>Not here</title>';
    }
  }
}

let t: TestHub;
let rp: RelyingParty;
let receiver: BackchannelReceiver;
let browser: Browser;
let aliceId: string;

beforeAll(async () => {
  [t, browser, receiver] = await Promise.all([startHub(), launchChromium(), BackchannelReceiver.start()]);
  aliceId = (await t.addUser('alice', PASSWORD, [])).id;
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => resolve(free));
    });
  });
  const rpUrl = `http://localhost:${port}`;
  const { client: created, clientSecret } = await t.run('clients.create', {
    kind: 'web', name: 'Planner', grants: ['authorization_code'], redirectUris: [`${rpUrl}/cb`],
    postLogoutRedirectUris: [`${rpUrl}/signed-out`], backchannelLogoutUri: receiver.url,
  });
  rp = new RelyingParty(await rpConfiguration(t.issuer, created.clientId, clientSecret), t.url);
  await new Promise<void>((resolve) => rp.server.listen(port, '127.0.0.1', resolve));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => rp?.server.close(resolve));
  await receiver?.close();
  await t?.stop();
  if (t) removeDataDir(t.dataDir);
});

async function signInOnHub(page: Page) {
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('a relying party on another site, over plain HTTP', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await browser.newContext();
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(() => context.close());

  it('signs in by form POST to /authorize: the hub\'s login and consent, then a code openid-client exchanges', async () => {
    await page.goto(`${rp.url}/login`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).origin).toBe(new URL(t.url).origin);
    await signInOnHub(page);
    await page.getByRole('heading', { name: 'Allow Planner?' }).waitFor();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.getByRole('heading', { name: `Signed in as ${aliceId}` }).waitFor();
    expect(rp.sid).toEqual(expect.any(String));
    // The hub's cookies are SameSite=Lax on plain HTTP: what a browser keeps without Secure.
    const cookies = (await context.cookies(t.url)).filter((cookie) => cookie.name.startsWith('_session'));
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies.map((cookie) => [cookie.sameSite, cookie.secure])).toEqual(cookies.map(() => ['Lax', false]));
  }, 60_000);

  it('a second POST from the other site finds the hub session (prompt=none): no password asked', async () => {
    await page.goto(`${rp.url}/login?prompt=none`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: `Signed in as ${aliceId}` }).waitFor();
  }, 60_000);

  it('refuses a cross-site post of the login form, even with the right CSRF token, and of the device code form', async () => {
    // A sign-in in progress: the login page and its token, as an attacker who had them would.
    await page.goto(`${rp.url}/login?prompt=login`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const action = await page.locator('form[action$="/login"]').getAttribute('action');
    const csrf = await page.locator('form[action$="/login"] input[name="csrf"]').inputValue();
    await page.goto(`${rp.url}/post?${new URLSearchParams({ to: action!, csrf, username: 'alice', password: PASSWORD })}`);
    const [answer] = await Promise.all([page.waitForResponse((response) => response.url().endsWith('/login') && response.request().method() === 'POST'), page.getByRole('button', { name: 'Continue' }).click()]);
    expect([400, 403]).toContain(answer.status());
    await page.getByRole('heading', { name: 'This page cannot be used' }).waitFor();
    expect(new URL(page.url()).origin).toBe(new URL(t.url).origin);

    await page.goto(`${rp.url}/post?${new URLSearchParams({ to: '/device', xsrf: 'f'.repeat(48), user_code: 'BCDF-GHJK' })}`);
    const [device] = await Promise.all([page.waitForResponse((response) => response.url().endsWith('/device') && response.request().method() === 'POST'), page.getByRole('button', { name: 'Continue' }).click()]);
    expect(device.status()).toBe(403);
    await page.getByText('This form was sent from another site, so it was refused.').waitFor();
  }, 60_000);

  it('signs out by form POST to /logout: the hub asks, tells the app over the back channel, and returns with state', async () => {
    receiver.tokens.length = 0;
    await page.goto(`${rp.url}/logout?state=bye-42`);
    await page.getByRole('button', { name: 'Continue' }).click();
    // The hub saw its session (the Lax cookie came with the GET): it asks instead of just confirming.
    await page.getByRole('heading', { name: /^Sign out of / }).waitFor();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByRole('heading', { name: 'Signed out (state bye-42)' }).waitFor();
    expect(page.url()).toBe(`${rp.url}/signed-out?state=bye-42`);

    expect(receiver.tokens).toHaveLength(1);
    const logoutToken = await verifyLogoutToken(receiver.tokens[0]!, { issuer: t.issuer, jwksUri: t.as.jwks_uri! }, rp.config.clientMetadata().client_id);
    expect(logoutToken).toMatchObject({ sub: aliceId, sid: rp.sid });

    // The hub session is over: the next sign-in asks for the password.
    await page.goto(`${rp.url}/login`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  }, 60_000);

  it('shows an error page, and goes nowhere, for a post-logout URI the app did not register', async () => {
    // Signing out revoked the consent too: the person is asked again.
    await signInOnHub(page);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.getByRole('heading', { name: `Signed in as ${aliceId}` }).waitFor();
    const endSession = client.buildEndSessionUrl(rp.config, { id_token_hint: rp.idToken!, post_logout_redirect_uri: 'http://localhost:9/elsewhere', state: 's' });
    const response = await page.goto(endSession.href);
    expect(response?.status()).toBe(400);
    await page.getByRole('heading', { name: 'This sign-out cannot continue' }).waitFor();
    await page.getByText(/not registered for it, so you were not sent there/).waitFor();
    expect(page.url()).toBe(endSession.href);
  }, 60_000);
});

describe('why the hub\'s cookies are not SameSite=None', () => {
  it('Chromium drops a SameSite=None cookie without Secure on plain HTTP', async () => {
    const server = createServer((_req, res) => {
      res.setHeader('set-cookie', ['none_plain=1; Path=/; HttpOnly; SameSite=None', 'lax_plain=1; Path=/; HttpOnly; SameSite=Lax']);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const context = await browser.newContext();
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      await (await context.newPage()).goto(url);
      expect((await context.cookies(url)).map((cookie) => cookie.name)).toEqual(['lax_plain']);
    } finally {
      await context.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
