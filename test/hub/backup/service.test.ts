// The hub's own backups: the automatic schedule and its retention, what the dashboard is told
// (last backup, age, a warning when one failed or is older than two intervals), and the console's
// chunked download and upload — all on real hubs with real files.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { UPLOAD_CHUNK_BYTES } from '../../../shared/admin-contract.ts';
import { AdminFailure } from '../../../main/hub/admin/service.ts';
import { backupName, listBackups } from '../../../main/hub/backup/files.ts';
import { removeDataDir, startHub, type TestHub } from '../../support/hub.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 }); // closing a hub waits for a backup in progress

const HOUR = 3600_000;
const hubs: TestHub[] = [];
afterAll(async () => {
  for (const t of hubs) {
    await t.stop();
    removeDataDir(t.dataDir);
  }
});

/** A hub whose schedule looks every 100 ms, on `dataDir` prepared by `prepare` while no hub runs. */
async function hubWithSchedule(prepare: (dataDir: string, aBackup: string) => void, settings: Record<string, number> = {}): Promise<TestHub> {
  const first = await startHub({ backupSchedule: { firstCheckMs: 3600_000 } });
  await first.run('settings.update', settings);
  const { backup } = await first.run('backups.create', {});
  const aBackup = join(first.dataDir, 'backups', backup.name);
  const template = join(first.dataDir, 'template.db');
  copyFileSync(aBackup, template);
  rmSync(aBackup);
  await first.stop();
  prepare(first.dataDir, template);
  const t = await startHub({ backupSchedule: { firstCheckMs: 50, checkEveryMs: 100 } }, first.dataDir);
  hubs.push(t);
  return t;
}

/** Puts a copy of a real backup into backups/ as if written `hoursAgo` by `kind`. */
function plant(dataDir: string, template: string, kind: 'auto' | 'manual', hoursAgo: number): string {
  const name = backupName(kind, false, new Date(Date.now() - hoursAgo * HOUR));
  mkdirSync(join(dataDir, 'backups'), { recursive: true });
  copyFileSync(template, join(dataDir, 'backups', name));
  return name;
}

const waitFor = async <T>(probe: () => Promise<T | undefined>): Promise<T> => {
  for (let i = 0; i < 300; i += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out');
};

describe('automatic backups', () => {
  it('are written when the last one is an interval old, keep the newest `backupKeep`, and are reported', async () => {
    const planted: string[] = [];
    const t = await hubWithSchedule((dataDir, template) => {
      for (const hoursAgo of [120, 96, 72, 48, 25]) planted.push(plant(dataDir, template, 'auto', hoursAgo));
      planted.push(plant(dataDir, template, 'manual', 200)); // never pruned: not the schedule's
    }, { backupKeep: 3 });
    const fresh = await waitFor(async () => (await listBackups(t.dataDir)).find((file) => file.kind === 'auto' && Date.now() - file.createdAt.getTime() < 60_000));
    await new Promise((resolve) => setTimeout(resolve, 500)); // more checks: nothing more is due
    const files = await listBackups(t.dataDir);
    expect(files.filter((file) => file.kind === 'auto').map((file) => file.name)).toEqual([fresh.name, planted[4], planted[3]]);
    expect(files.some((file) => file.name === planted[5])).toBe(true);
    const status = await t.run('status.get', {});
    expect(status.backups).toMatchObject({ intervalHours: 24, keep: 3, last: { name: fresh.name, kind: 'auto' }, lastError: null, warning: null });
    const audit = await t.run('audit.list', { type: 'backup.created' });
    expect(audit.items[0]!.summary).toMatch(/3 older automatic backup\(s\) removed/);
  });

  it('are not written when switched off (interval 0)', async () => {
    const t = await hubWithSchedule(() => {}, { backupIntervalHours: 0 });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await listBackups(t.dataDir)).toEqual([]);
    expect((await t.run('status.get', {})).backups).toMatchObject({ intervalHours: 0, last: null, warning: null });
  });

  it('warn on the dashboard when the last backup is older than two intervals', async () => {
    const first = await startHub({ backupSchedule: { firstCheckMs: 3600_000 } });
    hubs.push(first);
    await first.run('backups.create', {});
    const [only] = await listBackups(first.dataDir);
    const old = join(first.dataDir, 'backups', backupName('auto', false, new Date(Date.now() - 73 * HOUR)));
    copyFileSync(only!.path, old);
    rmSync(only!.path);
    await first.run('backups.list', {}); // the hub looks at the folder again
    const status = await first.run('status.get', {});
    expect(status.backups.warning).toMatch(/^The last backup is 3 day\(s\) 1 hour\(s\) old, though backups are due every 24 hour\(s\)/);
    expect(status.warnings).toContain(status.backups.warning);
  });

  it('warn when the last one failed, and the hub keeps serving', async () => {
    const t = await hubWithSchedule((dataDir) => {
      rmSync(join(dataDir, 'backups'), { recursive: true });
      writeFileSync(join(dataDir, 'backups'), 'not a folder'); // the backups folder cannot be made
    });
    const status = await waitFor(async () => {
      const current = await t.run('status.get', {});
      return current.backups.lastError ? current : undefined;
    });
    expect(status.backups.warning).toMatch(/^The last automatic backup failed: /);
    expect(status.warnings).toContain(status.backups.warning);
    expect((await t.run('audit.list', { type: 'backup.failed' })).items.length).toBeGreaterThan(0);
    expect((await fetch(`${t.url}/v2/ping`)).status).toBe(200);
  });
});

