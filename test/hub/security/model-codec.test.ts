// A stolen copy of the database grants nothing: after real sign-ins and device requests, no
// session id, interaction id, authorization code, device code or user code is in the file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { createModelCodec } from '../../../main/hub/security/model-codec.ts';
import { loadMasterKey, newMasterKey } from '../../../main/hub/security/keyring.ts';
import { FormBrowser } from '../../support/browser.ts';
import { addResidentAlice, insecure, startHubForFile } from '../../support/hub.ts';

const REDIRECT = 'https://planner.example.test/cb';
const t = startHubForFile(addResidentAlice);

function databaseBytes(): string {
  return ['lanyard.db', 'lanyard.db-wal'].map((name) => join(t.dataDir, name)).filter(existsSync).map((file) => readFileSync(file).toString('latin1')).join('');
}

describe('what a copy of the database holds', () => {
  it('no session id, interaction id, code, device code or user code in clear', async () => {
    const web = await t.addClient({ grants: ['authorization_code'], redirectUris: [REDIRECT], scopes: ['lights:read'], firstParty: true });
    const device = await t.addClient({ kind: 'device', grants: ['device_code'], scopes: ['lights:read'] });

    // A person signs in; the browser is stopped before the code is exchanged, so it is live.
    const verifier = oauth.generateRandomCodeVerifier();
    const url = new URL(t.as.authorization_endpoint!);
    url.search = new URLSearchParams({ client_id: web.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'lights:read', code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }).toString();
    const browser = new FormBrowser(new URL(t.issuer).origin);
    const loginPage = await browser.follow(url.href);
    const interactionId = /\/interaction\/([^/"]+)\/login/.exec(loginPage.html)![1]!;
    const { finalUrl } = await browser.authorize(url.href, { username: 'alice', password: 'alice-password-1' });
    const code = new URL(finalUrl).searchParams.get('code')!;
    const sessionId = browser.jar.get('_session')!;
    expect(code).toBeTruthy();
    expect(sessionId).toBeTruthy();

    // A device waits for a person.
    const started = await oauth.processDeviceAuthorizationResponse(t.as, { client_id: device.clientId }, await oauth.deviceAuthorizationRequest(t.as, { client_id: device.clientId }, oauth.ClientSecretBasic(device.secret!), {}, insecure));
    await t.hub.purgeExpired(); // any write batch lands
    const bytes = databaseBytes();
    for (const [what, secret] of Object.entries({ interactionId, code, sessionId, deviceCode: started.device_code, userCode: started.user_code.replace('-', '') })) {
      expect(bytes.includes(secret), `${what} in the database file`).toBe(false);
    }

    // And everything still works from the hashes: the code is exchanged, the device is listed.
    const callback = oauth.validateAuthResponse(t.as, { client_id: web.clientId }, new URL(finalUrl), oauth.expectNoState);
    const tokens = await oauth.processAuthorizationCodeResponse(t.as, { client_id: web.clientId }, await oauth.authorizationCodeGrantRequest(t.as, { client_id: web.clientId }, oauth.ClientSecretBasic(web.secret!), callback, REDIRECT, verifier, insecure));
    expect(tokens.access_token).toBeTruthy();
    expect((await t.run('devices.pending', {})).map((request) => request.userCode)).toEqual([started.user_code]);
  });

  it('another master key opens none of it: sealed fields read as missing records', async () => {
    const stranger = createModelCodec(loadMasterKey(t.dataDir, { kind: 'supplied', key: newMasterKey() }));
    const mine = createModelCodec(loadMasterKey(t.dataDir));
    const payload = { jti: 'device-code-value', userCode: 'BCDFGHJK', kind: 'DeviceCode', iat: 1, exp: 2 };
    const stored = mine.store('DeviceCode', payload);
    expect(JSON.stringify(stored)).not.toMatch(/device-code-value|BCDFGHJK/);
    expect(mine.load('DeviceCode', structuredClone(stored), {})).toMatchObject({ jti: 'device-code-value', userCode: 'BCDFGHJK' });
    expect(stranger.load('DeviceCode', structuredClone(stored), {})).toBeUndefined();
    expect(mine.rowId('Session', 'abc')).not.toBe('abc');
    expect(mine.rowId('Grant', 'abc')).toBe('abc'); // a grant id alone grants nothing
  });
});
