// Lists shown newest first, on a real database: their order when rows were written in the same
// second (times are whole seconds), and that the account page's holdings are only the user's own.
import { describe, expect, it } from 'vitest';
import { storeForEachTest } from '../../support/store.ts';

const t = storeForEachTest('newest-first');

const second = Math.floor(Date.now() / 1000);
let n = 0;
/** One live access token row, as the adapter writes it (only the columns the list reads matter). */
function token(accountId: string, grantId: string, issuedAt = second): void {
  n += 1;
  t.store.db
    .prepare(`INSERT INTO tokens (id_hash, model, client_id, account_id, grant_id, scope, issued_at, expires_at, payload) VALUES (?, 'AccessToken', 'panel', ?, ?, 'lights:read', ?, ?, '{}')`)
    .run(`hash-${n}`, accountId, grantId, issuedAt, second + 3600);
}

describe('holdings.list', () => {
  it('puts the grant with the newest token first, also within one second', () => {
    token('alice', 'grant-a');
    token('alice', 'grant-b');
    token('alice', 'grant-c');
    token('alice', 'grant-a'); // grant-a got a token again, last
    expect(t.store.holdings.list('alice').map((holding) => holding.grantId)).toEqual(['grant-a', 'grant-c', 'grant-b']);
  });

  it('orders by issue time before insertion order', () => {
    token('alice', 'grant-late', second);
    token('alice', 'grant-early', second - 60);
    expect(t.store.holdings.list('alice').map((holding) => [holding.grantId, holding.tokens])).toEqual([['grant-late', 1], ['grant-early', 1]]);
  });

  it('lists only the user\'s own grants', () => {
    token('alice', 'grant-a');
    token('bob', 'grant-b');
    expect(t.store.holdings.list('alice').map((holding) => holding.grantId)).toEqual(['grant-a']);
    expect(t.store.holdings.revokeGrant('alice', 'grant-b')).toEqual([]);
    expect(t.store.holdings.list('bob')).toHaveLength(1);
  });
});

describe('pairings.list', () => {
  it('puts the pairing created last first, also within one second', () => {
    // Ids are random: ordered by id, these would come back in any order.
    for (const [id, name] of [['m', 'first'], ['z', 'second'], ['a', 'third']] as const) {
      t.store.pairings.create({ id, name, tokenHash: `hash-${id}`, grants: ['client_credentials'], scopes: [], usesAllowed: 1, requiresApproval: false, expiresAt: second + 600, createdBy: 'test' });
    }
    expect(t.store.pairings.list().map((pairing) => pairing.name)).toEqual(['third', 'second', 'first']);
  });
});
