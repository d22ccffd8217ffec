// GET /v2/users/me as Smartenit's clients read it: {"data": {"_id", "username", "roles"}} for a
// user's bearer token, and exactly /api/me's RFC 6750 refusals otherwise. Tokens come from real
// grants made with oauth4webapi.
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insecure, removeDataDir, startHub, type TestHub } from '../../support/hub.ts';

let t: TestHub;
let userToken: string;
let clientToken: string;
let aliceId: string;

beforeAll(async () => {
  t = await startHub();
  await t.run('roles.create', { name: 'resident', scopes: ['lights:read'] });
  aliceId = (await t.addUser('alice', 'alice-password-1', ['resident'])).id;
  const app = await t.addClient({ kind: 'first_party', grants: ['password', 'client_credentials'], scopes: ['lights:read'] });
  const client = { client_id: app.clientId };
  const auth = oauth.ClientSecretBasic(app.secret!);
  userToken = (await oauth.processGenericTokenEndpointResponse(t.as, client, await oauth.genericTokenEndpointRequest(t.as, client, auth, 'password', new URLSearchParams({ username: 'alice', password: 'alice-password-1', scope: 'lights:read' }), insecure))).access_token;
  clientToken = (await oauth.processClientCredentialsResponse(t.as, client, await oauth.clientCredentialsGrantRequest(t.as, client, auth, new URLSearchParams({ scope: 'lights:read' }), insecure))).access_token;
});
afterAll(async () => {
  await t.stop();
  removeDataDir(t.dataDir);
});

async function get(path: string, authorization?: string) {
  const response = await fetch(`${t.url}${path}`, { headers: authorization ? { authorization } : {} });
  return { status: response.status, challenge: response.headers.get('www-authenticate'), cache: response.headers.get('cache-control'), body: (await response.json()) as unknown };
}

describe('GET /v2/users/me', () => {
  it('answers a user\'s token with the user wrapped in data, the id in _id', async () => {
    const me = await get('/v2/users/me', `Bearer ${userToken}`);
    expect(me).toEqual({ status: 200, challenge: null, cache: 'no-store', body: { data: { _id: aliceId, username: 'alice', roles: ['resident'] } } });
    const response = await fetch(`${t.url}/v2/users/me`, { method: 'OPTIONS', headers: { origin: 'http://panel.example.test', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect([response.status, response.headers.get('access-control-allow-origin')]).toEqual([204, '*']);
  });

  it('refuses exactly as /api/me does (RFC 6750): no token, a malformed header, an unknown token, a client\'s token', async () => {
    const cases: [string, string | undefined][] = [
      ['no token', undefined],
      ['malformed', 'Token abc'],
      ['unknown', 'Bearer not-a-token'],
      ['client token', `Bearer ${clientToken}`],
    ];
    const answers = [];
    for (const [name, authorization] of cases) {
      const smartenit = await get('/v2/users/me', authorization);
      expect(smartenit, name).toEqual(await get('/api/me', authorization));
      answers.push([name, smartenit.status, smartenit.challenge]);
    }
    expect(answers).toEqual([
      ['no token', 401, 'Bearer realm="lanyard"'],
      ['malformed', 401, expect.stringContaining('error="invalid_request"')],
      ['unknown', 401, expect.stringContaining('error="invalid_token"')],
      ['client token', 403, expect.stringContaining('error="insufficient_scope"')],
    ]);
  });

  it('stops answering for a user disabled since the token was issued', async () => {
    await t.run('users.update', { id: aliceId, disabled: true });
    try {
      expect(await get('/v2/users/me', `Bearer ${userToken}`)).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
    } finally {
      await t.run('users.update', { id: aliceId, disabled: false });
    }
  });
});
