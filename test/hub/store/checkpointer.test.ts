// WAL checkpoints from a worker thread: the hub's connection never checkpoints on commit, the
// worker folds the WAL into the database file, and a worker that fails hands checkpoints back.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { CHECKPOINT_INTERVAL_MS, startCheckpointer } from '../../../main/hub/store/checkpointer.ts';
import { DB_FILE } from '../../../main/hub/store/db.ts';
import { Store } from '../../../main/hub/store/index.ts';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lanyard-checkpointer-'));
  store = new Store(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const fileSize = () => statSync(join(dir, DB_FILE)).size;
const writeRows = (n: number) => {
  store.db.exec('CREATE TABLE IF NOT EXISTS filler (value TEXT NOT NULL) STRICT');
  const insert = store.db.prepare('INSERT INTO filler (value) VALUES (?)');
  for (let batch = 0; batch < n / 100; batch += 1) store.db.transaction(() => { for (let i = 0; i < 100; i += 1) insert.run('x'.repeat(1000)); })();
};
const until = async (condition: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end && !condition(); ) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
};

test("the hub's connection stops checkpointing on commit and the worker folds the WAL into the file", async () => {
  const checkpoints = startCheckpointer(store.db);
  expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  const before = fileSize();
  writeRows(5000); // ~5 MB: past SQLite's own 1000-page autocheckpoint
  expect(fileSize()).toBe(before); // all of it still in the WAL: nothing checkpointed on commit
  expect(await until(() => fileSize() > before + 4_000_000, 20 * CHECKPOINT_INTERVAL_MS)).toBe(true);
  await checkpoints.stop();
  expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
});

test('a worker that cannot run hands checkpoints back to the connection and says so', async () => {
  const file = join(dir, 'gone.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const errors: unknown[] = [];
  startCheckpointer(db, (error) => errors.push(error));
  rmSync(file); // before the worker gets to open it
  expect(await until(() => errors.length > 0, 10_000)).toBe(true);
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  db.close();
});
