// The hub's SQLite file: readable by its owner only, whatever the data folder's own mode.
import { chmodSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DB_FILE, openDatabase } from '../../../main/hub/store/db.ts';
import { newDataDir, removeDataDir } from '../../support/data-dir.ts';

let dir: string;
afterEach(() => removeDataDir(dir));

it.skipIf(process.platform === 'win32')('keeps the database file and its WAL readable by its owner only', () => {
  dir = newDataDir('db');
  chmodSync(dir, 0o755); // an existing --data folder anyone may read
  const db = openDatabase(dir);
  try {
    db.prepare('SELECT 1').get();
    for (const file of [DB_FILE, `${DB_FILE}-wal`]) expect(statSync(join(dir, file)).mode & 0o777, file).toBe(0o600);
  } finally {
    db.close();
  }
});
