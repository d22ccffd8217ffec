// Zero-touch registration (RFC 7591) and management (RFC 7592) with a pairing: a third-party
// OAuth library (oauth4webapi) registers over HTTPS pinning the fingerprint taken from the
// pairing string; what it registers is a real client in the operator's table, capped by the
// pairing; used, expired and revoked pairings and scopes beyond the pairing are refused.
import * as oauth from 'oauth4webapi';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parsePairingUri } from '../../../shared/pairing-uri.ts';
import { createHub } from '../../../main/hub/index.ts';
import { openDatabase } from '../../../main/hub/store/db.ts';
import { insecure, newDataDir, removeDataDir, startHubForTest, type TestHub } from '../../support/hub.ts';
import { pinnedFetch } from '../../support/pinned-fetch.ts';

type Registered = { client_id: string; client_secret?: string; registration_access_token: string; registration_client_uri: string; scope?: string };

async function register(t: TestHub, token: string, metadata: Record<string, unknown>): Promise<Response> {
  return fetch(`${t.issuer}/reg`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(metadata) });
}

const manage = (registered: Registered, method: 'GET' | 'PUT' | 'DELETE', body?: unknown, token = registered.registration_access_token) =>
  fetch(registered.registration_client_uri, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

describe('registration with a pairing over HTTPS', () => {
  it('registers with oauth4webapi pinning the fingerprint from the pairing string, and the device is a real client', async () => {
    // startHub discovers over plain fetch, which a self-signed certificate stops: a hub of its own.
    const hub = await createHub({ dataDir: newDataDir('registration'), host: '127.0.0.1', port: 0, tls: 'generated' });
    onTestFinished(async () => {
      await hub.close();
      removeDataDir(hub.dataDir);
    });
    const { issuer: hubIssuer } = await hub.listen();
    const t = {
      issuer: hubIssuer,
      run: ((operation, input) => hub.admin.run(operation, input, 'test')) as TestHub['run'],
      withDatabase: (<T>(work: (db: ReturnType<typeof openDatabase>) => T): T => {
        const db = openDatabase(hub.dataDir);
        try {
          return work(db);
        } finally {
          db.close();
        }
      }) as TestHub['withDatabase'],
    };
    const created = await t.run('pairings.create', { name: 'Hallway', grants: ['client_credentials'], scopes: ['lights:read'], uses: 1 });
    const parts = parsePairingUri(created.pairingUri)!;
    const status = await t.run('status.get', {});
    expect(parts).toEqual({ issuer: t.issuer, fingerprint: status.tls!.fingerprint256, token: created.initialAccessToken });
    expect(created).toMatchObject({ issuer: t.issuer, fingerprint: status.tls!.fingerprint256, registrationEndpoint: `${t.issuer}/reg` });

    // The device: trusts the hub by the fingerprint it was given, nothing else.
    const pinned = { [oauth.customFetch]: pinnedFetch(parts.fingerprint!) };
    const issuer = new URL(parts.issuer);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...pinned }));
    expect(as.registration_endpoint).toBe(created.registrationEndpoint);
    const response = await oauth.dynamicClientRegistrationRequest(as, { client_name: 'Hallway sensor', grant_types: ['client_credentials'], scope: 'lights:read' }, { initialAccessToken: parts.token, ...pinned });
    const registered = (await oauth.processDynamicClientRegistrationResponse(response)) as unknown as Registered;
    expect(registered.client_secret).toMatch(/^lys_/);
    expect(registered.scope).toBe('lights:read');
    expect(Object.keys(registered).some((key) => key.startsWith('lanyard_'))).toBe(false);

    const client = { client_id: registered.client_id };
    const tokens = await oauth.processClientCredentialsResponse(as, client, await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(registered.client_secret!), new URLSearchParams({ scope: 'lights:read' }), pinned));
    expect(tokens.scope).toBe('lights:read');

    // In Applications, marked with its pairing; its secret stored only as a hash.
    const listed = await t.run('clients.get', { clientId: registered.client_id });
    expect(listed).toMatchObject({ name: 'Hallway sensor', kind: 'device', grants: ['client_credentials'], scopes: ['lights:read'], pairing: { id: created.pairing.id, name: 'Hallway' }, pendingApproval: false });
    const stored = t.withDatabase((db) => db.prepare('SELECT secret_hash FROM clients WHERE client_id = ?').pluck().get(registered.client_id) as string);
    expect(stored).not.toContain(registered.client_secret!);
    const file = t.withDatabase((db) => JSON.stringify(db.prepare('SELECT * FROM pairings').all()) + JSON.stringify(db.prepare('SELECT * FROM oidc_models').all()));
    expect(file).not.toContain(parts.token);
    expect(file).not.toContain(registered.registration_access_token);

    // The one use is spent: the same token again is refused.
    const again = await oauth.dynamicClientRegistrationRequest(as, { client_name: 'Copy', grant_types: ['client_credentials'] }, { initialAccessToken: parts.token, ...pinned });
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ error: 'invalid_token' });
    expect((await t.run('pairings.list', {}))[0]).toMatchObject({ id: created.pairing.id, uses: 1, state: 'used' });

    // A server presenting another certificate gets nothing: the pin is checked before any byte is sent.
    const wrongPin = { [oauth.customFetch]: pinnedFetch(parts.fingerprint!.replace(/^../, parts.fingerprint!.startsWith('00') ? '11' : '00')) };
    await expect(oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...wrongPin })).rejects.toThrow(/pin mismatch/);
  });
});

