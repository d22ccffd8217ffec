// Whether the desktop app can protect the hub's key-wrapping secret with the OS keychain
// (Electron's safeStorage), or must fall back to the headless 0600 key file. On Linux,
// safeStorage "works" without a secret service by using a hard-coded password (`basic_text`),
// which protects nothing: that, and an undetermined backend, count as no keychain.
//
// For 'keychain', master-key.ts keeps the hub's master key wrapped with safeStorage and passes it
// to the hub child; for 'file' it passes nothing and the hub uses its key file, as `lanyard
// serve` does.
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend?(): string;
}

export type KeyProtection = { kind: 'keychain'; backend: string } | { kind: 'file'; why: string };

export function keychainProtection(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): KeyProtection {
  if (!safeStorage.isEncryptionAvailable()) return { kind: 'file', why: 'the OS keychain is not available' };
  if (platform !== 'linux') return { kind: 'keychain', backend: platform === 'darwin' ? 'Keychain' : 'DPAPI' };
  const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  if (backend === 'basic_text' || backend === 'unknown') return { kind: 'file', why: `no secret service (safeStorage backend "${backend}")` };
  return { kind: 'keychain', backend };
}
