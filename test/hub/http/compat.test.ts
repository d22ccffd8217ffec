// Smartenit-style clients: /v2/oauth2/token and /v2/oauth2/authorize, JSON token requests,
// and the GET /v2/ping gateway probe. Standard clients must see no difference.
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { insecure } from '../../support/hub.ts';
import { PASSWORD, startHousehold, whoAmI, type Household } from '../../support/household.ts';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

async function postJson(seeded: Household, path: string, body: string | object, headers: Record<string, string> = {}) {
  const response = await fetch(`${seeded.issuer}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe('JSON token requests at /v2/oauth2/token', () => {
  it('password grant with client_id and client_secret in the JSON body', async () => {
    const seeded = await startHousehold();
    const answer = await postJson(seeded, '/v2/oauth2/token', { grant_type: 'password', username: 'alice', password: PASSWORD, client_id: seeded.app.clientId, client_secret: seeded.app.clientSecret, scope: 'lights:read' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer', scope: 'lights:read', refresh_token: expect.any(String) });
    expect(await whoAmI(seeded.issuer, answer.body.access_token as string)).toMatchObject({ status: 200, body: { username: 'alice', scope: 'lights:read' } });

    // Refresh, also in JSON.
    const refreshed = await postJson(seeded, '/v2/oauth2/token', { grant_type: 'refresh_token', refresh_token: answer.body.refresh_token, client_id: seeded.app.clientId, client_secret: seeded.app.clientSecret });
    expect(refreshed).toMatchObject({ status: 200, body: { access_token: expect.any(String) } });
  });

  it('client_credentials with HTTP Basic and a JSON body', async () => {
    const seeded = await startHousehold();
    const answer = await postJson(seeded, '/v2/oauth2/token', { grant_type: 'client_credentials', scope: 'lights:write' }, { Authorization: basic(seeded.app.clientId, seeded.app.clientSecret) });
    expect(answer).toMatchObject({ status: 200, body: { access_token: expect.any(String), token_type: 'Bearer', scope: 'lights:write' } });
  });

  it('errors are the provider\'s own, as for a form body', async () => {
    const seeded = await startHousehold();
    const wrongPassword = await postJson(seeded, '/v2/oauth2/token', { grant_type: 'password', username: 'alice', password: 'wrong-password', client_id: seeded.app.clientId, client_secret: seeded.app.clientSecret });
    expect(wrongPassword).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const wrongSecret = await postJson(seeded, '/v2/oauth2/token', { grant_type: 'client_credentials' }, { Authorization: basic(seeded.app.clientId, 'nope') });
    expect(wrongSecret).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    // The token endpoint's refinements apply to the alias too.
    const notAllowed = await postJson(seeded, '/v2/oauth2/token', { grant_type: 'client_credentials' }, { Authorization: basic(seeded.device.clientId, seeded.device.clientSecret) });
    expect(notAllowed).toMatchObject({ status: 400, body: { error: 'unauthorized_client' } });
    const missing = await postJson(seeded, '/v2/oauth2/token', { client_id: seeded.app.clientId, client_secret: seeded.app.clientSecret });
    expect(missing).toMatchObject({ status: 400, body: { error: 'invalid_request', error_description: expect.stringContaining('grant_type') } });
    // Refusals through the alias are audited like any other.
    const audit = await seeded.hub.admin.run('audit.list', { type: 'grant.refused' }, 'test');
    expect(audit.items.length).toBeGreaterThanOrEqual(4);
  });

  it('malformed JSON, nested values, non-objects and oversized bodies: 400 invalid_request', async () => {
    const seeded = await startHousehold();
    const auth = { Authorization: basic(seeded.app.clientId, seeded.app.clientSecret) };
    const cases: [string, string | object, RegExp][] = [
      ['malformed', '{"grant_type": "client_credentials"', /not valid JSON/],
      ['nested object', { grant_type: 'client_credentials', scope: { a: 'lights:read' } }, /"scope" must be a string/],
      ['array value', { grant_type: 'client_credentials', scope: ['lights:read'] }, /"scope" must be a string/],
      ['number value', { grant_type: 'client_credentials', ttl: 5 }, /"ttl" must be a string/],
      ['array body', '[["grant_type","client_credentials"]]', /object of string parameters/],
      ['null body', 'null', /object of string parameters/],
      ['oversized', { grant_type: 'client_credentials', padding: 'x'.repeat(60 * 1024) }, /larger than 57344 bytes/],
    ];
    for (const [name, body, description] of cases) {
      const answer = await postJson(seeded, '/v2/oauth2/token', body, auth);
      expect({ name, status: answer.status, error: answer.body.error }).toEqual({ name, status: 400, error: 'invalid_request' });
      expect(answer.body.error_description).toMatch(description);
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    // The hub is fine afterwards.
    expect(await postJson(seeded, '/v2/oauth2/token', { grant_type: 'client_credentials' }, auth)).toMatchObject({ status: 200 });
  });

  it('the standard /token accepts JSON too; forms keep working on both paths', async () => {
    const seeded = await startHousehold();
    const auth = { Authorization: basic(seeded.app.clientId, seeded.app.clientSecret) };
    expect(await postJson(seeded, '/token', { grant_type: 'client_credentials' }, auth)).toMatchObject({ status: 200, body: { access_token: expect.any(String) } });
    for (const path of ['/token', '/v2/oauth2/token']) {
      const response = await fetch(`${seeded.issuer}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...auth }, body: 'grant_type=client_credentials&scope=lights%3Aread' });
      expect({ path, status: response.status, scope: ((await response.json()) as { scope?: string }).scope }).toEqual({ path, status: 200, scope: 'lights:read' });
    }
    // A standard library, unchanged.
    const client = { client_id: seeded.app.clientId };
    const response = await oauth.clientCredentialsGrantRequest(seeded.as, client, oauth.ClientSecretBasic(seeded.app.clientSecret), { scope: 'lights:read' }, insecure);
    expect(await oauth.processClientCredentialsResponse(seeded.as, client, response)).toMatchObject({ scope: 'lights:read' });
  });

  it('device polling works with a JSON body on the alias', async () => {
    const seeded = await startHousehold();
    const started = await postJson(seeded, '/device/auth', '', {});
    expect(started.status).toBe(400); // the device authorization endpoint itself stays form-only, as RFC 8628 says
    const form = await fetch(`${seeded.issuer}/device/auth`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic(seeded.device.clientId, seeded.device.clientSecret) }, body: 'scope=lights:read' });
    const { device_code: deviceCode } = (await form.json()) as { device_code: string };
    const poll = await postJson(seeded, '/v2/oauth2/token', { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode }, { Authorization: basic(seeded.device.clientId, seeded.device.clientSecret) });
    expect(poll).toMatchObject({ status: 400, body: { error: 'authorization_pending' } });
  });
});