describe('registration refusals', () => {
  it('refuses scopes and grants beyond the pairing without spending a use; expired and revoked pairings are invalid_token', async () => {
    const t = await startHubForTest();
    const { initialAccessToken: token, pairing } = await t.run('pairings.create', { grants: ['device_code', 'refresh_token'], scopes: ['lights:read'], uses: 1 });

    const tooMuch = await register(t, token, { client_name: 'Greedy', grant_types: ['urn:ietf:params:oauth:grant-type:device_code'], scope: 'lights:read doors:open', token_endpoint_auth_method: 'none' });
    expect(tooMuch.status).toBe(400);
    expect(await tooMuch.json()).toMatchObject({ error: 'invalid_client_metadata', error_description: expect.stringContaining('doors:open') });
    const wrongGrant = await register(t, token, { client_name: 'Greedy', grant_types: ['client_credentials'] });
    expect(await wrongGrant.json()).toMatchObject({ error: 'invalid_client_metadata', error_description: expect.stringContaining('client_credentials') });
    const backchannel = await register(t, token, { client_name: 'Caller', grant_types: ['urn:ietf:params:oauth:grant-type:device_code'], token_endpoint_auth_method: 'none', backchannel_logout_uri: 'http://192.168.1.1/admin/reboot' });
    expect(await backchannel.json()).toMatchObject({ error: 'invalid_client_metadata', error_description: expect.stringContaining('backchannel_logout_uri') });
    const password = await register(t, token, { client_name: 'Greedy', grant_types: ['password'] });
    expect(await password.json()).toMatchObject({ error: 'invalid_client_metadata' });
    const ownMetadata = await register(t, token, { client_name: 'Sneaky', token_endpoint_auth_method: 'none', lanyard_first_party: true, lanyard_scopes: 'doors:open' });
    expect(ownMetadata.status).toBe(201);
    const sneaky = (await ownMetadata.json()) as Registered;
    // Without grant_types it got what fits a public device: the device grant with refresh; only the pairing's scopes.
    expect(await t.run('clients.get', { clientId: sneaky.client_id })).toMatchObject({ public: true, firstParty: false, grants: ['device_code', 'refresh_token'], scopes: ['lights:read'] });
    expect((await t.run('pairings.list', {})).find((p) => p.id === pairing.id)).toMatchObject({ uses: 1, state: 'used' });

    const missing = await register(t, 'lyi_not-a-token-anyone-was-given', {});
    expect(missing.status).toBe(401);
    const none = await fetch(`${t.issuer}/reg`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401); // no initial access token at all

    const expiring = await t.run('pairings.create', { uses: 5 });
    t.withDatabase((db) => db.prepare('UPDATE pairings SET expires_at = ? WHERE id = ?').run(Math.floor(Date.now() / 1000) - 1, expiring.pairing.id));
    const expired = await register(t, expiring.initialAccessToken, { grant_types: ['client_credentials'] });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: 'invalid_token' });

    const revoking = await t.run('pairings.create', { uses: 5 });
    expect(await t.run('pairings.revoke', { id: revoking.pairing.id })).toMatchObject({ state: 'revoked' });
    const revoked = await register(t, revoking.initialAccessToken, { grant_types: ['client_credentials'] });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: 'invalid_token' });
  });
});

