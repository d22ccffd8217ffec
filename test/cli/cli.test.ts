// The `lanyard` command as people and scripts use it: real processes, real data directories.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LANYARD_BIN as BIN, lanyard as run, lanyardJson } from '../support/cli.ts';
import { newDataDir, removeDataDir } from '../support/data-dir.ts';
import { insecure } from '../support/hub.ts';
import { HUB_NODE_FLAGS, hubEnvironment } from '../../main/hub/node-flags.ts';

// Each case starts real `lanyard` processes; give a loaded machine room.
vi.setConfig({ testTimeout: 180_000 });

let data: string;

const lanyard = (args: string[], input?: string, env: NodeJS.ProcessEnv = {}) => run(args, { input, env });
const json = <T>(args: string[], input?: string): T => lanyardJson<T>(data, args, input);

beforeAll(() => {
  data = newDataDir('cli');
});
afterAll(() => removeDataDir(data));

describe('help', () => {
  it('every command has --help', () => {
    for (const args of [[], ['serve'], ['role'], ['role', 'add'], ['role', 'set-assignable'], ['user', 'add'], ['client', 'add'], ['token', 'list'], ['cert', 'show']]) {
      const result = lanyard([...args, '--help']);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/Usage: lanyard/);
    }
    expect(lanyard(['client', 'add', '--help']).stdout).toMatch(/--redirect-uri <uri>[\s\S]*--access-ttl <duration>\s+access-token lifetime: seconds, or[\s\S]*15m, 24h, 30d/);
  });

  // The system's own Node (Debian's 20 on these machines) is what `./bin/lanyard.js` meets first.
  const systemNode = spawnSync('/usr/bin/node', ['--version'], { encoding: 'utf8' });
  const oldNode = systemNode.status === 0 && Number(/^v(\d+)/.exec(systemNode.stdout)?.[1]) < 24;
  it.skipIf(!oldNode)('on an older Node, says which one it needs and how to get it, and exits 1', () => {
    const result = spawnSync('/usr/bin/node', [BIN, '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^lanyard: Node 2\d\.[\d.]+ is too old; Lanyard needs Node 24\. In a checkout, run "npm install"/);
  });
});

describe('roles, users, clients, tokens', () => {
  it('adds and lists roles', () => {
    expect(json<{ name: string; scopes: string[] }>(['role', 'add', 'resident', '--scopes', 'lights:read lights:write'])).toMatchObject({ name: 'resident', scopes: ['lights:read', 'lights:write'] });
    const roles = json<{ name: string }[]>(['role', 'list']);
    expect(roles.map((role) => role.name)).toEqual(['admin', 'resident']);
    expect(lanyard(['role', 'list', '--data', data]).stdout).toMatch(/^NAME\s+SCOPES/);
  });

  it('adds users with the password on stdin and lists and disables them', () => {
    const user = json<{ username: string; roles: string[] }>(['user', 'add', 'alice', '--role', 'resident', '--password-stdin'], 'alice-password-1\n');
    expect(user).toMatchObject({ username: 'alice', roles: ['resident'] });
    expect(json<{ username: string }[]>(['user', 'list']).map((u) => u.username)).toEqual(['alice']);
    json(['user', 'add', 'bob', '--role', 'resident', '--password-stdin'], 'bob-password-12');
    expect(json<{ disabled: boolean }>(['user', 'disable', 'bob']).disabled).toBe(true);
  });

  it('adds clients: a secret once for confidential ones, none for public ones', () => {
    const confidential = json<Record<string, string>>(['client', 'add', '--name', 'Thermostat', '--grants', 'client_credentials', '--scopes', 'lights:read', '--access-ttl', '600']);
    expect(Object.keys(confidential).sort()).toEqual(['client_id', 'client_secret']);
    expect(confidential.client_secret).toMatch(/^lys_/);
    const pub = json<Record<string, string>>(['client', 'add', '--name', 'Phone app', '--grants', 'authorization_code', '--public', '--redirect-uri', 'com.example.app:/cb']);
    expect(Object.keys(pub)).toEqual(['client_id']);
    const list = json<{ clientId: string; accessTokenTtl: number; secretHash?: string }[]>(['client', 'list']);
    expect(list.find((c) => c.clientId === confidential.client_id)).toMatchObject({ accessTokenTtl: 600 });
    expect(JSON.stringify(list)).not.toContain(confidential.client_secret);
    const rotated = json<Record<string, string>>(['client', 'rotate-secret', confidential.client_id!]);
    expect(rotated.client_secret).not.toBe(confidential.client_secret);
  });

  it('refuses bad input with a one-line error, a non-zero exit, and writes nothing', () => {
    const before = JSON.stringify([json(['client', 'list']), json(['user', 'list']), json(['role', 'list'])]);
    const cases: [string[], string | undefined, RegExp][] = [
      [['client', 'add', '--name', 'X', '--grants', 'client_credentials,teleport'], undefined, /unknown grant "teleport"/],
      [['client', 'add', '--name', 'X', '--grants', 'password', '--public'], undefined, /public client cannot use the password grant/],
      [['client', 'add', '--name', 'X', '--grants', 'authorization_code'], undefined, /need at least one redirect URI/],
      [['client', 'add', '--name', 'X', '--grants', 'client_credentials', '--access-ttl', '5'], undefined, /--access-ttl must be a whole number from 60/],
      [['user', 'add', 'alice', '--role', 'resident', '--password-stdin'], 'another-password', /username "alice" is taken/],
      [['user', 'add', 'carol', '--role', 'wizard', '--password-stdin'], 'carol-password-1', /no role named "wizard"/],
      [['user', 'add', 'dora', '--role', 'resident', '--password-stdin'], 'short', /at least 8 characters/],
      [['user', 'add', 'erin', '--role', 'resident'], undefined, /--password-stdin/],
      [['role', 'add', 'resident'], undefined, /already exists/],
      [['token', 'revoke', '999999'], undefined, /No live token has the id 999999/],
      [['client', 'disable', 'no-such-client'], undefined, /no application with client id "no-such-client"/],
      [['serve', '--port', 'eighty'], undefined, /--port must be a whole number/],
    ];
    for (const [args, input, message] of cases) {
      const result = lanyard([...args, '--data', data], input);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr.trim().split('\n')[0], args.join(' ')).toMatch(/^lanyard: /);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack traces
    }
    expect(JSON.stringify([json(['client', 'list']), json(['user', 'list']), json(['role', 'list'])])).toBe(before);
  });

  it('uses LANYARD_DATA when --data is not given', () => {
    const other = newDataDir('env');
    try {
      expect(lanyard(['role', 'add', 'only-here', '--json'], undefined, { LANYARD_DATA: other }).code).toBe(0);
      const listed = JSON.parse(lanyard(['role', 'list', '--json'], undefined, { LANYARD_DATA: other }).stdout) as { name: string }[];
      expect(listed.map((role) => role.name)).toContain('only-here');
      expect(json<{ name: string }[]>(['role', 'list']).map((role) => role.name)).not.toContain('only-here');
    } finally {
      removeDataDir(other);
    }
  });
});