describe('/v2/oauth2/authorize', () => {
  it('is the authorization endpoint, implicit translation included', async () => {
    const seeded = await startHousehold();
    const web = await seeded.hub.admin.run('clients.create', { kind: 'web', name: 'Panel UI', grants: ['authorization_code', 'implicit'], redirectUris: ['http://127.0.0.1:9/callback'], scopes: ['lights:read'] }, 'test');
    for (const responseType of ['code', 'token']) {
      const url = new URL(`${seeded.issuer}/v2/oauth2/authorize`);
      url.search = new URLSearchParams({ response_type: responseType, client_id: web.client.clientId, redirect_uri: 'http://127.0.0.1:9/callback', scope: 'lights:read', state: 'xyz' }).toString();
      const response = await fetch(url, { redirect: 'manual' });
      expect({ responseType, status: response.status }).toMatchObject({ responseType, status: expect.any(Number) });
      expect([302, 303]).toContain(response.status);
      expect(response.headers.get('location')).toMatch(/^\/interaction\/[\w-]+$/);
    }
    // The internal spelling is refused on the alias as on /authorize.
    const internal = await fetch(`${seeded.issuer}/v2/oauth2/authorize?response_type=${encodeURIComponent('code token')}&client_id=${web.client.clientId}`, { redirect: 'manual' });
    expect(internal.status).toBe(400);
  });
});

describe('GET /v2/ping', () => {
  it('answers without authentication, with nothing secret', async () => {
    const seeded = await startHousehold();
    const response = await fetch(`${seeded.issuer}/v2/ping`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ ok: true, name: 'Lanyard', version: expect.any(String), issuer: seeded.issuer });
    expect((await fetch(`${seeded.issuer}/v2/ping`, { method: 'HEAD' })).status).toBe(200);
    const post = await fetch(`${seeded.issuer}/v2/ping`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });
});
