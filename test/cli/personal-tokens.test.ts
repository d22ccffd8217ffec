// `lanyard token create`, `token list --user` and `user reset-2fa` as scripts use them: real
// processes on the data directory of a running hub, which then honours what they made.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insecure, removeDataDir, startHub, type TestHub } from '../support/hub.ts';

vi.setConfig({ testTimeout: 180_000 });

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'lanyard.js');
let t: TestHub;

const lanyard = (...args: string[]) => {
  const result = spawnSync(process.execPath, [BIN, ...args, '--data', t.dataDir], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

beforeAll(async () => {
  t = await startHub();
  await t.run('roles.create', { name: 'resident', scopes: ['lights:read', 'lights:write'] });
  await t.addUser('alice', 'alice-password-1', ['resident']);
});
afterAll(async () => {
  await t.stop();
  removeDataDir(t.dataDir);
});

describe('lanyard token create', () => {
  it('prints the token once as {id, token, name, scope, expires_at}; the running hub honours it', async () => {
    const result = lanyard('token', 'create', '--user', 'alice', '--name', 'backup script', '--scopes', 'lights:read', '--expires', '30d', '--json');
    expect(result.code, result.stderr).toBe(0);
    const created = JSON.parse(result.stdout) as Record<string, string>;
    expect(Object.keys(created)).toEqual(['id', 'token', 'name', 'scope', 'expires_at']);
    expect(created).toMatchObject({ name: 'backup script', scope: 'lights:read' });
    expect(Date.parse(created.expires_at!) / 1000 - Date.now() / 1000).toBeCloseTo(30 * 86_400, -2);
    const rs = await t.addClient({ kind: 'service', grants: ['client_credentials'] });
    const introspection = await oauth.processIntrospectionResponse(t.as, { client_id: rs.clientId }, await oauth.introspectionRequest(t.as, { client_id: rs.clientId }, oauth.ClientSecretBasic(rs.secret!), created.token!, insecure));
    expect(introspection).toMatchObject({ active: true, scope: 'lights:read' });
    expect((await fetch(`${t.url}/api/me`, { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(200);

    const listed = lanyard('token', 'list', '--user', 'alice');
    expect(listed.stdout).toMatch(/NAME/);
    expect(listed.stdout).toMatch(new RegExp(`^${created.id}\\s+access_token\\s+lanyard-personal-tokens\\s+alice\\s+backup script\\s+lights:read`, 'm'));
  });

  it('refuses a scope beyond the user\'s roles with one line and a non-zero exit, writing nothing', () => {
    const before = lanyard('token', 'list', '--user', 'alice', '--json').stdout;
    const result = lanyard('token', 'create', '--user', 'alice', '--name', 'too much', '--scopes', 'lights:read doors:open', '--json');
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^lanyard: A personal access token can only carry scopes the user's roles hold; not doors:open/)]);
    expect(lanyard('token', 'list', '--user', 'alice', '--json').stdout).toBe(before);
  });

  it('warns when the token never expires, and refuses a lifetime it cannot read', () => {
    const never = lanyard('token', 'create', '--user', 'alice', '--name', 'forever', '--scopes', 'lights:write', '--expires', 'never', '--json');
    expect(never.code).toBe(0);
    expect(JSON.parse(never.stdout)).toMatchObject({ expires_at: null });
    expect(never.stderr).toMatch(/warning: this token never expires/);
    const bad = lanyard('token', 'create', '--user', 'alice', '--name', 'x', '--scopes', 'lights:read', '--expires', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/like 30d, 12h or 1y/);
  });
});

describe('lanyard user reset-2fa', () => {
  it('removes a user\'s second factors and says so', () => {
    const result = lanyard('user', 'reset-2fa', 'alice', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ username: 'alice', secondFactors: { totp: false, passkeys: 0 } });
    expect(lanyard('user', 'reset-2fa', 'nobody').stderr).toMatch(/^lanyard: There is no user "nobody"\.\n$/);
  });
});
