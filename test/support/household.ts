// A hub with a household in it, for the device, Smartenit and device-admin tests: started with
// test/support/hub.ts inside a test (removed when it ends), with a few scopes, roles, users and
// clients; and the device's side of the device flow, played by oauth4webapi.
import * as oauth from 'oauth4webapi';
import type { HubOptions } from '../../main/hub/index.ts';
import { insecure, startHubForTest, type TestHub } from './hub.ts';

export const PASSWORD = 'correct horse battery';

export type Household = TestHub & {
  /** Confidential device: device_code + refresh_token; may have lights:read lights:write locks:open. */
  device: { clientId: string; clientSecret: string };
  /** Public device (no secret): device_code only, lights:read. */
  publicDevice: { clientId: string };
  /** Confidential first-party app with the password grant and client_credentials. */
  app: { clientId: string; clientSecret: string };
};

/**
 * Role "resident" (lights:read lights:write); users alice (resident), bob (no roles), carol
 * (resident, disabled). Devices poll every second and sign-in lockout is out of the way.
 */
export async function startHousehold(options: Partial<HubOptions> = {}): Promise<Household> {
  const t = await startHubForTest({ devicePollInterval: 1, limits: { loginFailuresPerUserAndAddress: 1000, loginAttemptsPerAddress: 1000 }, ...options });
  await t.run('scopes.upsert', { name: 'lights:read', description: 'See which lights are on' });
  await t.run('scopes.upsert', { name: 'lights:write', description: 'Switch lights on and off' });
  await t.run('scopes.upsert', { name: 'locks:open', description: 'Open the door locks' });
  await t.run('roles.create', { name: 'resident', scopes: ['lights:read', 'lights:write'] });
  await t.addUser('alice', PASSWORD, ['resident']);
  await t.addUser('bob', PASSWORD, []);
  const carol = await t.addUser('carol', PASSWORD, ['resident']);
  await t.run('users.update', { id: carol.id, disabled: true });

  const device = await t.addClient({ kind: 'device', name: 'Living-room panel', grants: ['device_code', 'refresh_token'], scopes: ['lights:read', 'lights:write', 'locks:open'] });
  const publicDevice = await t.addClient({ kind: 'device', public: true, name: 'Kitchen display', grants: ['device_code'], scopes: ['lights:read'] });
  const app = await t.addClient({ kind: 'first_party', name: 'Smartenit app', grants: ['password', 'client_credentials', 'refresh_token'], scopes: ['lights:read', 'lights:write'] });
  return {
    ...t,
    device: { clientId: device.clientId, clientSecret: device.secret! },
    publicDevice: { clientId: publicDevice.clientId },
    app: { clientId: app.clientId, clientSecret: app.secret! },
  };
}

/** The device's side: ask for codes, then poll once; the parsed answer or the OAuth error. */
export function deviceClient(household: Household, which: 'device' | 'publicDevice' = 'device') {
  const credentials = household[which];
  const client: oauth.Client = { client_id: credentials.clientId };
  const auth = 'clientSecret' in credentials ? oauth.ClientSecretBasic(credentials.clientSecret) : oauth.None();
  const { as } = household;
  return {
    async start(scope?: string) {
      const response = await oauth.deviceAuthorizationRequest(as, client, auth, scope ? { scope } : {}, insecure);
      return oauth.processDeviceAuthorizationResponse(as, client, response);
    },
    async poll(deviceCode: string): Promise<{ ok: true; tokens: oauth.TokenEndpointResponse } | { ok: false; error: string; description?: string | undefined }> {
      const response = await oauth.deviceCodeGrantRequest(as, client, auth, deviceCode, insecure);
      try {
        return { ok: true, tokens: await oauth.processDeviceCodeResponse(as, client, response) };
      } catch (error) {
        if (error instanceof oauth.ResponseBodyError) return { ok: false, error: error.error, description: error.error_description };
        throw error;
      }
    },
    async refresh(refreshToken: string) {
      const response = await oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, insecure);
      return oauth.processRefreshTokenResponse(as, client, response);
    },
  };
}

/** GET /api/me with a bearer token: who the hub says the token belongs to. */
export async function whoAmI(issuer: string, accessToken: string) {
  const response = await fetch(`${issuer}/api/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
  return { status: response.status, body: (await response.json()) as { username?: string; scope?: string; client_id?: string } };
}
