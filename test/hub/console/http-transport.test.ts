// The admin contract over HTTP (/console/api/<operation>) against a real hub: every
// operation, bad input, and refusal without an admin's token; the live event stream.
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_NAMES, contract, type OperationName } from '../../../shared/admin-contract.ts';
import { httpOperationPath, HTTP_EVENTS_PATH } from '../../../shared/transport.ts';
import { consoleToken } from '../../support/console-session.ts';
import { createHttpAdminApi } from '../../../renderer/transport/http.ts';
import type { HubEvent } from '../../../shared/admin-contract.ts';
import { insecure, startHub, type TestHub } from '../../support/hub.ts';

let t: TestHub;
let admin: string;
let resident: string;

const call = (operation: string, input: unknown, token?: string) =>
  fetch(`${t.url}${httpOperationPath(operation as OperationName)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });

beforeAll(async () => {
  t = await startHub();
  await t.addUser('root', 'root-password-1', ['admin']);
  await t.run('roles.create', { name: 'resident', scopes: ['lights:read'] });
  await t.addUser('rita', 'rita-password-1', ['resident']);
  admin = await consoleToken(t, 'root', 'root-password-1');
  resident = await consoleToken(t, 'rita', 'rita-password-1');
});
afterAll(() => t?.cleanup());

describe('access', () => {
  it('answers 401 without a token and 403 to a signed-in non-admin, for every operation', async () => {
    for (const operation of OPERATION_NAMES) {
      const anonymous = await call(operation, {});
      expect(anonymous.status, operation).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await anonymous.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      const forbidden = await call(operation, {}, resident);
      expect(forbidden.status, operation).toBe(403);
      expect(await forbidden.json()).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/admin role/) } });
    }
  });

  it('refuses tokens of other clients even for an admin user unless they carry lanyard:admin', async () => {
    const app = await t.addClient({ kind: 'first_party', grants: ['password'], scopes: ['lights:read'] });
    const response = await oauth.genericTokenEndpointRequest(t.as, { client_id: app.clientId }, oauth.ClientSecretBasic(app.secret!), 'password', new URLSearchParams({ username: 'root', password: 'root-password-1' }), insecure);
    const token = (await oauth.processGenericTokenEndpointResponse(t.as, { client_id: app.clientId }, response)).access_token;
    expect((await call('status.get', {}, token)).status).toBe(403);
  });
});

describe('operations', () => {
  it('runs every operation for an admin, and validates outputs against the contract', async () => {
    const created = await (await call('clients.create', { kind: 'service', name: 'Over HTTP', scopes: ['lights:read'] }, admin)).json() as { ok: true; value: { client: { clientId: string }; clientSecret: string } };
    expect(created.ok).toBe(true);
    const clientId = created.value.client.clientId;
    const user = await (await call('users.create', { username: 'hana', password: 'hana-password-1', roles: ['resident'] }, admin)).json() as { value: { id: string } };
    const token = await oauth.processClientCredentialsResponse(t.as, { client_id: clientId }, await oauth.clientCredentialsGrantRequest(t.as, { client_id: clientId }, oauth.ClientSecretBasic(created.value.clientSecret), new URLSearchParams(), insecure));
    void token;
    const tokens = await (await call('tokens.list', { clientId }, admin)).json() as { value: { items: { id: string }[] } };
    const backup = await (await call('backups.create', {}, admin)).json() as { value: { backup: { name: string } } };
    const inputs: Record<OperationName, unknown> = {
      'status.get': {},
      'metrics.timeline': { minutes: 10 },
      'settings.get': {},
      'settings.update': { defaultAccessTokenTtl: 1200 },
      'scopes.list': {},
      'scopes.upsert': { name: 'doors:open', description: 'Open the doors' },
      'scopes.delete': { name: 'doors:open' },
      'roles.list': {},
      'roles.create': { name: 'visitor', scopes: ['lights:read'] },
      'roles.update': { name: 'visitor', description: 'People visiting' },
      'roles.delete': { name: 'visitor' },
      'users.list': { query: 'ha' },
      'users.create': { username: 'ivan', password: 'ivan-password-1', roles: [] },
      'users.update': { id: user.value.id, roles: [] },
      'users.setPassword': { id: user.value.id, password: 'hana-password-2' },
      'users.delete': { id: 'ivan' },
      'users.unlock': { id: user.value.id },
      'keys.status': {},
      'keys.rotate': {},
      'keys.reset': { confirm: true },
      'users.resetSecondFactors': { id: 'rita' },
      'personalTokens.list': { userId: 'rita' },
      'personalTokens.create': { userId: 'rita', name: 'backup script', scopes: ['lights:read'], expiresIn: 86_400 },
      'clients.list': { kind: 'service' },
      'clients.get': { clientId },
      'clients.create': { kind: 'device', name: 'Sensor' },
      'clients.update': { clientId, accessTokenTtl: 300 },
      'clients.rotateSecret': { clientId },
      'clients.delete': { clientId: 'lanyard-console' }, // refused: checked below
      'tokens.list': { clientId, sort: 'expires', order: 'asc' },
      'tokens.count': { clientId },
      'tokens.revoke': { ids: [tokens.value.items[0]!.id] },
      'tokens.revokeByClient': { clientId },
      'tokens.revokeByUser': { id: user.value.id },
      'audit.list': { type: 'client.changed' },
      'devices.pending': {},
      'devices.decide': { userCode: 'NOPE-NOPE', decision: 'deny' }, // refused: checked below
      'backups.list': {},
      'backups.create': {},
      'backups.read': { name: backup.value.backup.name },
      'backups.upload': { offset: 0, data: Buffer.from('SQLite format 3\0').toString('base64'), done: false },
      'backups.delete': { name: backup.value.backup.name },
      'backups.restore': { name: backup.value.backup.name, confirm: 'restore' }, // refused: checked below
      'pairings.create': { name: 'Over HTTP', grants: ['device_code', 'refresh_token'], scopes: ['lights:read'] },
      'pairings.list': {},
      'pairings.revoke': { id: 'no-such-pairing' }, // refused: checked below
      'clients.approve': { clientId: 'lanyard-console' }, // refused: checked below
      'users.expiring': { withinSeconds: 86_400 },
    };
    for (const operation of OPERATION_NAMES) {
      if (!(operation in inputs)) throw new Error(`no test input for ${operation}`);
      const response = await call(operation, inputs[operation], admin);
      const body = (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string } };
      if (operation === 'clients.delete') {
        expect(response.status).toBe(409);
        expect(body).toMatchObject({ ok: false, error: { code: 'conflict' } });
        continue;
      }
      if (operation === 'clients.approve') {
        expect(response.status).toBe(409);
        expect(body).toMatchObject({ ok: false, error: { code: 'conflict' } });
        continue;
      }
      if (operation === 'devices.decide' || operation === 'pairings.revoke') {
        expect(response.status).toBe(404);
        expect(body).toMatchObject({ ok: false, error: { code: 'not_found' } });
        continue;
      }
      if (operation === 'backups.restore') {
        expect(response.status).toBe(409); // a test hub cannot restart itself
        expect(body).toMatchObject({ ok: false, error: { code: 'conflict' } });
        continue;
      }
      expect(body.ok, `${operation}: ${JSON.stringify(body)}`).toBe(true);
      expect(response.status).toBe(200);
      expect(() => contract[operation].output.parse(body.value), operation).not.toThrow();
    }
  });

  it('answers bad input with a structured error the console can show', async () => {
    const response = await call('users.create', { username: 'x y', password: 'short', roles: 'admin' }, admin);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { ok: false; error: { code: string; message: string; fields: Record<string, string> } };
    expect(body.error.code).toBe('invalid_input');
    expect(Object.keys(body.error.fields).sort()).toEqual(['password', 'roles', 'username']);
    const garbage = await fetch(`${t.url}${httpOperationPath('users.create')}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: '{"not json' });
    expect(garbage.status).toBe(400);
    expect((await call('no.such.operation', {}, admin)).status).toBe(404);
  });
});

