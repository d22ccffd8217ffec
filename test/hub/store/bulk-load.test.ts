// Store.bulkLoad: asynchronous work, the adapter's group commits included, lands as one
// transaction — all of it once the work resolves, none of it when the work fails.
import { expect, it } from 'vitest';
import { openDatabase } from '../../../main/hub/store/db.ts';
import { adapterFactory } from '../../../main/hub/store/oidc-adapter.ts';
import { storeForEachTest } from '../../support/store.ts';

const t = storeForEachTest('bulk-load');

const now = () => Math.floor(Date.now() / 1000);
/** Tokens and users as another connection (another process) sees them. */
const seen = () => {
  const other = openDatabase(t.dir);
  try {
    return { tokens: t.store.tokens.count({}), users: other.prepare('SELECT count(*) FROM users').pluck().get(), tokenRows: other.prepare('SELECT count(*) FROM tokens').pluck().get() };
  } finally {
    other.close();
  }
};

async function load(fail: boolean): Promise<void> {
  const tokens = adapterFactory(t.store.db, () => undefined)('ClientCredentials');
  await t.store.bulkLoad(async () => {
    t.store.users.create({ username: 'seeded', passwordHash: 'x', roles: [] });
    for (let chunk = 0; chunk < 3; chunk += 1) {
      await Promise.all(Array.from({ length: 10 }, (_, i) => tokens.upsert(`bearer-${chunk}-${i}`, { iat: now(), exp: now() + 600, clientId: 'c1', kind: 'ClientCredentials', scope: 'a' }, 600)));
      expect(seen().tokenRows, 'other connections see nothing before the end').toBe(0);
    }
    if (fail) throw new Error('the load failed');
  });
}

it('commits everything the work wrote, group commits included, when it resolves', async () => {
  await load(false);
  expect(seen()).toEqual({ tokens: 30, users: 1, tokenRows: 30 });
});

it('leaves nothing behind when the work fails, and the t.store works on', async () => {
  await expect(load(true)).rejects.toThrow('the load failed');
  expect(seen()).toEqual({ tokens: 0, users: 0, tokenRows: 0 });
  t.store.users.create({ username: 'after', passwordHash: 'x', roles: [] });
  expect(seen().users).toBe(1);
});
