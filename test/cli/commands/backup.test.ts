// `lanyard backup` and `lanyard restore` as people and scripts use them, and a real `lanyard
// serve` taking a restore from its console: it restarts itself on the restored data.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openAdmin } from '../../../main/hub/admin/open.ts';
import { consoleToken } from '../../support/console-session.ts';
import { lanyard, LANYARD_BIN } from '../../support/cli.ts';
import { insecure, removeDataDir, type TestHub } from '../../support/hub.ts';

vi.setConfig({ testTimeout: 180_000 });

const PASSPHRASE = 'a sentence only we know';
let work: string;
let data: string;


beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'lanyard-cli-backup-'));
  data = join(work, 'hub');
  const { admin, close } = openAdmin(data);
  await admin.run('roles.create', { name: 'resident', scopes: ['lights:read'] }, 'test');
  await admin.run('users.create', { username: 'root', password: 'root-password-1', roles: ['admin'] }, 'test');
  close();
});
afterAll(() => removeDataDir(work));

describe('lanyard backup', () => {
  it('prints the file, its size and SHA-256, and says it is unencrypted; the file is private', () => {
    const out = join(work, 'plain.db');
    const result = lanyard(['backup', '--data', data, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const sha = createHash('sha256').update(readFileSync(out)).digest('hex');
    expect(result.stdout).toContain(`Backup written: ${out}`);
    expect(result.stdout).toContain(`SHA-256:        ${sha}`);
    expect(result.stdout).toMatch(/Size: +[\d.]+ KB \(\d+ bytes\)/);
    expect(result.stdout).toMatch(/Unencrypted: it holds every password hash, but not the master key/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(lanyard(['backup', '--data', data, '--out', out]).stderr).toMatch(/already exists/);
  });

  it('encrypts with a passphrase from standard input, and refuses a short one', () => {
    expect(lanyard(['backup', '--data', data, '--out', join(work, 'short.db.enc'), '--passphrase-stdin'], { input: 'too short' }).stderr).toMatch(/at least 12 characters/);
    const result = lanyard(['backup', '--data', data, '--out', join(work, 'sealed.db.enc'), '--passphrase-stdin', '--json'], { input: PASSPHRASE });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ file: join(work, 'sealed.db.enc'), encrypted: true, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('writes into <data>/backups/ by default, and refuses a folder without a hub', () => {
    const result = JSON.parse(lanyard(['backup', '--data', data, '--json']).stdout) as { file: string };
    expect(result.file).toMatch(new RegExp(`^${join(data, 'backups')}/lanyard-manual-.*Z\\.db$`));
    expect(lanyard(['backup', '--data', join(work, 'nothing-here')]).stderr).toMatch(/There is no Lanyard database in/);
    expect(existsSync(join(work, 'nothing-here'))).toBe(false);
  });
});

describe('lanyard restore', () => {
  it('needs the passphrase of an encrypted backup, and refuses a wrong one with nothing changed', () => {
    const target = join(work, 'elsewhere');
    expect(lanyard(['restore', join(work, 'sealed.db.enc'), '--data', target]).stderr).toMatch(/is encrypted: give its passphrase on standard input with --passphrase-stdin/);
    const wrong = lanyard(['restore', join(work, 'sealed.db.enc'), '--data', target, '--passphrase-stdin'], { input: 'not the passphrase' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/the passphrase is wrong\. Nothing was changed\./);
    expect(existsSync(target)).toBe(false);
    const right = lanyard(['restore', join(work, 'sealed.db.enc'), '--data', target, '--passphrase-stdin'], { input: PASSPHRASE });
    expect(right.code, right.stderr).toBe(0);
    expect(right.stdout).toMatch(/The folder had no database before\./);
    expect(JSON.parse(lanyard(['user', 'list', '--data', target, '--json']).stdout)).toEqual([expect.objectContaining({ username: 'root' })]);
  });

  it('keeps the replaced database as a dated copy and says so', () => {
    const result = lanyard(['restore', join(work, 'plain.db'), '--data', data]);
    expect(result.code, result.stderr).toBe(0);
    const kept = readdirSync(data).filter((name) => name.endsWith('.before-restore'));
    expect(kept).toHaveLength(1);
    expect(result.stdout).toContain(`The database it replaced is kept as ${join(data, kept[0]!)}`);
  });
});

describe('a running hub', () => {
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child!.on('exit', resolve));
    }
  });

  it('is backed up by the CLI while it serves, refuses a CLI restore, and takes one from its console by restarting itself', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [LANYARD_BIN, 'serve', '--data', data, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const presence = await until(() => (existsSync(join(data, 'hub.json')) ? (JSON.parse(readFileSync(join(data, 'hub.json'), 'utf8')) as { pid: number; url: string }) : undefined));
    expect(presence.pid).toBe(child.pid);

    const refused = lanyard(['restore', join(work, 'plain.db'), '--data', data]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`A hub is running on ${data} \\(process ${child.pid}, ${presence.url}\\)`));
    expect(lanyard(['backup', '--data', data, '--out', join(work, 'while-serving.db')]).code).toBe(0);

    const t = await hubAt(presence.url);
    const admin = await consoleToken(t, 'root', 'root-password-1');
    const api = async <T>(operation: string, input: unknown): Promise<T> => {
      const response = await fetch(`${presence.url}/console/api/${operation}`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
      const body = (await response.json()) as { ok: boolean; value: T; error: unknown };
      if (!body.ok) throw new Error(`${operation}: ${JSON.stringify(body.error)}`);
      return body.value;
    };
    const service = await api<{ client: { clientId: string }; clientSecret: string }>('clients.create', { kind: 'service', name: 'Thermostat', scopes: ['lights:read'] });
    const client = { client_id: service.client.clientId };
    const auth = oauth.ClientSecretBasic(service.clientSecret);
    const issue = async () => (await oauth.processClientCredentialsResponse(t.as, client, await oauth.clientCredentialsGrantRequest(t.as, client, auth, new URLSearchParams({ scope: 'lights:read' }), insecure))).access_token;
    const before = await issue();
    const { backup } = await api<{ backup: { name: string } }>('backups.create', {});
    const after = await issue();
    await api('users.create', { username: 'later', password: 'later-password-1', roles: [] });

    expect(await api('backups.restore', { name: backup.name, confirm: 'Restore' })).toMatchObject({ keys: 'kept', restarting: true });
    await until(async () => (log.match(/Lanyard hub listening/g)?.length === 2 ? true : undefined));
    const active = async (token: string) => (await oauth.processIntrospectionResponse(t.as, client, await oauth.introspectionRequest(t.as, client, auth, token, insecure))).active;
    expect(await active(before)).toBe(true);
    expect(await active(after)).toBe(false);
    const users = await api<{ items: { username: string }[] }>('users.list', {}); // the console's own token predates the backup
    expect(users.items.map((user) => user.username)).toEqual(['root']);
    const audit = await api<{ items: { summary: string }[] }>('audit.list', { type: 'backup.restored' });
    expect(audit.items[0]!.summary).toMatch(new RegExp(`^Restored from .*${backup.name}; its keys open with this machine's key`));
    expect(readdirSync(data).filter((name) => name.endsWith('.before-restore'))).toHaveLength(2);
    expect(child.exitCode).toBe(null); // the same process, restarted in place
    expect(JSON.parse(readFileSync(join(data, 'hub.json'), 'utf8'))).toMatchObject({ pid: child.pid, url: presence.url });
  });
});

describe('help', () => {
  it('every backup command has --help', () => {
    for (const command of ['backup', 'restore']) {
      const result = lanyard([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`Usage: lanyard ${command}`));
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until<T>(probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 600; i += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out');
}

/** What consoleToken needs of a hub, for one started by `lanyard serve`. */
async function hubAt(url: string): Promise<TestHub> {
  const issuer = new URL(url);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }));
  return { issuer: url, as } as TestHub;
}