describe('live events', () => {
  it('streams hub events to an admin as server-sent events', async () => {
    const controller = new AbortController();
    const response = await fetch(`${t.url}${HTTP_EVENTS_PATH}`, { headers: { authorization: `Bearer ${admin}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    await call('roles.create', { name: 'streamed', scopes: [] }, admin);
    let text = '';
    while (!text.includes('"role.changed"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toMatch(/data: \{.*"type":"role.changed".*"summary":"Role streamed created/);
    expect((await fetch(`${t.url}${HTTP_EVENTS_PATH}`)).status).toBe(401);
  });

  it('reaches the console’s own HTTP transport, live-only token.issued included', async () => {
    const api = createHttpAdminApi({ origin: t.url, getToken: () => admin, retryDelays: [100] });
    const seen: HubEvent[] = [];
    const stop = api.subscribe((event) => seen.push(event));
    try {
      // The stream is open once an event that follows the subscription arrives.
      await expect.poll(async () => {
        await call('roles.create', { name: `probe-${seen.length}-${Date.now()}`, scopes: [] }, admin);
        return seen.some((e) => e.type === 'role.changed');
      }, { timeout: 5000, interval: 200 }).toBe(true);
      const service = await t.addClient({ kind: 'service', grants: ['client_credentials'] });
      await oauth.processClientCredentialsResponse(t.as, { client_id: service.clientId }, await oauth.clientCredentialsGrantRequest(t.as, { client_id: service.clientId }, oauth.ClientSecretBasic(service.secret!), new URLSearchParams(), insecure));
      await expect.poll(() => seen.find((e) => e.type === 'token.issued' && e.clientId === service.clientId), { timeout: 5000 }).toBeTruthy();
    } finally {
      stop();
    }
  });
});