describe('backups in the console', () => {
  it('download in chunks and upload back byte for byte; the upload is listed for restoring', async () => {
    const t = await startHub({ backupSchedule: { firstCheckMs: 3600_000 } });
    hubs.push(t);
    await t.run('roles.create', { name: 'padding', description: 'x'.repeat(200), scopes: [] });
    const { backup } = await t.run('backups.create', {});
    const original = readFileSync(join(t.dataDir, 'backups', backup.name));

    const parts: Buffer[] = [];
    for (let offset = 0, done = false; !done; ) {
      const chunk = await t.run('backups.read', { name: backup.name, offset });
      parts.push(Buffer.from(chunk.data, 'base64'));
      offset += parts.at(-1)!.length;
      done = chunk.done;
    }
    expect(Buffer.concat(parts).equals(original)).toBe(true);

    let uploadId: string | undefined;
    let uploaded;
    for (let offset = 0; offset < original.length; offset += UPLOAD_CHUNK_BYTES) {
      const data = original.subarray(offset, offset + UPLOAD_CHUNK_BYTES);
      const answer = await t.run('backups.upload', { uploadId, offset, data: data.toString('base64'), done: offset + data.length >= original.length });
      uploadId = answer.uploadId;
      uploaded = answer.backup;
    }
    expect(uploaded).toMatchObject({ kind: 'upload', encrypted: false, size: original.length });
    expect(readFileSync(join(t.dataDir, 'backups', uploaded!.name)).equals(original)).toBe(true);
    expect((await t.run('backups.list', {})).items.map((item) => item.name)).toContain(uploaded!.name);
  });

  it('refuse an upload that is no backup, or out of order, and leave no partial file', async () => {
    const t = await startHub({ backupSchedule: { firstCheckMs: 3600_000 } });
    hubs.push(t);
    const junk = Buffer.alloc(1000, 1).toString('base64');
    const first = await t.run('backups.upload', { offset: 0, data: junk, done: false });
    await expect(t.run('backups.upload', { uploadId: first.uploadId, offset: 5, data: junk, done: true })).rejects.toMatchObject({ error: { code: 'conflict', fields: { offset: expect.any(String) } } });
    await expect(t.run('backups.upload', { uploadId: first.uploadId, offset: 1000, data: junk, done: true })).rejects.toMatchObject({ error: { code: 'invalid_input', message: expect.stringMatching(/not a Lanyard backup/) } });
    await expect(t.run('backups.upload', { uploadId: first.uploadId, offset: 2000, data: junk, done: true })).rejects.toBeInstanceOf(AdminFailure); // that upload is over
    expect(readdirSync(join(t.dataDir, 'backups'))).toEqual([]);
  });

  it('restore only with the typed confirmation, and not on a hub that cannot restart itself', async () => {
    const t = await startHub({ backupSchedule: { firstCheckMs: 3600_000 } });
    hubs.push(t);
    const { backup } = await t.run('backups.create', {});
    await expect(t.run('backups.restore', { name: backup.name, confirm: 'yes' })).rejects.toMatchObject({ error: { code: 'invalid_input', fields: { confirm: 'type "restore" to confirm' } } });
    await expect(t.run('backups.restore', { name: backup.name, confirm: 'restore' })).rejects.toMatchObject({ error: { code: 'conflict', message: expect.stringMatching(/lanyard restore FILE/) } });
    await expect(t.run('backups.read', { name: '../lanyard.db', offset: 0 })).rejects.toMatchObject({ error: { code: 'invalid_input' } }); // names, never paths
  });
});
