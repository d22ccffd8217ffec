// Helpers for the LAN-device tests: a real hub on 127.0.0.1 with a few users, roles and
// clients; oauth4webapi as the device; Debian's Chromium through playwright-core as the person.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as oauth from 'oauth4webapi';
import { chromium, type Browser } from 'playwright-core';
import { afterEach } from 'vitest';
import { createHub, type Hub, type HubOptions } from '../../main/hub/index.ts';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export const PASSWORD = 'correct horse battery';
export const INSECURE = { [oauth.allowInsecureRequests]: true } as const;

export type Seeded = {
  hub: Hub;
  issuer: string;
  /** Confidential device: device_code + refresh_token; may have lights:read lights:write locks:open. */
  device: { clientId: string; clientSecret: string };
  /** Public device (no secret): device_code only, lights:read. */
  publicDevice: { clientId: string };
  /** Confidential first-party app with the password grant and client_credentials. */
  app: { clientId: string; clientSecret: string };
  as: oauth.AuthorizationServer;
};

/** A hub with role "resident" (lights:read lights:write), users alice (resident), bob (no roles), carol (resident, disabled). */
export async function startHub(options: Partial<HubOptions> = {}): Promise<Seeded> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lanyard-lan-'));
  const hub = await createHub({ dataDir, host: '127.0.0.1', port: 0, devicePollInterval: 1, limits: { loginFailuresPerUserAndAddress: 1000, loginAttemptsPerAddress: 1000 }, ...options });
  cleanups.push(async () => {
    await hub.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const { issuer } = await hub.listen();
  const run = <K extends Parameters<Hub['admin']['run']>[0]>(operation: K, input: unknown) => hub.admin.run(operation, input, 'test');

  await run('scopes.upsert', { name: 'lights:read', description: 'See which lights are on' });
  await run('scopes.upsert', { name: 'lights:write', description: 'Switch lights on and off' });
  await run('scopes.upsert', { name: 'locks:open', description: 'Open the door locks' });
  await run('roles.create', { name: 'resident', scopes: ['lights:read', 'lights:write'] });
  await run('users.create', { username: 'alice', password: PASSWORD, roles: ['resident'] });
  await run('users.create', { username: 'bob', password: PASSWORD, roles: [] });
  const carol = await run('users.create', { username: 'carol', password: PASSWORD, roles: ['resident'] });
  await run('users.update', { id: carol.id, disabled: true });

  const device = await run('clients.create', { kind: 'device', name: 'Living-room panel', grants: ['device_code', 'refresh_token'], scopes: ['lights:read', 'lights:write', 'locks:open'] });
  const publicDevice = await run('clients.create', { kind: 'device', public: true, name: 'Kitchen display', grants: ['device_code'], scopes: ['lights:read'] });
  const app = await run('clients.create', { kind: 'first_party', name: 'Smartenit app', grants: ['password', 'client_credentials', 'refresh_token'], scopes: ['lights:read', 'lights:write'] });

  const as = await oauth.processDiscoveryResponse(new URL(issuer), await oauth.discoveryRequest(new URL(issuer), INSECURE));
  return {
    hub,
    issuer,
    device: { clientId: device.client.clientId, clientSecret: device.clientSecret! },
    publicDevice: { clientId: publicDevice.client.clientId },
    app: { clientId: app.client.clientId, clientSecret: app.clientSecret! },
    as,
  };
}

/** The device's side: ask for codes, then poll once; the parsed answer or the OAuth error. */
export function deviceClient(seeded: Seeded, which: 'device' | 'publicDevice' = 'device') {
  const credentials = seeded[which];
  const client: oauth.Client = { client_id: credentials.clientId };
  const auth = 'clientSecret' in credentials ? oauth.ClientSecretBasic(credentials.clientSecret) : oauth.None();
  return {
    async start(scope?: string) {
      const response = await oauth.deviceAuthorizationRequest(seeded.as, client, auth, scope ? { scope } : {}, INSECURE);
      return oauth.processDeviceAuthorizationResponse(seeded.as, client, response);
    },
    async poll(deviceCode: string): Promise<{ ok: true; tokens: oauth.TokenEndpointResponse } | { ok: false; error: string; description?: string | undefined }> {
      const response = await oauth.deviceCodeGrantRequest(seeded.as, client, auth, deviceCode, INSECURE);
      try {
        return { ok: true, tokens: await oauth.processDeviceCodeResponse(seeded.as, client, response) };
      } catch (error) {
        if (error instanceof oauth.ResponseBodyError) return { ok: false, error: error.error, description: error.error_description };
        throw error;
      }
    },
    async refresh(refreshToken: string) {
      const response = await oauth.refreshTokenGrantRequest(seeded.as, client, auth, refreshToken, INSECURE);
      return oauth.processRefreshTokenResponse(seeded.as, client, response);
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let browser: Browser | undefined;

/** One headless Chromium per test file; close it with closeBrowser() in afterAll. */
export async function launchBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

/** GET /api/me with a bearer token: who the hub says the token belongs to. */
export async function whoAmI(issuer: string, accessToken: string) {
  const response = await fetch(`${issuer}/api/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
  return { status: response.status, body: (await response.json()) as { username?: string; scope?: string; client_id?: string } };
}
