// The hub's own keys at rest: sealed with the master key, migrated from the old plaintext
// rows on first start (which are overwritten, not just deleted), rotated with an overlap.
import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COOKIE_OVERLAP, loadKeySet, pruneKeySet, rotateKeys, SIGNING_OVERLAP, toHubKeys } from '../../../main/hub/oauth/keys.ts';
import { loadMasterKey, newMasterKey, SEALED_KEYS_SETTING, type MasterKey } from '../../../main/hub/security/keyring.ts';
import { Store } from '../../../main/hub/store/index.ts';

let dir: string;
let store: Store;
let master: MasterKey;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lanyard-keys-'));
  store = new Store(dir);
  master = loadMasterKey(dir, { kind: 'file' }, { create: true });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every byte of the database as a copy of it would hold them. */
function fileBytes(): string {
  return ['lanyard.db', 'lanyard.db-wal'].map((name) => join(dir, name)).filter(existsSync).map((file) => readFileSync(file).toString('latin1')).join('');
}
const changes = () => store.db.prepare('SELECT total_changes()').pluck().get() as number;

describe('key set at rest', () => {
  it('is made on first start and kept sealed: no key material in the file', () => {
    const set = loadKeySet(store, master);
    const d = String(set.signing[0]!.value.d);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = fileBytes();
    for (const secret of [d, set.cookies[0]!.value, set.csrf[0]!.value]) expect(bytes).not.toContain(secret);
    expect(store.settings.get(SEALED_KEYS_SETTING)).toMatchObject({ v: 1, masterKeyId: master.id });
  });

  it('is read without writing on later starts', () => {
    const first = loadKeySet(store, master);
    const before = changes();
    const again = loadKeySet(store, master);
    expect(changes()).toBe(before);
    expect(again).toEqual(first);
  });

  it('cannot be opened with another master key, and the hub says which key would', () => {
    loadKeySet(store, master);
    const stranger = loadMasterKey(dir, { kind: 'supplied', key: newMasterKey(), origin: 'a stranger' });
    expect(() => loadKeySet(store, stranger)).toThrow(new RegExp(`sealed with master key ${master.id}, but a stranger holds key ${stranger.id}`));
  });

  it('migrates plaintext keys on first start: the old signing key only verifies, for a day; the plaintext is overwritten', () => {
    // What the hub kept before keys were sealed.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const legacy: JsonWebKey = { ...privateKey.export({ format: 'jwk' }), kid: 'legacy-kid', use: 'sig', alg: 'RS256' };
    const cookie = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    store.settings.set('keys.signing', legacy);
    store.settings.set('keys.cookies', [cookie]);
    store.settings.set('keys.csrf', csrf);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fileBytes()).toContain(String(legacy.d));

    const now = Math.floor(Date.now() / 1000);
    const set = loadKeySet(store, master, now);
    expect(set.signing.map((key) => key.value.kid)).toEqual([set.signing[0]!.value.kid, 'legacy-kid']);
    expect(set.signing[1]!.retireAt).toBe(now + SIGNING_OVERLAP);
    expect(set.cookies.map((key) => key.value)).not.toContain(cookie); // sessions end at this upgrade anyway
    expect(set.csrf[0]!.value).not.toBe(csrf);
    for (const name of ['keys.signing', 'keys.cookies', 'keys.csrf']) expect(store.settings.get(name)).toBeUndefined();
    const bytes = fileBytes();
    for (const secret of [String(legacy.d), cookie, csrf]) expect(bytes).not.toContain(secret);

    const jwks = toHubKeys(set).jwks.keys;
    expect(jwks[0]!.key_ops).toBeUndefined();
    expect(jwks[1]).toMatchObject({ kid: 'legacy-kid', key_ops: ['verify'] });
  });
});

describe('rotation', () => {
  it('puts new keys first; old ones verify for their overlap, then are dropped', () => {
    const now = Math.floor(Date.now() / 1000);
    const first = loadKeySet(store, master, now);
    const rotated = rotateKeys(store, master, now);
    expect(rotated.signing[1]!.value.kid).toBe(first.signing[0]!.value.kid);
    expect(rotated.signing[1]!.retireAt).toBe(now + SIGNING_OVERLAP);
    expect(rotated.cookies.map((key) => key.value)).toEqual([rotated.cookies[0]!.value, first.cookies[0]!.value]);
    expect(rotated.cookies[1]!.retireAt).toBe(now + COOKIE_OVERLAP);
    expect(toHubKeys(rotated).cookieKeys[0]).not.toBe(first.cookies[0]!.value); // keygrip signs with the first

    expect(loadKeySet(store, master, now + SIGNING_OVERLAP - 1).signing).toHaveLength(2);
    const dayLater = loadKeySet(store, master, now + SIGNING_OVERLAP + 1);
    expect(dayLater.signing.map((key) => key.value.kid)).toEqual([rotated.signing[0]!.value.kid]);
    expect(dayLater.cookies).toHaveLength(2); // sessions still hold cookies signed with the old key
    expect(loadKeySet(store, master, now + COOKIE_OVERLAP + 1).cookies).toHaveLength(1);
  });

  it('keeps a bounded number of old keys however often it runs', () => {
    const now = Math.floor(Date.now() / 1000);
    loadKeySet(store, master, now);
    for (let i = 0; i < 8; i += 1) rotateKeys(store, master, now);
    const set = loadKeySet(store, master, now);
    expect(set.signing.length).toBeLessThanOrEqual(5);
    expect(set.cookies.length).toBeLessThanOrEqual(5);
    expect(pruneKeySet(set, now)).toBe(set); // nothing retired: the same object, nothing written
  });

  it('needs keys to rotate', () => {
    expect(() => rotateKeys(store, master)).toThrow(/start it once/);
  });
});
