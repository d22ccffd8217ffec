// Operators decide pending device requests: devices.pending and devices.decide, in process
// and over the console's HTTP API; the device's polling sees the outcome.
import { setTimeout as sleep } from 'node:timers/promises';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { openAdmin } from '../../../main/hub/admin/open.ts';
import { insecure } from '../../support/hub.ts';
import { deviceClient, PASSWORD, startHousehold, whoAmI, type Household } from '../../support/household.ts';

const decide = (seeded: Household, input: unknown) => seeded.hub.admin.call('devices.decide', input, 'admin:root');

describe('devices.pending', () => {
  it('lists waiting devices with client, code, scope, times and the verification link; decided ones leave the list', async () => {
    const seeded = await startHousehold();
    const before = Date.now();
    const panel = await deviceClient(seeded).start('lights:read locks:open');
    const kitchen = await deviceClient(seeded, 'publicDevice').start();

    const pending = await seeded.hub.admin.run('devices.pending', {}, 'test');
    expect(pending).toHaveLength(2);
    const byCode = new Map(pending.map((request) => [request.userCode, request]));
    expect(byCode.get(panel.user_code)).toEqual({
      clientId: seeded.device.clientId,
      clientName: 'Living-room panel',
      userCode: panel.user_code,
      scope: 'lights:read locks:open',
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
      verificationUriComplete: panel.verification_uri_complete,
      inProgress: false,
    });
    expect(byCode.get(kitchen.user_code)).toMatchObject({ clientId: seeded.publicDevice.clientId, clientName: 'Kitchen display', scope: '' });
    const request = byCode.get(panel.user_code)!;
    expect(Date.parse(request.createdAt)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(Date.parse(request.expiresAt) - Date.parse(request.createdAt)).toBe(600_000);
    // Nothing secret: no device_code in the listing.
    expect(JSON.stringify(pending)).not.toContain(panel.device_code);
    // Each request was announced, so the console does not have to poll for it.
    const announced = await seeded.hub.admin.run('audit.list', { type: 'device.requested' }, 'test');
    expect(announced.items.map((event) => event.detail.userCode).sort()).toEqual([kitchen.user_code, panel.user_code].sort());
    expect(JSON.stringify(announced)).not.toContain(panel.device_code);

    expect(await decide(seeded, { userCode: kitchen.user_code, decision: 'deny' })).toMatchObject({ ok: true });
    expect((await seeded.hub.admin.run('devices.pending', {}, 'test')).map((r) => r.userCode)).toEqual([panel.user_code]);

    // Expired requests are not listed.
    seeded.withDatabase((db) => db.prepare(`UPDATE oidc_models SET payload = json_set(payload, '$.exp', ?) WHERE model = 'DeviceCode'`).run(Math.floor(Date.now() / 1000) - 1));
    expect(await seeded.hub.admin.run('devices.pending', {}, 'test')).toEqual([]);
  });

  it('works without a running hub (the CLI), from the database', async () => {
    const seeded = await startHousehold();
    const started = await deviceClient(seeded).start();
    const offline = openAdmin(seeded.hub.dataDir);
    try {
      const pending = await offline.admin.run('devices.pending', {}, 'cli');
      expect(pending.map((request) => request.userCode)).toEqual([started.user_code]);
      // Deciding needs the provider, which only the running hub has.
      const result = await offline.admin.call('devices.decide', { userCode: started.user_code, decision: 'deny' }, 'cli');
      expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('running hub') } });
    } finally {
      offline.close();
    }
  });
});

