// The shipped console build in real Chromium, signing in through a stand-in for the hub's
// OAuth endpoints (Playwright routes): discovery, authorization code + PKCE with
// oauth4webapi, the token exchange, bearer calls to /console/api, the 403 "not an admin"
// screen and sign-out. The real hub replaces these routes in console.e2e.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Route } from 'playwright-core';
import { builtConsoleInChromium, SHOTS as shots } from './built-console.ts';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('browser sign-in (stand-in hub)', () => {
  const built = builtConsoleInChromium();
  let origin: string;
  beforeAll(() => {
    origin = new URL(built.url).origin;
  });

  async function standInHub(context: BrowserContext, options: { apiStatus?: number } = {}) {
    const seen = { authorize: null as URL | null, tokenBody: null as URLSearchParams | null, apiAuth: [] as string[] };
    let nonce = '';
    await context.route(`${origin}/.well-known/openid-configuration`, (route) =>
      route.fulfill({
        json: {
          issuer: origin,
          authorization_endpoint: `${origin}/auth`,
          token_endpoint: `${origin}/token`,
          jwks_uri: `${origin}/jwks`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
          id_token_signing_alg_values_supported: ['RS256'],
          authorization_response_iss_parameter_supported: true,
        },
      }),
    );
    await context.route(`${origin}/auth?**`, (route) => {
      const url = new URL(route.request().url());
      seen.authorize = url;
      nonce = url.searchParams.get('nonce') ?? '';
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', 'code-1');
      back.searchParams.set('state', url.searchParams.get('state')!);
      back.searchParams.set('iss', origin);
      return route.fulfill({ status: 302, headers: { Location: back.href } });
    });
    await context.route(`${origin}/token`, (route) => {
      seen.tokenBody = new URLSearchParams(route.request().postData() ?? '');
      const now = Math.floor(Date.now() / 1000);
      const idToken = `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url({ iss: origin, aud: 'lanyard-console', sub: 'usr_1', preferred_username: 'admin', iat: now, exp: now + 600, nonce })}.c2ln`;
      return route.fulfill({ json: { access_token: 'at-1', token_type: 'Bearer', expires_in: 600, id_token: idToken, scope: 'openid lanyard:admin' } });
    });
    await context.route(`${origin}/console/api/**`, (route: Route) => {
      const request = route.request();
      seen.apiAuth.push(request.headers()['authorization'] ?? '');
      if (options.apiStatus) return route.fulfill({ status: options.apiStatus, json: { ok: false, error: { code: 'forbidden', message: 'admin role required' } } });
      const op = new URL(request.url()).pathname.split('/').pop();
      if (op === 'events') return route.fulfill({ status: 200, headers: { 'Content-Type': 'text/event-stream' }, body: ': nothing yet\n\n' });
      if (op === 'status.get')
        return route.fulfill({
          json: {
            ok: true,
            value: {
              version: '0.1.0',
              issuer: origin,
              urls: [origin],
              startedAt: new Date().toISOString(),
              uptimeSeconds: 5,
              counts: { clients: 1, users: 1, roles: 1, liveTokens: 0 },
              dataDir: '/tmp/lanyard',
              warnings: [],
              tls: null,
              backups: { intervalHours: 24, keep: 7, last: null, lastError: null, warning: null },
            },
          },
        });
      if (op === 'audit.list' || op === 'clients.list' || op === 'users.list' || op === 'tokens.list') return route.fulfill({ json: { ok: true, value: { items: [], nextCursor: null } } });
      return route.fulfill({ status: 404, json: { ok: false, error: { code: 'not_found', message: `no ${op} in the stand-in` } } });
    });
    return seen;
  }

  it('signs in with authorization code + PKCE and calls the API with the bearer token', async () => {
    const context = await built.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const seen = await standInHub(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(built.url);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.screenshot({ path: `${shots}signin.png` });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

    const authorize = seen.authorize!;
    expect(authorize.searchParams.get('client_id')).toBe('lanyard-console');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${origin}/console/`);
    expect(authorize.searchParams.get('scope')).toBe('openid lanyard:admin');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(seen.tokenBody?.get('grant_type')).toBe('authorization_code');
    expect(seen.tokenBody?.get('code')).toBe('code-1');
    expect(seen.tokenBody?.get('client_id')).toBe('lanyard-console');
    expect(seen.tokenBody?.get('redirect_uri')).toBe(`${origin}/console/`);
    expect(seen.tokenBody?.get('code_verifier')?.length).toBeGreaterThanOrEqual(43);
    expect(new Set(seen.apiAuth)).toEqual(new Set(['Bearer at-1']));
    // The code is gone from the address bar; the account shows in the header.
    expect(page.url()).toBe(`${origin}/console/`);
    await page.getByText('admin', { exact: true }).waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${shots}signed-in-dashboard.png` });

    // A reload keeps the session (sessionStorage); sign-out ends it.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    // Signing in again asks the hub for the login form, so another account can be used.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(seen.authorize?.searchParams.get('prompt')).toBe('login');
    expect(errors).toEqual([]);
    await context.close();
  }, 30_000);

  it('tells a non-admin that the account lacks the admin role', async () => {
    const context = await built.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await standInHub(context, { apiStatus: 403 });
    const page = await context.newPage();
    await page.goto(built.url);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Your account does not have the admin role.', { exact: false }).waitFor();
    await page.screenshot({ path: `${shots}not-admin.png` });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await context.close();
  }, 30_000);

  it('says so in words when the hub cannot be reached for sign-in', async () => {
    const context = await built.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(built.url);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/sign-in page could not be reached/).waitFor();
    await context.close();
  }, 30_000);
});
