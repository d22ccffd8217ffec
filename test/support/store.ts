// A real Store on a fresh SQLite file for each test, closed and its folder removed after it.
import { afterEach, beforeEach } from 'vitest';
import { Store } from '../../main/hub/store/index.ts';
import { newDataDir, removeDataDir } from './data-dir.ts';

/** Read `store` and `dir` inside tests: both are new for every test. */
export function storeForEachTest(name: string): Readonly<{ store: Store; dir: string }> {
  const current = {} as { store: Store; dir: string };
  beforeEach(() => {
    current.dir = newDataDir(name);
    current.store = new Store(current.dir);
  });
  afterEach(() => {
    current.store.close();
    removeDataDir(current.dir);
  });
  return current;
}