describe('devices.decide', () => {
  it('approve on behalf of a user: the polling device gets tokens for that user, scopes limited by their roles', async () => {
    const seeded = await startHousehold();
    const device = deviceClient(seeded);
    const started = await device.start('lights:read lights:write locks:open');
    expect(await device.poll(started.device_code)).toMatchObject({ ok: false, error: 'authorization_pending' });

    // The code is accepted as people type it.
    const result = await decide(seeded, { userCode: started.user_code.toLowerCase().replace('-', ' '), decision: 'approve', username: 'alice' });
    expect(result).toEqual({ ok: true, value: { clientId: seeded.device.clientId, clientName: 'Living-room panel', userCode: started.user_code, decision: 'approve', username: 'alice', scope: 'lights:read lights:write' } });
    expect(await seeded.hub.admin.run('devices.pending', {}, 'test')).toEqual([]);

    await sleep(1100);
    const polled = await device.poll(started.device_code);
    if (!polled.ok) throw new Error(`expected tokens, got ${polled.error}`);
    expect(polled.tokens.scope?.split(' ').sort()).toEqual(['lights:read', 'lights:write']);
    expect(polled.tokens.refresh_token).toEqual(expect.any(String));
    expect(polled.tokens.id_token).toBeUndefined();
    expect(await whoAmI(seeded.issuer, polled.tokens.access_token)).toMatchObject({ status: 200, body: { username: 'alice', client_id: seeded.device.clientId } });
    const tokens = await seeded.hub.admin.run('tokens.list', { clientId: seeded.device.clientId, type: 'access_token' }, 'test');
    expect(tokens.items).toMatchObject([{ username: 'alice', scope: expect.stringContaining('lights:read') }]);

    // The refresh token works like one from the browser flow.
    const refreshed = await device.refresh(polled.tokens.refresh_token!);
    expect(refreshed.scope?.split(' ').sort()).toEqual(['lights:read', 'lights:write']);

    // Audited.
    const audit = await seeded.hub.admin.run('audit.list', { clientId: seeded.device.clientId }, 'test');
    expect(audit.items.map((event) => event.summary)).toContain(`Device Living-room panel (code ${started.user_code}) allowed for alice by admin:root`);
  });

  it('approve with OpenID scopes: the device gets an ID token for the user', async () => {
    const seeded = await startHousehold();
    const device = deviceClient(seeded);
    const started = await device.start('openid lights:read');
    expect(await decide(seeded, { userCode: started.user_code, decision: 'approve', username: 'alice' })).toMatchObject({ ok: true, value: { scope: 'openid lights:read' } });
    const polled = await device.poll(started.device_code);
    // The response's scope is the access token's (for the API); the ID token is the openid part.
    expect(polled).toMatchObject({ ok: true, tokens: { id_token: expect.any(String), scope: 'lights:read' } });
    const claims = oauth.getValidatedIdTokenClaims((polled as { tokens: oauth.TokenEndpointResponse }).tokens)!;
    expect(claims.sub).toBe((await seeded.hub.admin.run('users.list', { query: 'alice' }, 'test')).items[0]!.id);
    expect(claims.auth_time).toBeUndefined(); // nobody signed in
  });

  it('a user without the roles gets a token without API scopes', async () => {
    const seeded = await startHousehold();
    const device = deviceClient(seeded);
    const started = await device.start('lights:read');
    expect(await decide(seeded, { userCode: started.user_code, decision: 'approve', username: 'bob' })).toMatchObject({ ok: true, value: { scope: '' } });
    const polled = await device.poll(started.device_code);
    expect(polled.ok).toBe(true);
    expect((polled as { tokens: oauth.TokenEndpointResponse }).tokens.scope ?? '').toBe('');
  });

  it('deny: the polling device gets access_denied', async () => {
    const seeded = await startHousehold();
    const device = deviceClient(seeded, 'publicDevice');
    const started = await device.start();
    expect(await decide(seeded, { userCode: started.user_code, decision: 'deny' })).toEqual({
      ok: true,
      value: { clientId: seeded.publicDevice.clientId, clientName: 'Kitchen display', userCode: started.user_code, decision: 'deny', username: null, scope: '' },
    });
    expect(await device.poll(started.device_code)).toMatchObject({ ok: false, error: 'access_denied' });
  });

  it('refuses unknown and disabled users, unknown codes, decided codes, and approve without a user', async () => {
    const seeded = await startHousehold();
    const started = await deviceClient(seeded).start();
    expect(await decide(seeded, { userCode: started.user_code, decision: 'approve', username: 'nobody' })).toMatchObject({ ok: false, error: { code: 'not_found', fields: { username: expect.any(String) } } });
    expect(await decide(seeded, { userCode: started.user_code, decision: 'approve', username: 'carol' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('disabled') } });
    expect(await decide(seeded, { userCode: started.user_code, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { username: expect.any(String) } } });
    expect(await decide(seeded, { userCode: 'BBBB-BBBB', decision: 'deny' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await decide(seeded, { userCode: started.user_code, decision: 'maybe' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // Still pending after all that.
    expect((await seeded.hub.admin.run('devices.pending', {}, 'test')).map((r) => r.userCode)).toEqual([started.user_code]);
    expect(await decide(seeded, { userCode: started.user_code, decision: 'deny' })).toMatchObject({ ok: true });
    expect(await decide(seeded, { userCode: started.user_code, decision: 'approve', username: 'alice' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('already decided') } });
  });

  it('is carried over the console HTTP API for an admin', async () => {
    const seeded = await startHousehold();
    // An admin's console token, obtained here through a first-party password client.
    await seeded.hub.admin.run('users.create', { username: 'root', password: PASSWORD, roles: ['admin'] }, 'test');
    const tool = await seeded.hub.admin.run('clients.create', { kind: 'first_party', name: 'Admin tool', grants: ['password'], scopes: ['lanyard:admin'] }, 'test');
    const client = { client_id: tool.client.clientId };
    const response = await oauth.genericTokenEndpointRequest(seeded.as, client, oauth.ClientSecretBasic(tool.clientSecret!), 'password', { username: 'root', password: PASSWORD, scope: 'lanyard:admin' }, insecure);
    const { access_token: adminToken } = await oauth.processGenericTokenEndpointResponse(seeded.as, client, response);

    const device = deviceClient(seeded);
    const started = await device.start('lights:read');
    const api = async (operation: string, input: unknown) => {
      const answer = await fetch(`${seeded.issuer}/console/api/${operation}`, { method: 'POST', headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
      return { status: answer.status, body: (await answer.json()) as { ok: boolean; value?: unknown; error?: unknown } };
    };
    const pending = await api('devices.pending', {});
    expect(pending).toMatchObject({ status: 200, body: { ok: true, value: [{ userCode: started.user_code, clientName: 'Living-room panel' }] } });
    expect(await api('devices.decide', { userCode: started.user_code, decision: 'approve', username: 'ghost' })).toMatchObject({ status: 404, body: { ok: false } });
    expect(await api('devices.decide', { userCode: started.user_code, decision: 'approve', username: 'alice' })).toMatchObject({ status: 200, body: { ok: true, value: { username: 'alice' } } });
    expect(await device.poll(started.device_code)).toMatchObject({ ok: true, tokens: { scope: 'lights:read' } });

    // Not for non-admins.
    const anonymous = await fetch(`${seeded.issuer}/console/api/devices.pending`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
  });

  it('a person who confirmed in a browser and an administrator: the first decision wins', async () => {
    const seeded = await startHousehold();
    const device = deviceClient(seeded);
    const started = await device.start();
    expect(await decide(seeded, { userCode: started.user_code, decision: 'deny' })).toMatchObject({ ok: true });
    // The person then types the code: refused as already used.
    const page = await fetch(`${seeded.issuer}/device`);
    const cookies = page.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const posted = await fetch(`${seeded.issuer}/device`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookies }, body: new URLSearchParams({ xsrf, user_code: started.user_code }) });
    expect(await posted.text()).toContain('This code was already used');
    expect(await device.poll(started.device_code)).toMatchObject({ ok: false, error: 'access_denied' });
  });
});
