// What a restore does with the master key (backup/key-custody.ts), on real hubs in temp folders:
// an encrypted backup carries it, so it restores on another machine with its keys and tokens; an
// unencrypted backup never holds it, restores as is on the machine whose key sealed it, and
// elsewhere gets fresh keys — tokens from before stop working — with a message that says so.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { masterKeyCustody } from '../../../main/hub/backup/key-custody.ts';
import { applyRestore, stageRestore } from '../../../main/hub/backup/restore.ts';
import { insecure, removeDataDir, startHub, type TestHub } from '../../support/hub.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'lanyard.js');
const PASSPHRASE = 'correct horse battery staple';

type Client = { client_id: string; auth: oauth.ClientAuth };

let source: TestHub;
let client: Client;
/** Issued before the backups were taken. */
let token: string;
let kid: string | undefined;
let plainFile: string;
let encryptedFile: string;
const dirs: string[] = [];

async function issue(t: TestHub): Promise<string> {
  const response = await oauth.clientCredentialsGrantRequest(t.as, { client_id: client.client_id }, client.auth, new URLSearchParams({ scope: 'lights:read' }), insecure);
  return (await oauth.processClientCredentialsResponse(t.as, { client_id: client.client_id }, response)).access_token;
}

async function active(t: TestHub, value: string): Promise<boolean> {
  const response = await oauth.introspectionRequest(t.as, { client_id: client.client_id }, client.auth, value, insecure);
  return (await oauth.processIntrospectionResponse(t.as, { client_id: client.client_id }, response)).active;
}

async function signingKid(t: TestHub): Promise<string | undefined> {
  const jwks = (await (await fetch(t.as.jwks_uri!)).json()) as { keys: { kid?: string; key_ops?: string[] }[] };
  return jwks.keys.find((key) => !key.key_ops)?.kid;
}

/** Another machine: a hub that has run once in its own folder, so it has its own master key. */
async function otherMachine(): Promise<string> {
  const other = await startHub();
  dirs.push(other.dataDir);
  await other.stop();
  return other.dataDir;
}

const masterKey = (dataDir: string) => readFileSync(join(dataDir, 'master.key'), 'utf8');

async function restore(dataDir: string, file: string, passphrase?: string) {
  const staged = await stageRestore({ dataDir, file, passphrase, custody: masterKeyCustody() });
  await applyRestore(dataDir, masterKeyCustody());
  return staged;
}

beforeAll(async () => {
  source = await startHub();
  dirs.push(source.dataDir);
  const app = await source.addClient({ kind: 'service', grants: ['client_credentials'], scopes: ['lights:read'] });
  client = { client_id: app.clientId, auth: oauth.ClientSecretBasic(app.secret!) };
  token = await issue(source);
  kid = await signingKid(source);
  const plain = await source.run('backups.create', {});
  const encrypted = await source.run('backups.create', { passphrase: PASSPHRASE });
  expect([plain.carriesKeys, encrypted.carriesKeys]).toEqual([false, true]);
  plainFile = join(source.dataDir, 'backups', plain.backup.name);
  encryptedFile = join(source.dataDir, 'backups', encrypted.backup.name);
  await source.stop();
});
afterAll(() => dirs.forEach(removeDataDir));

describe('restoring the master key', () => {
  it('an unencrypted backup never contains the master key', () => {
    const key = masterKey(source.dataDir).trim();
    expect(readFileSync(plainFile).includes(key)).toBe(false);
    expect(readFileSync(plainFile).includes(Buffer.from(key, 'base64url'))).toBe(false);
  });

  it('an encrypted backup carries it to another machine: its keys and tokens come back, and the replaced key is kept', async () => {
    const dataDir = await otherMachine();
    const replaced = masterKey(dataDir);
    expect(replaced).not.toBe(masterKey(source.dataDir));
    expect((await restore(dataDir, encryptedFile, PASSPHRASE)).keys).toBe('carried');
    expect(masterKey(dataDir)).toBe(masterKey(source.dataDir));
    const kept = readdirSync(dataDir).filter((name) => name.startsWith('master.key.') && name.endsWith('.before-restore'));
    expect(kept.map((name) => readFileSync(join(dataDir, name), 'utf8'))).toEqual([replaced]);
    const restored = await startHub({}, dataDir);
    try {
      expect(await active(restored, token)).toBe(true);
      expect(await signingKid(restored)).toBe(kid);
    } finally {
      await restored.stop();
    }
  });

  it('an unencrypted backup restores as is on the machine whose master key sealed it', async () => {
    expect((await restore(source.dataDir, plainFile)).keys).toBe('kept');
    const restored = await startHub({}, source.dataDir);
    try {
      expect(await active(restored, token)).toBe(true);
      expect(await signingKid(restored)).toBe(kid);
    } finally {
      await restored.stop();
    }
  });

  it("refuses, with nothing changed, a hub's folder whose master key is not there (the desktop app's keychain)", async () => {
    const dataDir = await otherMachine();
    renameSync(join(dataDir, 'master.key'), join(dataDir, 'elsewhere.key'));
    const before = readdirSync(dataDir).sort();
    const error = await stageRestore({ dataDir, file: plainFile, custody: masterKeyCustody() }).then(() => undefined, (e: unknown) => e);
    expect(String(error)).toMatch(/has a hub's database but no master key here/);
    expect(readdirSync(dataDir).sort()).toEqual(before);
  });

  it('an unencrypted backup on another machine gets fresh keys: tokens from before stop working, and the restore says so', async () => {
    const dataDir = await otherMachine();
    const key = masterKey(dataDir);
    const cli = spawnSync(process.execPath, [BIN, 'restore', plainFile, '--data', dataDir], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('FRESH KEYS');
    expect(cli.stdout).toContain('everyone signs in again');
    expect(masterKey(dataDir)).toBe(key); // this machine's key stays
    expect(existsSync(join(dataDir, 'restore-pending'))).toBe(false);
    const restored = await startHub({}, dataDir);
    try {
      expect(await active(restored, token)).toBe(false);
      expect(await signingKid(restored)).not.toBe(kid);
      expect(await active(restored, await issue(restored))).toBe(true); // the application itself came back
    } finally {
      await restored.stop();
    }
  });
});
