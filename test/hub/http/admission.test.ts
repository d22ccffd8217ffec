// What requests without credentials may cost: per-address request limits, capped sign-ins
// and device codes (per address, per client, in all), and no session rows for anonymous
// pages. Distinct 127.0.0.x source addresses stand for distinct devices.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, closeAgents } from '../abuse/harness.ts';
import { removeDataDir, startHub, type TestHub } from '../../support/hub.ts';

const REDIRECT = 'https://planner.example.test/cb';
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

let t: TestHub;
let web: { clientId: string };
let other: { clientId: string };
let kitchen: { clientId: string };
let hall: { clientId: string };
let service: { clientId: string; secret: string | null };
beforeAll(async () => {
  t = await startHub({
    limits: { requestsPerMinute: 20, signInsPerAddress: 3, signInsPerClient: 5, signInsTotal: 7, deviceCodesPerAddress: 2, deviceCodesPerClient: 4, deviceCodesTotal: 6 },
  });
  web = await t.addClient({ public: true, grants: ['authorization_code'], redirectUris: [REDIRECT], scopes: ['lights:read'] });
  other = await t.addClient({ public: true, grants: ['authorization_code'], redirectUris: [REDIRECT], scopes: ['lights:read'] });
  kitchen = await t.addClient({ kind: 'device', public: true, grants: ['device_code'], scopes: ['lights:read'] });
  hall = await t.addClient({ kind: 'device', public: true, grants: ['device_code'], scopes: ['lights:read'] });
  service = await t.addClient({ kind: 'service', grants: ['client_credentials'] });
});
afterEach(() => closeAgents());
afterAll(async () => {
  await t.stop();
  removeDataDir(t.dataDir);
});

const rows = (model: string): number => {
  const db = new Database(join(t.dataDir, 'lanyard.db'), { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM oidc_models WHERE model = ?').pluck().get(model) as number;
  } finally {
    db.close();
  }
};
const authorize = (from: string, clientId: string) =>
  call(t.url, from, { path: `/authorize?${new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: REDIRECT, scope: 'lights:read', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' })}` });
const deviceCodes = (from: string, clientId: string) => call(t.url, from, { method: 'POST', path: '/device/auth', headers: FORM, body: `client_id=${clientId}` });

describe('anonymous pages', () => {
  it('store no session: GET /logout and GET /device leave no row behind', async () => {
    const before = rows('Session');
    for (let i = 0; i < 5; i += 1) {
      expect((await call(t.url, '127.0.30.2', { path: '/logout' })).status).toBe(200);
      expect((await call(t.url, '127.0.30.3', { path: '/device' })).status).toBe(200);
    }
    await t.hub.purgeExpired();
    expect(rows('Session')).toBe(before);
  });
});

describe('per-address request limit', () => {
  it('answers 429 slow_down with Retry-After past the limit, for that address only; credentialed endpoints are not counted', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 22; i += 1) {
      last = await call(t.url, '127.0.31.2', { path: '/.well-known/openid-configuration' });
      statuses.push(last.status);
    }
    expect(statuses.filter((status) => status === 200).length).toBe(20);
    expect(last!.status).toBe(429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(last!.body)).toMatchObject({ error: 'slow_down', error_description: expect.stringMatching(/Too many requests from this address\. Try again in \d+ seconds/) });
    expect((await call(t.url, '127.0.31.3', { path: '/.well-known/openid-configuration' })).status).toBe(200);
    // The token endpoint checks the client itself: not limited here.
    const basic = Buffer.from(`${service.clientId}:${service.secret}`).toString('base64');
    for (let i = 0; i < 25; i += 1) {
      expect((await call(t.url, '127.0.31.2', { method: 'POST', path: '/token', headers: { ...FORM, Authorization: `Basic ${basic}` }, body: 'grant_type=client_credentials' })).status).toBe(200);
    }
  });
});

