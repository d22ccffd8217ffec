// `lanyard token create` and `token list --user` as scripts use them: real processes on the data
// directory of a running hub, which then honours the personal access tokens they made.
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lanyard as run } from '../../support/cli.ts';
import { insecure, removeDataDir, startHub, type TestHub } from '../../support/hub.ts';

vi.setConfig({ testTimeout: 180_000 });

let t: TestHub;

const lanyard = (...args: string[]) => run([...args, '--data', t.dataDir]);

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
    expect(bad.stderr).toMatch(/^lanyard: .*--expires takes a duration such as 30d, 12h or 1y/);
  });
});
