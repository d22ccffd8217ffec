// The adapter's group commit: writes queued and committed together, reads see them at once,
// a failing write fails alone.
import { expect, test } from 'vitest';
import { adapterForEachTest } from '../../support/adapter.ts';

const t = adapterForEachTest(() => undefined);

const now = () => Math.floor(Date.now() / 1000);
const token = (extra: Record<string, unknown> = {}) => ({ iat: now(), exp: now() + 600, clientId: 'c1', kind: 'AccessToken', scope: 'a', ...extra });

test('a write not yet committed is read back at once', async () => {
  const tokens = t.adapter('AccessToken');
  const saved = tokens.upsert('bearer-1', token(), 600);
  expect(await tokens.find('bearer-1')).toMatchObject({ clientId: 'c1', jti: 'bearer-1' });
  await saved;
  const consumed = tokens.consume('bearer-1');
  expect((await tokens.find('bearer-1'))?.consumed).toBeTruthy();
  await consumed;
});

test('concurrent writes land together and each promise settles after the commit', async () => {
  const tokens = t.adapter('ClientCredentials');
  const grants = t.adapter('Grant');
  await Promise.all([
    ...Array.from({ length: 50 }, (_, i) => tokens.upsert(`bearer-${i}`, token({ kind: 'ClientCredentials' }), 600)),
    grants.upsert('grant-1', { iat: now(), exp: now() + 600, clientId: 'c1', accountId: 'u1', kind: 'Grant' }, 600),
  ]);
  expect(t.store.db.prepare('SELECT count(*) FROM tokens').pluck().get()).toBe(50);
  expect(t.store.db.prepare("SELECT count(*) FROM oidc_models WHERE model = 'Grant'").pluck().get()).toBe(1);
});

test('a failing write is rejected alone; the rest of its batch commits', async () => {
  const tokens = t.adapter('AccessToken');
  const results = await Promise.allSettled([
    tokens.upsert('good-1', token(), 600),
    tokens.upsert('bad', token({ iat: 'not a number' }), 600), // STRICT table: INTEGER column
    tokens.upsert('good-2', token(), 600),
  ]);
  expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(await tokens.find('good-1')).toBeDefined();
  expect(await tokens.find('good-2')).toBeDefined();
  expect(await tokens.find('bad')).toBeUndefined();
});

test('destroy and revokeByGrantId are queued in order with the upserts before them', async () => {
  const tokens = t.adapter('RefreshToken');
  void tokens.upsert('r1', token({ kind: 'RefreshToken', grantId: 'g1' }), 600);
  void tokens.upsert('r2', token({ kind: 'RefreshToken', grantId: 'g1' }), 600);
  void tokens.upsert('r3', token({ kind: 'RefreshToken', grantId: 'g2' }), 600);
  void tokens.destroy('r3');
  await tokens.revokeByGrantId('g1');
  expect(t.store.db.prepare('SELECT count(*) FROM tokens').pluck().get()).toBe(0);
});

test('a read flushes the queue only when a queued write may touch what it reads', async () => {
  const tokens = t.adapter('AccessToken');
  const rows = () => t.store.db.prepare('SELECT count(*) FROM tokens').pluck().get();
  const saved = tokens.upsert('queued', token(), 600);
  expect(await tokens.find('unrelated')).toBeUndefined();
  expect(await t.adapter('Grant').find('some-grant')).toBeUndefined();
  expect(rows()).toBe(0); // still queued: the batch keeps growing
  expect(await tokens.find('queued')).toBeDefined();
  expect(rows()).toBe(1);
  await saved;
  void tokens.upsert('other', token({ grantId: 'g9' }), 600);
  void tokens.revokeByGrantId('g9');
  expect(await tokens.find('unrelated')).toBeUndefined(); // after a revoke by grant: any read of the model flushes
  expect(rows()).toBe(1);
});

test('a token looked up as all three token models at once is found as its own model only', async () => {
  await t.adapter('ClientCredentials').upsert('machine-1', token({ kind: 'ClientCredentials' }), 600);
  // What introspection without a hint does: three finds started in the same synchronous run.
  const [access, machine, refresh] = await Promise.all([t.adapter('AccessToken').find('machine-1'), t.adapter('ClientCredentials').find('machine-1'), t.adapter('RefreshToken').find('machine-1')]);
  expect(access).toBeUndefined();
  expect(machine).toMatchObject({ kind: 'ClientCredentials', jti: 'machine-1' });
  expect(refresh).toBeUndefined();
});

test('a lookup is not reused once its synchronous run is over: a revocation in between is seen', async () => {
  const tokens = t.adapter('AccessToken');
  await tokens.upsert('revoked-1', token(), 600);
  expect(await tokens.find('revoked-1')).toBeDefined();
  t.store.db.prepare('DELETE FROM tokens').run(); // as an operator's revocation does, on the same connection
  expect(await tokens.find('revoked-1')).toBeUndefined();
  await tokens.upsert('revoked-2', token(), 600);
  const found = tokens.find('revoked-2');
  void tokens.destroy('revoked-2'); // queued in the same run: the next find must not answer from before it
  expect(await found).toBeDefined();
  expect(await tokens.find('revoked-2')).toBeUndefined();
});

test('a token is found only while its application exists and is enabled', async () => {
  const tokens = t.adapter('ClientCredentials');
  await tokens.upsert('machine-2', token({ kind: 'ClientCredentials' }), 600);
  expect(await tokens.find('machine-2')).toBeDefined();
  // Disabling revokes an application's tokens; a token committed as it happens would outlive that.
  t.store.db.prepare("UPDATE clients SET disabled = 1 WHERE client_id = 'c1'").run();
  expect(await tokens.find('machine-2')).toBeUndefined();
  t.store.db.prepare("UPDATE clients SET disabled = 0 WHERE client_id = 'c1'").run();
  expect(await tokens.find('machine-2')).toBeDefined();
  await tokens.upsert('orphan', token({ kind: 'ClientCredentials', clientId: 'deleted-app' }), 600);
  expect(await tokens.find('orphan')).toBeUndefined();
});
