// Linux's `basic_text` safeStorage backend (a fixed password) counts as no keychain.
import { describe, expect, it } from 'vitest';
import { keychainProtection } from '../../main/electron/keychain.ts';

const storage = (available: boolean, backend?: string) => ({ isEncryptionAvailable: () => available, getSelectedStorageBackend: () => backend ?? 'unknown' });

describe('keychainProtection', () => {
  it('uses the keychain on macOS and Windows when encryption is available', () => {
    expect(keychainProtection(storage(true), 'darwin')).toEqual({ kind: 'keychain', backend: 'Keychain' });
    expect(keychainProtection(storage(true), 'win32')).toEqual({ kind: 'keychain', backend: 'DPAPI' });
  });
  it('on Linux, only a real secret service counts', () => {
    expect(keychainProtection(storage(true, 'gnome_libsecret'), 'linux')).toEqual({ kind: 'keychain', backend: 'gnome_libsecret' });
    expect(keychainProtection(storage(true, 'kwallet6'), 'linux')).toEqual({ kind: 'keychain', backend: 'kwallet6' });
    expect(keychainProtection(storage(true, 'basic_text'), 'linux')).toMatchObject({ kind: 'file', why: expect.stringContaining('basic_text') });
    expect(keychainProtection(storage(true, 'unknown'), 'linux')).toMatchObject({ kind: 'file' });
  });
  it('falls back to the key file when encryption is unavailable anywhere', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) expect(keychainProtection(storage(false, 'gnome_libsecret'), platform).kind).toBe('file');
  });
});
