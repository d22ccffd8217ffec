// What requests and commands cost the database: a read-only command takes no write lock,
// discovery's scope list and the token path's applications are read again only after a
// change, and grants live as long as the tokens minted from them (no longer).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Store } from '../../../main/hub/store/index.ts';
import { storeForEachTest } from '../../support/store.ts';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'lanyard.js');
const t = storeForEachTest('costs');
const now = () => Math.floor(Date.now() / 1000);

describe('read-only commands', () => {
  it('run while another process holds the write lock: they take none', () => {
    const lanyard = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args, '--data', t.dir, '--json'], { encoding: 'utf8', timeout: 120_000 });
    expect(lanyard('role', 'list').status).toBe(0); // the first run sets the hub up (writes)
    const writer = new Database(join(t.dir, 'lanyard.db'));
    writer.pragma('busy_timeout = 0');
    writer.exec('BEGIN IMMEDIATE');
    try {
      for (const args of [['role', 'list'], ['client', 'list']]) {
        const result = lanyard(...args);
        expect([args.join(' '), result.status, result.stderr]).toEqual([args.join(' '), 0, '']);
      }
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  }, 180_000); // each command is a Node process start
});

describe('scope names for discovery', () => {
  it('are read once, and again after a change here or in another process', () => {
    t.store.scopes.upsert('lights:read', '');
    const first = t.store.scopes.names();
    expect(t.store.scopes.names()).toBe(first); // cached: the same array
    t.store.scopes.ensure(['lights:write']);
    expect(t.store.scopes.names()).toContain('lights:write');
    const cli = new Store(t.dir); // another connection, as the CLI has
    try {
      cli.scopes.upsert('doors:open', 'Open doors');
    } finally {
      cli.close();
    }
    expect(t.store.scopes.names()).toContain('doors:open');
  });

  it('count each scope\'s clients in one pass over the clients', () => {
    t.store.scopes.ensure(['a:1', 'b:2']);
    for (const [id, scopes] of [['c1', ['a:1']], ['c2', ['a:1', 'b:2']], ['c3', []]] as const) {
      t.store.clients.create({ clientId: id, name: id, kind: 'service', public: false, grants: ['client_credentials'], redirectUris: [], scopes: [...scopes], accessTokenTtl: 60, refreshTokenTtl: 60, firstParty: false, secretHash: 'x' });
    }
    const counts = Object.fromEntries(t.store.scopes.list().map((scope) => [scope.name, scope.clientCount]));
    expect(counts).toMatchObject({ 'a:1': 2, 'b:2': 1 });
    expect(t.store.scopes.get('a:1')?.clientCount).toBe(2);
  });
});

describe('applications on the token path', () => {
  it('are cached, and read again at the next call after a change here or in another process', () => {
    const created = t.store.clients.create({ clientId: 'panel', name: 'Panel', kind: 'service', public: false, grants: ['client_credentials'], redirectUris: [], scopes: [], accessTokenTtl: 60, refreshTokenTtl: 60, firstParty: false, secretHash: 'x' });
    expect(t.store.clients.findCached('panel')).toEqual(created);
    expect(t.store.clients.findCached('panel')).toBe(t.store.clients.findCached('panel')); // one record, not a read per call
    t.store.clients.update('panel', { name: 'Hall panel' });
    expect(t.store.clients.findCached('panel')?.name).toBe('Hall panel');
    const cli = new Store(t.dir); // another connection, as the CLI has
    try {
      cli.clients.update('panel', { disabled: true });
    } finally {
      cli.close();
    }
    // No window: a client disabled (or a secret rotated) by the CLI is refused from the next request on.
    expect(t.store.clients.findCached('panel')?.disabled).toBe(true);
  });
});

describe('grants and their tokens', () => {
  const grant = (id: string, expiresAt: number) =>
    t.store.db.prepare("INSERT INTO oidc_models (model, id, payload, expires_at) VALUES ('Grant', ?, ?, ?)").run(id, JSON.stringify({ kind: 'Grant', jti: id, exp: expiresAt, clientId: 'c' }), expiresAt);
  const token = (idHash: string, grantId: string, expiresAt: number, consumed = false) =>
    t.store.db
      .prepare("INSERT INTO tokens (id_hash, model, client_id, grant_id, issued_at, expires_at, consumed_at, payload) VALUES (?, 'RefreshToken', 'c', ?, ?, ?, ?, '{}')")
      .run(idHash, grantId, now(), expiresAt, consumed ? now() : null);
  const grantRow = (id: string) => t.store.db.prepare("SELECT expires_at, json_extract(payload, '$.exp') AS exp FROM oidc_models WHERE model = 'Grant' AND id = ?").get(id) as { expires_at: number; exp: number };

  it('a grant expiring soon is kept until its last live token expires, row and payload alike', () => {
    const soon = now() + 3600;
    const later = now() + 10 * 86_400;
    grant('rotated', soon);
    token('t1', 'rotated', later);
    token('t0', 'rotated', later + 999, true); // consumed: does not count
    grant('idle', soon); // no token: left to expire
    grant('far', now() + 30 * 86_400);
    token('t2', 'far', now() + 40 * 86_400); // not expiring soon: not looked at yet
    expect(t.store.tokens.extendGrants(now() + 86_400)).toBe(1);
    expect(grantRow('rotated')).toEqual({ expires_at: later, exp: later });
    expect(grantRow('idle').expires_at).toBe(soon);
    expect(grantRow('far').expires_at).toBe(now() + 30 * 86_400);
  });
});