describe('lanyard serve', () => {
  it('serves, logs its issuer and address, takes CLI changes live, and stops cleanly on SIGTERM', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, [BIN, 'serve', '--data', data, '--host', '127.0.0.1', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    try {
      const issuer = `http://127.0.0.1:${port}`;
      // The console's address is the last line of the start-up.
      for (let i = 0; i < 300 && !log.includes('/console/'); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(log).toContain(`Lanyard hub listening on ${issuer}`);
      expect(log).toContain(`issuer=${issuer}`);
      expect(log).toContain('/console/');
      // The hub's V8 flags (main/hub/node-flags.ts): serve restarted itself with them, same pid.
      if (process.platform === 'linux') {
        expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0')).toEqual(expect.arrayContaining([...HUB_NODE_FLAGS]));
        // And its allocator settings (glibc rewrites the variable as it reads it: look for the first).
        const [first] = hubEnvironment({}).GLIBC_TUNABLES!.split(':');
        expect(readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0').find((entry) => entry.startsWith('GLIBC_TUNABLES='))).toContain(first);
      }

      // A client created by the CLI while the hub runs works on the next request.
      const created = json<Record<string, string>>(['client', 'add', '--name', 'Live', '--grants', 'client_credentials', '--scopes', 'lights:read']);
      const as = await oauth.processDiscoveryResponse(new URL(issuer), await oauth.discoveryRequest(new URL(issuer), insecure));
      const client = { client_id: created.client_id! };
      const auth = oauth.ClientSecretBasic(created.client_secret!);
      const token = await oauth.processClientCredentialsResponse(as, client, await oauth.clientCredentialsGrantRequest(as, client, auth, new URLSearchParams({ scope: 'lights:read' }), insecure));
      const listed = json<{ id: string; client_id: string; type: string; scope: string; expires_at: string }[]>(['token', 'list', '--client', created.client_id!]);
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ type: 'client_credentials', client_id: created.client_id, scope: 'lights:read' });
      expect(JSON.stringify(listed)).not.toContain(token.access_token);

      // A token revoked by the CLI is dead on the next request.
      expect(json<{ revoked: number }>(['token', 'revoke', listed[0]!.id]).revoked).toBe(1);
      const introspection = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, token.access_token, insecure));
      expect(introspection.active).toBe(false);

      // A client disabled by the CLI is refused on the next request.
      json(['client', 'disable', created.client_id!]);
      const refused = await oauth.clientCredentialsGrantRequest(as, client, auth, new URLSearchParams(), insecure);
      expect(refused.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(0);
    }
    expect(log).toMatch(/stopping the hub/);
  });

  it('refuses plain HTTP on a LAN address without --insecure-http, saying what to do', () => {
    const result = lanyard(['serve', '--data', data, '--host', '0.0.0.0', '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^lanyard: Refusing to serve plain HTTP on 0\.0\.0\.0.*--tls.*--insecure-http/);
  });
});