describe('sign-ins started', () => {
  it('are capped per address, per client and in all, each refusal a page saying how long to wait', async () => {
    const before = rows('Interaction');
    const a = [];
    for (let i = 0; i < 4; i += 1) a.push((await authorize('127.0.32.2', web.clientId)).status);
    expect(a).toEqual([303, 303, 303, 429]);
    const refused = await authorize('127.0.32.2', web.clientId);
    expect(refused.headers['content-type']).toMatch(/html/);
    expect(refused.body).toMatch(/Too many sign-ins were started from this device\. Try again in \d+ (seconds|minutes)/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    // Per client: 5 for `web` in all, whatever the address.
    expect((await authorize('127.0.32.3', web.clientId)).status).toBe(303);
    expect((await authorize('127.0.32.4', web.clientId)).status).toBe(303);
    const perClient = await authorize('127.0.32.5', web.clientId);
    expect(perClient.status).toBe(429);
    expect(perClient.body).toMatch(/Too many sign-ins are in progress/);

    // In all: 7, across clients.
    expect((await authorize('127.0.32.6', other.clientId)).status).toBe(303);
    expect((await authorize('127.0.32.7', other.clientId)).status).toBe(303);
    expect((await authorize('127.0.32.8', other.clientId)).status).toBe(429);
    await t.hub.purgeExpired();
    expect(rows('Interaction') - before).toBe(7);
  });
});

describe('device codes', () => {
  it('are capped per address, per client and in all with slow_down and Retry-After', async () => {
    const before = rows('DeviceCode');
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await deviceCodes('127.0.33.2', kitchen.clientId)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await deviceCodes('127.0.33.2', kitchen.clientId);
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'slow_down', error_description: expect.stringMatching(/This device asked for too many codes/) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    expect((await deviceCodes('127.0.33.3', kitchen.clientId)).status).toBe(200);
    expect((await deviceCodes('127.0.33.4', kitchen.clientId)).status).toBe(200);
    expect((await deviceCodes('127.0.33.5', kitchen.clientId)).status).toBe(429); // 4 for this client
    expect((await deviceCodes('127.0.33.6', hall.clientId)).status).toBe(200);
    expect((await deviceCodes('127.0.33.7', hall.clientId)).status).toBe(200);
    expect((await deviceCodes('127.0.33.8', hall.clientId)).status).toBe(429); // 6 in all
    await t.hub.purgeExpired();
    expect(rows('DeviceCode') - before).toBe(6);
    // The total is spent: refused whatever the client, real or not.
    expect((await deviceCodes('127.0.33.9', 'no-such-client')).status).toBe(429);
  });

  it('the operators\' pending list walks an index and stops at its limit', () => {
    const db = new Database(join(t.dataDir, 'lanyard.db'), { readonly: true });
    try {
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT m.payload FROM oidc_models m WHERE m.model = 'DeviceCode' AND m.expires_at > 0 AND m.consumed_at IS NULL ORDER BY m.expires_at DESC LIMIT 100`).all() as { detail: string }[];
      expect(plan.map((step) => step.detail).join('\n')).toMatch(/USING INDEX oidc_models_model_expires/);
      expect(plan.map((step) => step.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
    } finally {
      db.close();
    }
  });
});

describe('limits are settings', () => {
  it('take effect at once, without a restart', async () => {
    const own = await startHub();
    try {
      const from = '127.0.34.2';
      await own.run('settings.update', { limits: { signInsPerAddress: 7 } });
      const { settings } = await own.run('settings.update', { limits: { requestsPerMinute: 10 } });
      expect(settings.limits).toMatchObject({ requestsPerMinute: 10, signInsPerAddress: 7 }); // untouched limits keep their values
      for (let i = 0; i < 10; i += 1) expect((await call(own.url, from, { path: '/jwks' })).status).toBe(200);
      expect((await call(own.url, from, { path: '/jwks' })).status).toBe(429);
      await own.run('settings.update', { limits: { requestsPerMinute: 1000 } });
      expect((await call(own.url, from, { path: '/jwks' })).status).toBe(200);
    } finally {
      await own.stop();
      removeDataDir(own.dataDir);
    }
  });
});