describe('registration management (RFC 7592)', () => {
  it('reads, updates and deletes with the registration access token; an operator disabling the client wins', async () => {
    const t = await startHubForTest();
    const { initialAccessToken } = await t.run('pairings.create', { name: 'Kitchen', scopes: ['lights:read', 'lights:write'], uses: 2 });
    const registered = (await (await register(t, initialAccessToken, { client_name: 'Kettle', grant_types: ['client_credentials'], scope: 'lights:read' })).json()) as Registered;

    const read = await manage(registered, 'GET');
    expect(read.status).toBe(200);
    const readBody = (await read.json()) as Record<string, unknown>;
    expect(readBody).toMatchObject({ client_id: registered.client_id, client_name: 'Kettle', registration_access_token: registered.registration_access_token });
    expect(readBody.client_secret).toBeUndefined(); // stored hashed: never sent again
    expect(String(readBody.scope).split(' ')).toContain('lights:read');
    expect(Object.keys(readBody).some((key) => key.startsWith('lanyard_'))).toBe(false);

    const beyond = await manage(registered, 'PUT', { client_id: registered.client_id, client_name: 'Kettle', grant_types: ['client_credentials'], scope: 'doors:open' });
    expect(await beyond.json()).toMatchObject({ error: 'invalid_client_metadata' });

    const update = await manage(registered, 'PUT', { client_id: registered.client_id, client_secret: registered.client_secret, client_name: 'Kettle 2', grant_types: ['client_credentials'], scope: 'lights:read lights:write' });
    expect(update.status).toBe(200);
    const updated = (await update.json()) as Registered;
    expect(updated.registration_access_token).not.toBe(registered.registration_access_token); // rotated
    expect(await t.run('clients.get', { clientId: registered.client_id })).toMatchObject({ name: 'Kettle 2', scopes: ['lights:read', 'lights:write'] });
    expect((await manage(registered, 'GET')).status).toBe(401); // the old one is gone
    const wrongSecret = await manage(updated, 'PUT', { client_id: registered.client_id, client_secret: 'lys_wrong', client_name: 'Kettle 3' });
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_request' });
    const current = { ...registered, registration_access_token: updated.registration_access_token };

    // The device's secret still works after the update.
    const tokens = await t.clientCredentials({ clientId: registered.client_id, secret: registered.client_secret! }, 'lights:write');
    expect(tokens.scope).toBe('lights:write');

    await t.run('clients.update', { clientId: registered.client_id, disabled: true });
    const refused = await manage(current, 'PUT', { client_id: registered.client_id, client_name: 'Re-enable me' });
    expect(refused.status).toBe(401);
    await t.run('clients.update', { clientId: registered.client_id, disabled: false });
    expect(await t.run('clients.get', { clientId: registered.client_id })).toMatchObject({ name: 'Kettle 2', disabled: false });

    // Deleting: a second device of the same pairing deletes itself; its tokens go with it.
    const second = (await (await register(t, initialAccessToken, { client_name: 'Toaster', grant_types: ['client_credentials'] })).json()) as Registered;
    const token = await t.clientCredentials({ clientId: second.client_id, secret: second.client_secret! });
    expect((await manage(second, 'DELETE')).status).toBe(204);
    await expect(t.run('clients.get', { clientId: second.client_id })).rejects.toThrow(/no application/);
    const anyone = await t.addClient({ grants: ['client_credentials'] });
    expect((await t.introspect(anyone, token.access_token)).active).toBe(false);
  });

  it('an operator deleting a registered device deletes its registration access tokens with it', async () => {
    const t = await startHubForTest();
    const { initialAccessToken } = await t.run('pairings.create', { name: 'Porch', uses: 2 });
    const doomed = (await (await register(t, initialAccessToken, { client_name: 'Doorbell', grant_types: ['client_credentials'] })).json()) as Registered;
    const kept = (await (await register(t, initialAccessToken, { client_name: 'Camera', grant_types: ['client_credentials'] })).json()) as Registered;
    const registrationTokens = (clientId: string) =>
      t.withDatabase((db) => db.prepare(`SELECT count(*) FROM oidc_models WHERE model = 'RegistrationAccessToken' AND json_extract(payload, '$.clientId') = ?`).pluck().get(clientId) as number);
    expect(registrationTokens(doomed.client_id)).toBe(1);

    await t.run('clients.delete', { clientId: doomed.client_id });
    expect(registrationTokens(doomed.client_id)).toBe(0);
    expect((await manage(doomed, 'GET')).status).toBe(401);
    // Another device's registration is untouched.
    expect(registrationTokens(kept.client_id)).toBe(1);
    expect((await manage(kept, 'GET')).status).toBe(200);
  });

  it('an approval-required pairing admits the device but gives it no token until an operator approves it', async () => {
    const t = await startHubForTest();
    const { initialAccessToken } = await t.run('pairings.create', { requiresApproval: true });
    const registered = (await (await register(t, initialAccessToken, { client_name: 'Lock', grant_types: ['client_credentials'] })).json()) as Registered;
    expect(await t.run('clients.get', { clientId: registered.client_id })).toMatchObject({ pendingApproval: true });
    const device = { clientId: registered.client_id, secret: registered.client_secret! };
    await expect(t.clientCredentials(device)).rejects.toMatchObject({ error: 'unauthorized_client' });
    expect((await manage(registered, 'GET')).status).toBe(200); // it may still read its registration
    expect(await t.run('clients.approve', { clientId: registered.client_id })).toMatchObject({ pendingApproval: false });
    expect((await t.clientCredentials(device)).access_token).toBeTruthy();
    const audit = await t.run('audit.list', { type: 'client.changed', clientId: registered.client_id });
    expect(audit.items.map((event) => event.summary)).toEqual(expect.arrayContaining([expect.stringMatching(/waits for an operator/), expect.stringMatching(/approved/)]));
  });
  it('a device waiting for approval is refused at the authorization request (unauthorized_client), before anyone signs in for it', async () => {
    const t = await startHubForTest();
    const { initialAccessToken } = await t.run('pairings.create', { grants: ['authorization_code'], requiresApproval: true });
    const redirectUri = 'https://frame.local/cb';
    const registered = (await (await register(t, initialAccessToken, { client_name: 'Photo frame', grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [redirectUri], token_endpoint_auth_method: 'none' })).json()) as Registered;
    const as = await oauth.processDiscoveryResponse(new URL(t.issuer), await oauth.discoveryRequest(new URL(t.issuer), { algorithm: 'oidc', ...insecure }));
    const client = { client_id: registered.client_id };
    const authorize = async () => {
      const url = new URL(as.authorization_endpoint!);
      const challenge = await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier());
      url.search = new URLSearchParams({ client_id: client.client_id, response_type: 'code', redirect_uri: redirectUri, scope: 'openid', state: 'frame', code_challenge: challenge, code_challenge_method: 'S256' }).toString();
      return fetch(url, { redirect: 'manual' });
    };

    const refused = await authorize();
    const location = new URL(refused.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(redirectUri); // straight back to the device: no sign-in page
    const error = (() => {
      try {
        oauth.validateAuthResponse(as, client, location, 'frame');
        return undefined;
      } catch (caught) {
        return caught as oauth.AuthorizationResponseError;
      }
    })();
    expect(error).toBeInstanceOf(oauth.AuthorizationResponseError);
    expect(error!.error).toBe('unauthorized_client');
    expect(error!.error_description).toMatch(/approve/);

    await t.run('clients.approve', { clientId: registered.client_id });
    const admitted = await authorize();
    expect(new URL(admitted.headers.get('location')!, t.issuer).pathname).toMatch(/^\/interaction\//);
  });
});
