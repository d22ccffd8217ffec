// The password grant cannot ask for a second factor: a user who has one (or whose role requires
// one) is refused with invalid_grant saying why — unless the operator allowed it for that
// application, as Smartenit-style apps know no other way. Driven by oauth4webapi and by the
// Smartenit JSON alias, against a real hub.
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insecure, removeDataDir, startHub, type TestHub } from '../../support/hub.ts';
import { accountPost, nextCode, openAccount, shownSecret, submitPassword } from '../../support/account.ts';
import { FormBrowser } from '../../support/browser.ts';

let t: TestHub;
let strict: { clientId: string; secret: string };
let lenient: { clientId: string; secret: string };

async function passwordGrant(client: { clientId: string; secret: string }, username: string, password: string) {
  const response = await oauth.genericTokenEndpointRequest(t.as, { client_id: client.clientId }, oauth.ClientSecretBasic(client.secret), 'password', new URLSearchParams({ username, password, scope: 'lights:read' }), insecure);
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

beforeAll(async () => {
  t = await startHub();
  await t.run('roles.create', { name: 'resident', scopes: ['lights:read'] });
  await t.addUser('alice', 'alice-password-1', ['resident']);
  await t.addUser('bob', 'bob-password-12', ['resident']);
  const a = await t.addClient({ name: 'Wall panel', kind: 'first_party', grants: ['password'], scopes: ['lights:read'] });
  const b = await t.addClient({ name: 'Smartenit app', kind: 'first_party', grants: ['password'], scopes: ['lights:read'] });
  strict = { clientId: a.clientId, secret: a.secret! };
  lenient = { clientId: b.clientId, secret: b.secret! };
  // alice sets up an authenticator app on her account page.
  const browser = new FormBrowser(new URL(t.issuer).origin);
  const overview = await submitPassword(browser, await openAccount(browser), 'alice', 'alice-password-1');
  const setup = await accountPost(browser, overview, '/account/totp/setup');
  await accountPost(browser, setup, '/account/totp/confirm', { code: nextCode(shownSecret(setup.html), 0) });
});
afterAll(async () => {
  await t.stop();
  removeDataDir(t.dataDir);
});

describe('the password grant and second factors', () => {
  it('refuses a user with a second factor with invalid_grant, saying why and what to do', async () => {
    const refused = await passwordGrant(strict, 'alice', 'alice-password-1');
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_grant');
    expect(refused.body.error_description).toMatch(/second factor, which the password grant cannot ask for.*authorization code or device flow.*allow the password grant with second factors/);
    expect(refused.body.access_token).toBeUndefined();
    // A user without one is unaffected.
    expect((await passwordGrant(strict, 'bob', 'bob-password-12')).body.access_token).toEqual(expect.any(String));
  });

  it('still checks the password first: a wrong one is the usual refusal, not a hint that the account has a factor', async () => {
    const refused = await passwordGrant(strict, 'alice', 'wrong-password-1');
    expect(refused.body).toMatchObject({ error: 'invalid_grant', error_description: 'Wrong username or password.' });
  });

  it('works for an application the operator allowed, off by default (also at the Smartenit JSON alias)', async () => {
    expect((await t.run('clients.get', { clientId: lenient.clientId })).passwordWithSecondFactor).toBe(false);
    await t.run('clients.update', { clientId: lenient.clientId, passwordWithSecondFactor: true });
    expect((await passwordGrant(lenient, 'alice', 'alice-password-1')).body).toMatchObject({ access_token: expect.any(String), scope: 'lights:read' });
    const json = await fetch(`${t.url}/v2/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'password', username: 'alice', password: 'alice-password-1', client_id: lenient.clientId, client_secret: lenient.secret }) });
    expect(json.status).toBe(200);
    expect((await passwordGrant(strict, 'alice', 'alice-password-1')).body.error).toBe('invalid_grant');
  });

  it('refuses a user whose role requires a factor they have not set up', async () => {
    await t.run('settings.update', { secondFactorRoles: ['admin', 'resident'] });
    const refused = await passwordGrant(strict, 'bob', 'bob-password-12');
    expect(refused.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/must set up a second factor.*\/account/) });
    await t.run('settings.update', { secondFactorRoles: ['admin'] });
  });
});
