// The desktop app's master key in the OS keychain: made once and kept only wrapped in the data
// directory, the same key on every start, a real hub started on it and restarted on it opens
// its keys; a data directory with a headless key file keeps that file; a keychain that cannot
// unwrap the key says what to do. The OS keychain is stood in for by AES-GCM under a key this
// test holds (Electron's safeStorage cannot run here).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { desktopKeySource, WRAPPED_KEY_FILE, type KeyWrapper } from '../../main/electron/master-key.ts';
import { loadMasterKey, MASTER_KEY_FILE } from '../../main/hub/security/keyring.ts';
import { newDataDir, removeDataDir, startHub } from '../support/hub.ts';

function keychain(secret = randomBytes(32)): KeyWrapper {
  return {
    encryptString(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', secret, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(wrapped) {
      const decipher = createDecipheriv('aes-256-gcm', secret, wrapped.subarray(0, 12));
      decipher.setAuthTag(wrapped.subarray(12, 28));
      return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

const KEYCHAIN = { kind: 'keychain', backend: 'test' } as const;
const dirs: string[] = [];
const dataDir = () => {
  const dir = newDataDir('master-key');
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach(removeDataDir));

describe('desktopKeySource', () => {
  it('makes the key once, keeps it only wrapped, and a hub restarted on it opens its keys', async () => {
    const dir = dataDir();
    const wrapper = keychain();
    const source = desktopKeySource(KEYCHAIN, wrapper, dir);
    expect(source).toMatchObject({ kind: 'supplied', origin: 'the OS keychain (test)' });
    if (source?.kind !== 'supplied') throw new Error('expected a supplied key');
    expect(readFileSync(join(dir, WRAPPED_KEY_FILE)).includes(Buffer.from(source.key))).toBe(false);
    expect(desktopKeySource(KEYCHAIN, wrapper, dir)).toEqual(source);

    const first = await startHub({ keySource: source }, dir);
    const status = await first.run('keys.status', {});
    expect(status.masterKeyId).toBe(loadMasterKey(dir, source).id);
    await first.stop();
    expect(existsSync(join(dir, MASTER_KEY_FILE))).toBe(false);
    const again = await startHub({ keySource: desktopKeySource(KEYCHAIN, wrapper, dir) }, dir);
    expect((await again.run('keys.status', {})).signingKeys).toEqual(status.signingKeys);
    await again.stop();
  });

  it('leaves the key to the hub without a keychain, or where a headless key file exists', () => {
    const dir = dataDir();
    expect(desktopKeySource({ kind: 'file', why: 'none here' }, keychain(), dir)).toBeUndefined();
    expect(existsSync(join(dir, WRAPPED_KEY_FILE))).toBe(false);
    loadMasterKey(dir, { kind: 'file' }, { create: true });
    expect(desktopKeySource(KEYCHAIN, keychain(), dir)).toBeUndefined();
    expect(existsSync(join(dir, WRAPPED_KEY_FILE))).toBe(false);
  });

  it('says what to do when the keychain cannot unwrap the key (another user, a copied folder)', () => {
    const dir = dataDir();
    desktopKeySource(KEYCHAIN, keychain(), dir);
    expect(() => desktopKeySource(KEYCHAIN, keychain(), dir)).toThrow(/could not unwrap the master key .*Sign in as the user who set up this hub/);
  });
});
