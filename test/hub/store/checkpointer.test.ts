// WAL checkpoints from a worker thread: the hub's connection never checkpoints on commit, the
// worker folds the WAL into the database file while there is writing and ends when there is
// none, and a worker that fails hands checkpoints back to the connection.
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { startCheckpointer } from '../../../main/hub/store/checkpointer.ts';
import { DB_FILE } from '../../../main/hub/store/db.ts';
import { storeForEachTest } from '../../support/store.ts';

const t = storeForEachTest('checkpointer');

const fast = { intervalMs: 50, idleMs: 500 };
const fileSize = () => statSync(join(t.dir, DB_FILE)).size;
const writeRows = (db: Database.Database, n: number) => {
  db.exec('CREATE TABLE IF NOT EXISTS filler (value TEXT NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO filler (value) VALUES (?)');
  for (let batch = 0; batch < n / 100; batch += 1) db.transaction(() => { for (let i = 0; i < 100; i += 1) insert.run('x'.repeat(1000)); })();
};
const until = async (condition: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end && !condition(); ) await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
};

test("the hub's connection stops checkpointing on commit and the worker folds the WAL into the file", async () => {
  const checkpoints = startCheckpointer(t.store.db, fast);
  expect(t.store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  const before = fileSize();
  writeRows(t.store.db, 5000); // ~5 MB: past SQLite's own 1000-page autocheckpoint
  expect(fileSize()).toBe(before); // all of it still in the WAL: nothing checkpointed on commit
  expect(await until(() => fileSize() > before + 4_000_000, 20_000)).toBe(true);
  await checkpoints.stop();
  expect(t.store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
});

test('the worker runs only while the WAL changes: it ends when writing stops and comes back with the next write', async () => {
  const checkpoints = startCheckpointer(t.store.db, fast);
  expect(checkpoints.running).toBe(false); // nothing written yet
  writeRows(t.store.db, 100);
  expect(await until(() => checkpoints.running, 5_000)).toBe(true);
  expect(await until(() => !checkpoints.running, 10_000)).toBe(true);
  const before = fileSize();
  writeRows(t.store.db, 2000);
  expect(await until(() => checkpoints.running, 5_000)).toBe(true);
  expect(await until(() => fileSize() > before + 1_000_000, 20_000)).toBe(true);
  await checkpoints.stop();
});

test('a worker that cannot run hands checkpoints back to the connection and says so', async () => {
  const file = join(t.dir, 'gone.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const errors: unknown[] = [];
  startCheckpointer(db, { ...fast, onError: (error) => errors.push(error) });
  writeRows(db, 100);
  rmSync(file); // the worker, started at the next look because of that write, cannot open it
  expect(await until(() => errors.length > 0, 10_000)).toBe(true);
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  db.close();
});
