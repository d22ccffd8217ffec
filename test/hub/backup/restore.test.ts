// Restores from real backup files: what is refused (damaged, truncated, foreign, newer, encrypted
// without the right passphrase) leaves the data folder exactly as it was; what is accepted swaps
// in the backup and keeps the replaced database as a dated .before-restore copy.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBackup } from '../../../main/hub/backup/create.ts';
import { masterKeyCustody } from '../../../main/hub/backup/key-custody.ts';
import { applyRestore, RestoreRefused, stageRestore } from '../../../main/hub/backup/restore.ts';
import { MIGRATIONS } from '../../../main/hub/store/migrations.ts';
import { removeDataDir, startHub, type TestHub } from '../../support/hub.ts';

vi.setConfig({ testTimeout: 120_000 });

const PASSPHRASE = 'correct horse battery staple';
let t: TestHub;
let work: string;
let plain: string;
let encrypted: string;

const backup = (out: string, passphrase?: string) => createBackup({ dataDir: t.dataDir, out, passphrase, custody: masterKeyCustody(), pagesPerStep: 64 });

beforeAll(async () => {
  t = await startHub();
  work = mkdtempSync(join(tmpdir(), 'lanyard-restore-'));
  await t.run('roles.create', { name: 'resident', scopes: ['lights:read'] });
  await t.addUser('alice', 'alice-password-1', ['resident']);
  plain = (await backup(join(work, 'plain.db'))).file;
  encrypted = (await backup(join(work, 'sealed.db.enc'), PASSPHRASE)).file;
  await t.addUser('bob', 'bob-password-12', ['resident']); // after the backups
  await t.stop();
});
afterAll(() => {
  removeDataDir(t.dataDir);
  removeDataDir(work);
});

/** Every file of a folder with its SHA-256: "nothing changed" means this is equal before and after. */
function snapshot(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path.slice(dir.length)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return files;
}

async function refused(file: string, passphrase?: string): Promise<string> {
  const before = snapshot(t.dataDir);
  const error = await stageRestore({ dataDir: t.dataDir, file, passphrase, custody: masterKeyCustody() }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RestoreRefused);
  expect(await applyRestore(t.dataDir, masterKeyCustody())).toBeUndefined(); // nothing was staged
  expect(snapshot(t.dataDir)).toEqual(before);
  return (error as Error).message;
}

function copy(from: string, name: string): string {
  const to = join(work, name);
  copyFileSync(from, to);
  return to;
}

const usernames = (dataDir: string) => {
  const db = new Database(join(dataDir, 'lanyard.db'), { readonly: true });
  try {
    return db.prepare('SELECT username FROM users ORDER BY username').pluck().all();
  } finally {
    db.close();
  }
};

describe('refused, with nothing changed', () => {
  it('a truncated backup', async () => {
    const file = copy(plain, 'truncated.db');
    truncateSync(file, Math.floor(statSync(file).size / 2));
    expect(await refused(file)).toMatch(/damaged|truncated/);
  });

  it('a backup with damaged pages', async () => {
    const file = copy(plain, 'damaged.db');
    const bytes = readFileSync(file);
    bytes.fill(0xa5, 4096 * 2, 4096 * 6); // pages 3 to 6: b-tree pages of the schema's tables
    writeFileSync(file, bytes);
    expect(await refused(file)).toMatch(/damaged/);
  });

  it('a SQLite database that is not Lanyard\'s', async () => {
    const file = join(work, 'other.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (\'hello\')');
    db.close();
    expect(await refused(file)).toMatch(/not a Lanyard one/);
  });

  it('a database from a newer Lanyard', async () => {
    const file = copy(plain, 'newer.db');
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(await refused(file)).toMatch(/newer Lanyard/);
  });

  it('a file that is no backup at all', async () => {
    const file = join(work, 'random.bin');
    writeFileSync(file, Buffer.alloc(8192, 7));
    expect(await refused(file)).toMatch(/not a Lanyard backup/);
  });

  it('an encrypted backup without its passphrase, with a wrong one, or changed by one byte', async () => {
    expect(await refused(encrypted)).toMatch(/encrypted: give its passphrase/);
    expect(await refused(encrypted, 'not the passphrase at all')).toMatch(/passphrase is wrong/);
    const changed = copy(encrypted, 'changed.db.enc');
    const bytes = readFileSync(changed);
    bytes[bytes.length - 5000]! ^= 0x01;
    writeFileSync(changed, bytes);
    expect(await refused(changed, PASSPHRASE)).toMatch(/authentication failed/);
    const cut = copy(encrypted, 'cut.db.enc');
    truncateSync(cut, statSync(cut).size - 1);
    expect(await refused(cut, PASSPHRASE)).toMatch(/truncated or damaged/);
  });
});

describe('an encrypted backup', () => {
  it('holds nothing readable without the passphrase', () => {
    const bytes = readFileSync(encrypted);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('LYBACKUP');
    for (const plaintext of ['SQLite format 3', 'alice', 'scrypt$', 'keys.signing', 'lanyard:admin']) expect(bytes.includes(Buffer.from(plaintext)), plaintext).toBe(false);
    expect(statSync(encrypted).mode & 0o777).toBe(0o600);
  });
});

describe('accepted', () => {
  it('swaps the backup in and keeps the replaced database as a dated .before-restore copy', async () => {
    const staged = await stageRestore({ dataDir: t.dataDir, file: plain, custody: masterKeyCustody() });
    expect(staged).toMatchObject({ encrypted: false, keys: 'kept', schemaVersion: MIGRATIONS.length });
    expect(usernames(t.dataDir)).toEqual(['alice', 'bob']); // staging changes nothing the hub uses
    const applied = (await applyRestore(t.dataDir, masterKeyCustody()))!;
    expect(applied.beforeRestore).toMatch(/lanyard\.db\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.before-restore$/);
    expect(usernames(t.dataDir)).toEqual(['alice']);
    const kept = new Database(applied.beforeRestore!, { readonly: true });
    expect(kept.prepare('SELECT username FROM users ORDER BY username').pluck().all()).toEqual(['alice', 'bob']);
    kept.close();
    expect(existsSync(join(t.dataDir, 'restore-pending'))).toBe(false);
  });

  it('an encrypted backup with its passphrase, into a new empty folder, and the hub serves it', async () => {
    const fresh = join(work, 'new-machine', 'data');
    await stageRestore({ dataDir: fresh, file: encrypted, passphrase: PASSPHRASE, custody: masterKeyCustody() });
    const applied = (await applyRestore(fresh, masterKeyCustody()))!;
    expect(applied).toMatchObject({ encrypted: true, beforeRestore: null });
    const restored = await startHub({}, fresh);
    try {
      expect((await restored.run('users.list', {})).items.map((user) => user.username)).toEqual(['alice']);
    } finally {
      await restored.stop();
    }
  });

  it('a backup written before databases were marked as Lanyard\'s (no application id)', async () => {
    const marking = MIGRATIONS.findIndex((migration) => migration.includes('application_id'));
    const file = copy(plain, 'legacy.db');
    const db = new Database(file);
    db.pragma('application_id = 0');
    db.pragma(`user_version = ${marking}`); // every migration before the one that marks the file
    db.close();
    const fresh = join(work, 'legacy-restore');
    const staged = await stageRestore({ dataDir: fresh, file, custody: masterKeyCustody() });
    expect(staged.schemaVersion).toBe(marking);
    await applyRestore(fresh, masterKeyCustody());
    const restored = new Database(join(fresh, 'lanyard.db'), { readonly: true });
    expect(restored.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length); // migrated while staged
    restored.close();
  });
});
