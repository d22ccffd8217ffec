// Lists shown newest first, on a real database: their order when rows were written in the same
// second (times are whole seconds), and that the account page's holdings are only the user's own.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../main/hub/store/index.ts';
import { removeDataDir } from '../../support/hub.ts';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lanyard-newest-first-'));
  store = new Store(dir);
});
afterEach(() => {
  store.close();
  removeDataDir(dir);
});

const second = Math.floor(Date.now() / 1000);
let n = 0;
/** One live access token row, as the adapter writes it (only the columns the list reads matter). */
function token(accountId: string, grantId: string, issuedAt = second): void {
  n += 1;
  store.db
    .prepare(`INSERT INTO tokens (id_hash, model, client_id, account_id, grant_id, scope, issued_at, expires_at, payload) VALUES (?, 'AccessToken', 'panel', ?, ?, 'lights:read', ?, ?, '{}')`)
    .run(`hash-${n}`, accountId, grantId, issuedAt, second + 3600);
}

describe('holdings.list', () => {
  it('puts the grant with the newest token first, also within one second', () => {
    token('alice', 'grant-a');
    token('alice', 'grant-b');
    token('alice', 'grant-c');
    token('alice', 'grant-a'); // grant-a got a token again, last
    expect(store.holdings.list('alice').map((holding) => holding.grantId)).toEqual(['grant-a', 'grant-c', 'grant-b']);
  });

  it('orders by issue time before insertion order', () => {
    token('alice', 'grant-late', second);
    token('alice', 'grant-early', second - 60);
    expect(store.holdings.list('alice').map((holding) => [holding.grantId, holding.tokens])).toEqual([['grant-late', 1], ['grant-early', 1]]);
  });

  it('lists only the user\'s own grants', () => {
    token('alice', 'grant-a');
    token('bob', 'grant-b');
    expect(store.holdings.list('alice').map((holding) => holding.grantId)).toEqual(['grant-a']);
    expect(store.holdings.revokeGrant('alice', 'grant-b')).toEqual([]);
    expect(store.holdings.list('bob')).toHaveLength(1);
  });
});

describe('pairings.list', () => {
  it('puts the pairing created last first, also within one second', () => {
    // Ids are random: ordered by id, these would come back in any order.
    for (const [id, name] of [['m', 'first'], ['z', 'second'], ['a', 'third']] as const) {
      store.pairings.create({ id, name, tokenHash: `hash-${id}`, grants: ['client_credentials'], scopes: [], usesAllowed: 1, requiresApproval: false, expiresAt: second + 600, createdBy: 'test' });
    }
    expect(store.pairings.list().map((pairing) => pairing.name)).toEqual(['third', 'second', 'first']);
  });
});
