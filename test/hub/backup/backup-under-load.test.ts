// Backups taken while the hub answers a bounded stream of token requests — by the hub itself and
// by `lanyard backup` in another process — restored into a fresh folder: every token acknowledged
// before a backup started introspects active on the restored hub, and a token issued after the
// backup finished does not.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { masterKeyCustody } from '../../../main/hub/backup/key-custody.ts';
import { applyRestore, stageRestore } from '../../../main/hub/backup/restore.ts';
import { insecure, removeDataDir, startHub, type TestHub } from '../../support/hub.ts';

vi.setConfig({ testTimeout: 240_000 });

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'lanyard.js');
/** Bounds of the load: this many token requests at most, this many in flight, this long at most. */
const LOAD = { requests: 900, concurrency: 8, ms: 60_000 };

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDataDir));

type Client = { client_id: string; auth: oauth.ClientAuth };

async function token(t: TestHub, client: Client): Promise<string> {
  const response = await oauth.clientCredentialsGrantRequest(t.as, { client_id: client.client_id }, client.auth, new URLSearchParams({ scope: 'lights:read' }), insecure);
  return (await oauth.processClientCredentialsResponse(t.as, { client_id: client.client_id }, response)).access_token;
}

/** Runs the bounded load; `acknowledged` grows as answers arrive, in order of arrival. */
function load(t: TestHub, client: Client, acknowledged: string[]): Promise<void> {
  const deadline = Date.now() + LOAD.ms;
  let started = 0;
  const worker = async () => {
    while (started < LOAD.requests && Date.now() < deadline) {
      started += 1;
      acknowledged.push(await token(t, client));
    }
  };
  return Promise.all(Array.from({ length: LOAD.concurrency }, worker)).then(() => undefined);
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 600 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(condition()).toBe(true);
};

function cliBackup(dataDir: string, out: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'backup', '--data', dataDir, '--out', out, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function introspect(t: TestHub, client: Client, value: string): Promise<boolean> {
  const response = await oauth.introspectionRequest(t.as, { client_id: client.client_id }, client.auth, value, insecure);
  return (await oauth.processIntrospectionResponse(t.as, { client_id: client.client_id }, response)).active;
}

/** Restores into a new data folder holding only `masterKeyFrom`'s master key: the hub's own machine (master-key.test.ts covers other machines). */
async function restoreInto(file: string, masterKeyFrom: string): Promise<string> {
  const fresh = join(mkdtempSync(join(tmpdir(), 'lanyard-restored-')), 'data');
  dirs.push(fresh);
  mkdirSync(fresh, { mode: 0o700 });
  copyFileSync(join(masterKeyFrom, 'master.key'), join(fresh, 'master.key'));
  await stageRestore({ dataDir: fresh, file, custody: masterKeyCustody() });
  await applyRestore(fresh, masterKeyCustody());
  return fresh;
}

describe('a backup under load', () => {
  it('holds every token acknowledged before it started, from the hub and from the CLI, and none issued after it', async () => {
    const t = await startHub();
    dirs.push(t.dataDir);
    const port = Number(new URL(t.url).port);
    const app = await t.addClient({ kind: 'service', grants: ['client_credentials'], scopes: ['lights:read'] });
    const client: Client = { client_id: app.clientId, auth: oauth.ClientSecretBasic(app.secret!) };

    const acknowledged: string[] = [];
    const running = load(t, client, acknowledged);
    await until(() => acknowledged.length >= 150);
    const beforeHub = acknowledged.length;
    const hubBackup = await t.run('backups.create', {});
    await until(() => acknowledged.length >= beforeHub + 150);
    const beforeCli = acknowledged.length;
    const cliFile = join(t.dataDir, 'cli-backup.db');
    const cli = await cliBackup(t.dataDir, cliFile);
    expect(cli.code, cli.stderr).toBe(0);
    await running;
    const later = await token(t, client); // after both backups finished
    await t.stop();

    expect(acknowledged.length).toBeGreaterThan(beforeCli);
    for (const [file, before] of [[join(t.dataDir, 'backups', hubBackup.backup.name), beforeHub], [cliFile, beforeCli]] as const) {
      const restored = await startHub({ port }, await restoreInto(file, t.dataDir)); // the same address: the same issuer
      try {
        const inactive: number[] = [];
        for (let i = 0; i < before; i += 1) if (!(await introspect(restored, client, acknowledged[i]!))) inactive.push(i);
        expect(inactive, `tokens acknowledged before the backup but not active after restoring ${file}`).toEqual([]);
        expect(await introspect(restored, client, later)).toBe(false);
        expect(await token(restored, client)).toEqual(expect.any(String)); // the client works on the restored hub
      } finally {
        await restored.stop();
      }
    }
  });
});
