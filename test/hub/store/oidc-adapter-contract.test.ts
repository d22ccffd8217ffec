// The oidc-provider adapter's contract, against a real SQLite file: expiry, consume,
// destroy, revokeByGrantId, lookups by uid and user code, and the purge of expired rows.
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../main/hub/security/secrets.ts';
import { adapterForEachTest } from '../../support/adapter.ts';

const t = adapterForEachTest((id) => (id === 'known' ? { client_id: 'known' } : undefined));

const now = () => Math.floor(Date.now() / 1000);

describe.each(['AccessToken', 'RefreshToken', 'ClientCredentials', 'Session', 'Grant', 'AuthorizationCode', 'Interaction', 'DeviceCode'])('%s', (model) => {
  it('stores, finds, consumes and destroys', async () => {
    const a = t.adapter(model);
    const payload = { jti: 'id-1', kind: model, clientId: 'c1', accountId: 'u1', grantId: 'g1', iat: now(), exp: now() + 60, scope: 'a b' };
    await a.upsert('id-1', payload, 60);
    expect(await a.find('id-1')).toMatchObject({ ...payload });
    expect((await a.find('id-1'))?.consumed).toBeUndefined();
    await a.consume('id-1');
    expect((await a.find('id-1'))?.consumed).toBeGreaterThan(0);
    await a.upsert('id-1', { ...payload, scope: 'a' }, 60); // an update keeps one row
    expect((await a.find('id-1'))?.scope).toBe('a');
    await a.destroy('id-1');
    expect(await a.find('id-1')).toBeUndefined();
  });

  it('does not return expired entries', async () => {
    const a = t.adapter(model);
    await a.upsert('old', { jti: 'old', iat: now() - 100, clientId: 'c1' }, 1);
    expect(await a.find('old')).toBeDefined();
    t.store.db.prepare('UPDATE tokens SET expires_at = ?').run(now() - 1);
    t.store.db.prepare('UPDATE oidc_models SET expires_at = ?').run(now() - 1);
    expect(await a.find('old')).toBeUndefined();
  });

  it('revokes by grant id, only its own model and grant', async () => {
    const a = t.adapter(model);
    const other = t.adapter(model === 'AccessToken' ? 'RefreshToken' : 'AccessToken');
    await a.upsert('x1', { jti: 'x1', grantId: 'g-x', clientId: 'c' }, 60);
    await a.upsert('x2', { jti: 'x2', grantId: 'g-y', clientId: 'c' }, 60);
    await other.upsert('x3', { jti: 'x3', grantId: 'g-x', clientId: 'c' }, 60);
    await a.revokeByGrantId('g-x');
    expect(await a.find('x1')).toBeUndefined();
    expect(await a.find('x2')).toBeDefined();
    expect(await other.find('x3')).toBeDefined();
  });
});

describe('token storage', () => {
  it('keeps no bearer value in the database, only its hash', async () => {
    await t.adapter('AccessToken').upsert('super-secret-bearer', { jti: 'super-secret-bearer', clientId: 'c', iat: now() }, 60);
    const dump = JSON.stringify(t.store.db.prepare('SELECT * FROM tokens').all());
    expect(dump).not.toContain('super-secret-bearer');
    expect(dump).toContain(sha256('super-secret-bearer'));
    expect(await t.adapter('AccessToken').find('super-secret-bearer')).toMatchObject({ jti: 'super-secret-bearer' });
  });

  it('keeps token types apart: an access token is not found as a refresh token', async () => {
    await t.adapter('AccessToken').upsert('t1', { jti: 't1', clientId: 'c' }, 60);
    expect(await t.adapter('RefreshToken').find('t1')).toBeUndefined();
  });
});

describe('lookups', () => {
  it('finds sessions by uid and device codes by user code', async () => {
    await t.adapter('Session').upsert('s1', { jti: 's1', uid: 'uid-1', accountId: 'u' }, 60);
    expect(await t.adapter('Session').findByUid('uid-1')).toMatchObject({ jti: 's1' });
    await t.adapter('DeviceCode').upsert('d1', { jti: 'd1', userCode: 'ABCD-EFGH', clientId: 'c' }, 60);
    expect(await t.adapter('DeviceCode').findByUserCode('ABCD-EFGH')).toMatchObject({ jti: 'd1' });
    expect(await t.adapter('DeviceCode').findByUserCode('NOPE')).toBeUndefined();
  });

  it('reads clients from the operator-managed table and never writes them', async () => {
    expect(await t.adapter('Client').find('known')).toEqual({ client_id: 'known' });
    expect(await t.adapter('Client').find('unknown')).toBeUndefined();
    await expect(t.adapter('Client').upsert('x', {}, 0)).rejects.toThrow(/managed by operators/);
  });
});

describe('purge', () => {
  it('deletes expired rows of every model in batches and keeps live ones', async () => {
    for (let i = 0; i < 25; i += 1) {
      await t.adapter('AccessToken').upsert(`dead-${i}`, { jti: `dead-${i}`, clientId: 'c' }, 60);
      await t.adapter('Session').upsert(`dead-s-${i}`, { jti: `dead-s-${i}` }, 60);
    }
    await t.adapter('AccessToken').upsert('alive', { jti: 'alive', clientId: 'c' }, 600);
    t.store.db.prepare("UPDATE tokens SET expires_at = ? WHERE id_hash <> ?").run(now() - 5, sha256('alive'));
    t.store.db.prepare('UPDATE oidc_models SET expires_at = ?').run(now() - 5);
    let removed = 0;
    for (let batch = t.store.tokens.purgeExpiredBatch(10); batch > 0; batch = t.store.tokens.purgeExpiredBatch(10)) removed += batch;
    expect(removed).toBe(50);
    expect(await t.adapter('AccessToken').find('alive')).toBeDefined();
    expect(t.store.db.prepare('SELECT count(*) FROM oidc_models').pluck().get()).toBe(0);
  });
});
