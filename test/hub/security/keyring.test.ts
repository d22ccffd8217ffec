// The master key and the sealed key set: made once, kept outside the database, and a copy of
// the database without it opens nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canOpen, KeyringError, KeySource, loadMasterKey, MASTER_KEY_FILE, newMasterKey, openKeySet, sealKeySet, SEALED_KEYS_SETTING } from '../../../main/hub/security/keyring.ts';
import { keyedHash, open, seal } from '../../../main/hub/security/sealing.ts';
import { HubStartOptions } from '../../../main/hub/options.ts';
import { Store } from '../../../main/hub/store/index.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lanyard-keyring-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the master key', () => {
  it('is made once in a 0600 file of the data directory, and read back the same', () => {
    const made = loadMasterKey(dir, { kind: 'file' }, { create: true });
    const file = join(dir, MASTER_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(loadMasterKey(dir).id).toBe(made.id);
  });

  it('is not made by a reader, which is told where the key would be', () => {
    expect(() => loadMasterKey(dir)).toThrow(KeyringError);
    expect(() => loadMasterKey(dir)).toThrow(/no master key at .*master\.key.*desktop app/);
    expect(existsSync(join(dir, MASTER_KEY_FILE))).toBe(false);
  });

  it('refuses a key file that is not a key, saying what to do', () => {
    writeFileSync(join(dir, MASTER_KEY_FILE), 'hunter2\n');
    expect(() => loadMasterKey(dir)).toThrow(/does not hold a Lanyard master key/);
  });

  it('may be supplied by another process (the desktop app), serialized as a KeySource', () => {
    const key = newMasterKey();
    const source = KeySource.parse(JSON.parse(JSON.stringify({ kind: 'supplied', key, origin: 'the OS keychain' })));
    const master = loadMasterKey(dir, source);
    expect(master.origin).toBe('the OS keychain');
    expect(master.export()).toBe(key);
    expect(existsSync(join(dir, MASTER_KEY_FILE))).toBe(false);
    expect(KeySource.safeParse({ kind: 'supplied', key: 'short' }).success).toBe(false);
  });

  it('crosses to the desktop app\'s hub child inside the start options, as JSON', () => {
    const options = { dataDir: dir, keySource: { kind: 'supplied', key: newMasterKey(), origin: 'the OS keychain' }, limits: { requestsPerMinute: 100 } };
    expect(HubStartOptions.parse(JSON.parse(JSON.stringify(options)))).toEqual(options);
    expect(HubStartOptions.safeParse({ dataDir: dir, keySource: { kind: 'keychain' } }).success).toBe(false);
  });

  it('derives different keys for different purposes, never itself', () => {
    const master = loadMasterKey(dir, { kind: 'supplied', key: newMasterKey() });
    expect(master.derive('keys').equals(master.derive('models'))).toBe(false);
    expect(master.derive('keys').toString('base64url')).not.toBe(master.export());
  });
});

describe('sealing', () => {
  it('opens only with the same key and context, and says nothing when it cannot', () => {
    const key = loadMasterKey(dir, { kind: 'supplied', key: newMasterKey() }).derive('x');
    const other = loadMasterKey(dir, { kind: 'supplied', key: newMasterKey() }).derive('x');
    const sealed = seal(key, 'the secret', 'ctx');
    expect(sealed).not.toContain('the secret');
    expect(open(key, sealed, 'ctx')).toBe('the secret');
    expect(open(key, sealed, 'other ctx')).toBeUndefined();
    expect(open(other, sealed, 'ctx')).toBeUndefined();
    expect(open(key, `${sealed.slice(0, -2)}AA`, 'ctx')).toBeUndefined();
    expect(seal(key, 'the secret', 'ctx')).not.toBe(sealed); // a fresh IV each time
    expect(keyedHash(key, 'ABCD')).not.toBe(keyedHash(other, 'ABCD'));
  });

  it('tells whether a database\'s keys can be opened with a master key (the backup check)', () => {
    const store = new Store(dir);
    try {
      const master = loadMasterKey(dir, { kind: 'file' }, { create: true });
      const stranger = loadMasterKey(dir, { kind: 'supplied', key: newMasterKey() });
      expect(canOpen(store.settings, master)).toBe('none');
      store.settings.set(SEALED_KEYS_SETTING, sealKeySet(master, { hello: 'world' }));
      expect(canOpen(store.settings, master)).toBe('yes');
      expect(canOpen(store.settings, stranger)).toBe('no');
      expect(openKeySet(master, store.settings.get(SEALED_KEYS_SETTING)!)).toEqual({ hello: 'world' });
      expect(() => openKeySet(stranger, store.settings.get(SEALED_KEYS_SETTING)!)).toThrow(new RegExp(`sealed with master key ${master.id}.*holds key ${stranger.id}.*lanyard keys reset`));
    } finally {
      store.close();
    }
  });
});
