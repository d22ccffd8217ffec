// The device authorization grant (RFC 8628) end to end: oauth4webapi plays the device and
// polls; Chromium plays the person who enters the code, signs in and decides.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { closeSharedChromium, sharedChromium } from '../../support/chromium.ts';
import { deviceClient, PASSWORD, startHousehold, whoAmI, type Household } from '../../support/household.ts';

afterAll(closeSharedChromium);

async function newPage(): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await (await sharedChromium()).newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  // A CSP violation (an inline script, a foreign font) shows up as a console error; the
  // favicon Chromium asks for on its own is no page's fault.
  page.on('console', (message) => { if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => { if (response.status() >= 500 || (response.status() === 404 && !response.url().endsWith('/favicon.ico'))) errors.push(`${response.status()} ${response.url()}`); });
  return { page, errors, close: () => context.close() };
}

async function signIn(page: Page, username = 'alice'): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeTruthy();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
}

/** Introspects with the confidential device client's own credentials. */
async function introspect(seeded: Household, token: string) {
  const response = await fetch(`${seeded.issuer}/introspect`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${seeded.device.clientId}:${seeded.device.clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ token }),
  });
  return (await response.json()) as { active: boolean; aud?: string; scope?: string; sub?: string; client_id?: string };
}

describe('device authorization grant with a person in a browser', () => {
  it('codes, pending, the person allows in Chromium, the device gets tokens for the API', async () => {
    const seeded = await startHousehold();
    const device = deviceClient(seeded);
    const started = await device.start('lights:read lights:write locks:open');
    expect(started).toMatchObject({ verification_uri: `${seeded.issuer}/device`, expires_in: 600, interval: 1 });
    expect(started.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(started.verification_uri_complete).toBe(`${seeded.issuer}/device?user_code=${started.user_code}`);
    expect(started.device_code).toEqual(expect.any(String));

    expect(await device.poll(started.device_code)).toMatchObject({ ok: false, error: 'authorization_pending' });

    const { page, errors, close } = await newPage();
    try {
      const first = await page.goto(started.verification_uri_complete!);
      expect(first!.headers()['content-security-policy']).toMatch(/default-src 'none'/);
      await expect(page.getByRole('heading', { name: 'Connect a device' }).isVisible()).resolves.toBe(true);
      expect(await page.getByLabel('Code from your device').inputValue()).toBe(started.user_code);
      expect(await page.locator('script').count()).toBe(0);
      await page.getByRole('button', { name: 'Continue' }).click();

      // The confirmation names the device, shows the code and what it asks for.
      await page.getByRole('heading', { name: 'Connect Living-room panel?' }).waitFor();
      const confirm = await page.locator('main').innerText();
      expect(confirm).toContain(started.user_code);
      expect(confirm).toContain('See which lights are on');
      expect(confirm).toContain('Open the door locks');
      expect(confirm).toContain('127.0.0.1');
      await page.getByRole('button', { name: 'Continue' }).click();

      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await page.locator('main').innerText()).toContain('Living-room panel');
      await signIn(page);

      // Consent: the device's name, what alice's role allows, and what it withholds.
      await page.getByRole('heading', { name: 'Allow Living-room panel?' }).waitFor();
      const consent = await page.locator('main').innerText();
      expect(consent).toContain('See which lights are on');
      expect(consent).toContain('Switch lights on and off');
      expect(consent).toMatch(/Not granted.*locks:open/);
      await page.getByRole('button', { name: 'Allow' }).click();

      await page.getByRole('heading', { name: 'Device connected' }).waitFor();
      const done = await page.locator('main').innerText();
      expect(done).toContain('Living-room panel is now connected as alice');
      expect(await page.locator('script').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }

    await sleep(1100); // the interval is 1 s in these tests
    const result = await device.poll(started.device_code);
    if (!result.ok) throw new Error(`expected tokens, got ${result.error}: ${result.description}`);
    const { tokens } = result;
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.scope?.split(' ').sort()).toEqual(['lights:read', 'lights:write']);
    expect(tokens.refresh_token).toEqual(expect.any(String));

    expect(await whoAmI(seeded.issuer, tokens.access_token)).toMatchObject({ status: 200, body: { username: 'alice', client_id: seeded.device.clientId } });
    expect(await introspect(seeded, tokens.access_token)).toMatchObject({ active: true, aud: 'urn:lanyard:api', client_id: seeded.device.clientId });

    // The token is one operators see and can revoke.
    const listed = await seeded.hub.admin.run('tokens.list', { clientId: seeded.device.clientId }, 'test');
    expect(listed.items.map((token) => [token.type, token.username, token.scope.split(' ').sort().join(' ')]).sort()).toEqual([
      ['access_token', 'alice', 'lights:read lights:write'],
      ['refresh_token', 'alice', 'lights:read lights:write'],
    ]);

    // The refresh token works (the client has refresh_token).
    const refreshed = await device.refresh(tokens.refresh_token!);
    expect(refreshed.scope?.split(' ').sort()).toEqual(['lights:read', 'lights:write']);

    // A device code works once; presenting it again revokes what it gave (as for a replayed code).
    await sleep(1100);
    expect(await device.poll(started.device_code)).toMatchObject({ ok: false, error: 'invalid_grant' });
    expect((await whoAmI(seeded.issuer, refreshed.access_token)).status).toBe(401);
  });

  it('the person denies on the consent page: the device gets access_denied', async () => {
    const seeded = await startHousehold();
    const device = deviceClient(seeded);
    const started = await device.start('lights:read');
    const { page, errors, close } = await newPage();
    try {
      // Typed by hand at the plain verification URI, in lower case with a space.
      await page.goto(started.verification_uri);
      await page.getByLabel('Code from your device').fill(started.user_code.toLowerCase().replace('-', ' '));
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Connect Living-room panel?' }).waitFor();
      await page.getByRole('button', { name: 'Continue' }).click();
      await signIn(page);
      await page.getByRole('heading', { name: 'Allow Living-room panel?' }).waitFor();
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.getByRole('heading', { name: 'Request denied' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
    expect(await device.poll(started.device_code)).toMatchObject({ ok: false, error: 'access_denied' });
  });

  it('the person denies on the confirmation page, before signing in', async () => {
    const seeded = await startHousehold();
    const device = deviceClient(seeded);
    const started = await device.start();
    const { page, close } = await newPage();
    try {
      await page.goto(started.verification_uri_complete!);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Connect Living-room panel?' }).waitFor();
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.getByRole('heading', { name: 'Request denied' }).waitFor();
    } finally {
      await close();
    }
    expect(await device.poll(started.device_code)).toMatchObject({ ok: false, error: 'access_denied' });
  });

  it('a wrong code is refused on the page and can be corrected', async () => {
    const seeded = await startHousehold();
    const started = await deviceClient(seeded).start();
    const { page, close } = await newPage();
    try {
      await page.goto(`${seeded.issuer}/device`);
      await page.getByLabel('Code from your device').fill('BBBB-BBBB');
      const refused = page.waitForResponse((response) => response.request().method() === 'POST');
      await page.getByRole('button', { name: 'Continue' }).click();
      expect((await refused).status()).toBe(400);
      await expect(page.getByRole('alert').innerText()).resolves.toContain('No device is waiting for this code');
      expect(await page.getByLabel('Code from your device').getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel('Code from your device').fill(started.user_code);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Connect Living-room panel?' }).waitFor();
    } finally {
      await close();
    }
  });

  it('the code form needs the provider\'s xsrf token from this browser and refuses other sites', async () => {
    const seeded = await startHousehold();
    const started = await deviceClient(seeded).start();
    const form = await fetch(`${seeded.issuer}/device`);
    expect(form.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const cookies = form.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${seeded.issuer}/device`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookies, ...headers }, body: new URLSearchParams(body) });

    const foreign = await post({ xsrf, user_code: started.user_code }, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const noToken = await post({ user_code: started.user_code });
    expect(noToken.status).toBe(400);
    expect(await noToken.text()).toContain('This form has expired');
    // Without the session cookie (expired, blocked): back to a fresh form with the code kept.
    const noCookie = await fetch(`${seeded.issuer}/device`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ xsrf, user_code: started.user_code }) });
    expect(noCookie.status).toBe(303);
    expect(noCookie.headers.get('location')).toBe(`/device?user_code=${started.user_code}`);
    // Nothing was decided by those.
    expect((await seeded.hub.admin.run('devices.pending', {}, 'test')).map((request) => request.inProgress)).toEqual([false]);

    // The same form from this origin goes on to sign-in, whose form refuses other sites too.
    const jar = new Map(cookies.split('; ').map((pair) => pair.split('=') as [string, string]));
    const keep = (response: Response) => { for (const cookie of response.headers.getSetCookie()) { const [pair] = cookie.split(';'); const [name, value] = pair!.split('='); jar.set(name!, value!); } };
    const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    // (Every refused post gave this browser a new xsrf token: take the current page's.)
    const again = await fetch(`${seeded.issuer}/device`, { headers: { Cookie: cookie() } });
    const fresh = /name="xsrf" value="([^"]+)"/.exec(await again.text())![1]!;
    expect(fresh).not.toBe(xsrf);
    const confirmed = await fetch(`${seeded.issuer}/device`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie(), Origin: seeded.issuer }, body: new URLSearchParams({ xsrf: fresh, user_code: started.user_code, confirm: 'yes' }) });
    expect(confirmed.status).toBe(303);
    keep(confirmed);
    const login = await fetch(new URL(confirmed.headers.get('location')!, seeded.issuer), { headers: { Cookie: cookie() } });
    const html = await login.text();
    const action = /action="(\/interaction\/[^"]+\/login)"/.exec(html)![1]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const signIn = (origin: string) => fetch(`${seeded.issuer}${action}`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie(), Origin: origin }, body: new URLSearchParams({ csrf, username: 'alice', password: PASSWORD }) });
    expect((await signIn('http://evil.example')).status).toBe(403);
    expect((await signIn(seeded.issuer)).status).toBe(303);
  });

  it('a first-party device skips consent; the user still gets only what their roles allow', async () => {
    const seeded = await startHousehold();
    const created = await seeded.hub.admin.run('clients.create', { kind: 'device', name: 'Hall thermostat', firstParty: true, grants: ['device_code'], scopes: ['lights:read', 'locks:open'] }, 'test');
    const device = deviceClient({ ...seeded, device: { clientId: created.client.clientId, clientSecret: created.clientSecret! } });
    const started = await device.start('lights:read locks:open');
    const { page, close } = await newPage();
    try {
      await page.goto(started.verification_uri_complete!);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await signIn(page);
      await page.getByRole('heading', { name: 'Device connected' }).waitFor();
    } finally {
      await close();
    }
    const result = await device.poll(started.device_code);
    expect(result).toMatchObject({ ok: true, tokens: { scope: 'lights:read' } });
    expect((result as { tokens: { refresh_token?: string } }).tokens.refresh_token).toBeUndefined();
  });
});

describe('devices outlive the browser session that allowed them', () => {
  it('two devices of one client allowed in one browser: separate grants, both survive sign-out, revoking one spares the other', async () => {
    const seeded = await startHousehold();
    const device = deviceClient(seeded);
    const first = await device.start('lights:read');
    const second = await device.start('lights:read');
    const { page, close } = await newPage();
    try {
      for (const [index, started] of [first, second].entries()) {
        await page.goto(started.verification_uri_complete!);
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.getByRole('heading', { name: 'Connect Living-room panel?' }).waitFor();
        await page.getByRole('button', { name: 'Continue' }).click();
        if (index === 0) await signIn(page); // the second time the browser is already signed in
        await page.getByRole('heading', { name: 'Allow Living-room panel?' }).waitFor();
        await page.getByRole('button', { name: 'Allow' }).click();
        await page.getByRole('heading', { name: 'Device connected' }).waitFor();
      }
    } finally {
      await close();
    }
    const a = await device.poll(first.device_code);
    const b = await device.poll(second.device_code);
    if (!a.ok || !b.ok) throw new Error('expected tokens for both devices');
    const tokens = await seeded.hub.admin.run('tokens.list', { clientId: seeded.device.clientId, type: 'access_token' }, 'test');
    expect(new Set(tokens.items.map((token) => token.grantId)).size).toBe(2);

    // The person's browser session ends (sign-out, expiry): the devices keep working.
    expect(seeded.withDatabase((db) => db.prepare(`DELETE FROM oidc_models WHERE model = 'Session'`).run().changes)).toBeGreaterThan(0);
    expect((await whoAmI(seeded.issuer, a.tokens.access_token)).status).toBe(200);
    const refreshedB = await device.refresh(b.tokens.refresh_token!);
    expect((await whoAmI(seeded.issuer, refreshedB.access_token)).status).toBe(200);

    // Replaying the first device's code revokes what it got, and only that.
    await sleep(1100);
    expect(await device.poll(first.device_code)).toMatchObject({ ok: false, error: 'invalid_grant' });
    expect((await whoAmI(seeded.issuer, a.tokens.access_token)).status).toBe(401);
    expect((await whoAmI(seeded.issuer, refreshedB.access_token)).status).toBe(200);
  });
});

describe('polling as RFC 8628 §3.5 says', () => {
  it('slow_down when polling faster than the interval, and the interval grows by 5 s', async () => {
    const seeded = await startHousehold();
    const device = deviceClient(seeded);
    const started = await device.start();
    expect(await device.poll(started.device_code)).toMatchObject({ ok: false, error: 'authorization_pending' });
    const fast = await device.poll(started.device_code);
    expect(fast).toMatchObject({ ok: false, error: 'slow_down', description: expect.stringContaining('6 seconds') });
    // The old interval (1 s) is no longer enough.
    await sleep(1100);
    expect(await device.poll(started.device_code)).toMatchObject({ ok: false, error: 'slow_down' });
    // Other devices are not affected.
    const other = await device.start();
    expect(await device.poll(other.device_code)).toMatchObject({ ok: false, error: 'authorization_pending' });
  });

  it('polling at the interval stays authorization_pending; pending polls are not audited as refusals', async () => {
    const seeded = await startHousehold();
    const device = deviceClient(seeded);
    const started = await device.start();
    for (let i = 0; i < 3; i += 1) {
      expect(await device.poll(started.device_code)).toMatchObject({ ok: false, error: 'authorization_pending' });
      await sleep(1050);
    }
    const refused = await seeded.hub.admin.run('audit.list', { type: 'grant.refused' }, 'test');
    expect(refused.items).toEqual([]);
  });

  it('an expired device code: expired_token for the device, "expired" for the person', async () => {
    // The test ages the code in the database (payload exp, as the provider checks it) instead
    // of waiting ten minutes; the row itself stays for a grace period, as in real life.
    const seeded = await startHousehold();
    const device = deviceClient(seeded);
    const started = await device.start();
    const changed = seeded.withDatabase((db) => db.prepare(`UPDATE oidc_models SET payload = json_set(payload, '$.exp', ?) WHERE model = 'DeviceCode'`).run(Math.floor(Date.now() / 1000) - 1).changes);
    expect(changed).toBe(1);
    expect(await device.poll(started.device_code)).toMatchObject({ ok: false, error: 'expired_token' });

    const { page, close } = await newPage();
    try {
      await page.goto(started.verification_uri_complete!);
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByRole('alert').innerText()).resolves.toContain('This code has expired');
    } finally {
      await close();
    }
  });

  it('a public device (no secret) may use the grant; unknown device codes are invalid_grant', async () => {
    const seeded = await startHousehold();
    const device = deviceClient(seeded, 'publicDevice');
    const started = await device.start('lights:read');
    expect(await device.poll(started.device_code)).toMatchObject({ ok: false, error: 'authorization_pending' });
    expect(await device.poll('not-a-device-code')).toMatchObject({ ok: false, error: 'invalid_grant' });
  });

  it('a client without the device grant is refused at the device authorization endpoint', async () => {
    const seeded = await startHousehold();
    const response = await fetch(`${seeded.issuer}/device/auth`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${seeded.app.clientId}:${seeded.app.clientSecret}`).toString('base64')}` },
      body: 'scope=lights:read',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unauthorized_client' });
  });
});

describe('discovery', () => {
  it('lists the device authorization endpoint and the device_code grant, in both documents', async () => {
    const seeded = await startHousehold();
    for (const document of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
      const metadata = (await (await fetch(`${seeded.issuer}${document}`)).json()) as { device_authorization_endpoint?: string; grant_types_supported?: string[] };
      expect(metadata.device_authorization_endpoint).toBe(`${seeded.issuer}/device/auth`);
      expect(metadata.grant_types_supported).toContain('urn:ietf:params:oauth:grant-type:device_code');
    }
    expect(seeded.as.device_authorization_endpoint).toBe(`${seeded.issuer}/device/auth`);
  });
});
