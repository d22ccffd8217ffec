// The admin service without a running server, for the CLI: same database, same rules.
// Its audit rows reach a running hub's live stream through the hub's poll.
import { masterKeyCustody } from '../backup/key-custody.ts';
import { BackupService } from '../backup/service.ts';
import { bootstrap } from '../bootstrap.ts';
import { EventBus } from '../events.ts';
import { hubUrls, defaultIssuer } from '../network/lan.ts';
import { loadMasterKey, masterKeyFile, tryLoadMasterKey, type KeySource } from '../security/keyring.ts';
import { Store } from '../store/index.ts';
import { VERSION } from '../version.ts';
import { AdminService } from './service.ts';

export function openAdmin(dataDir: string, keySource?: KeySource): { admin: AdminService; store: Store; events: EventBus; close(): void } {
  const store = new Store(dataDir);
  bootstrap(store);
  const events = new EventBus(store);
  const startedAt = new Date();
  // No schedule here (the running hub has one) and no restart: a restore goes through `lanyard restore`.
  const backups = new BackupService({
    dataDir,
    custody: masterKeyCustody(keySource),
    settings: () => ({ intervalHours: admin.settings().backupIntervalHours, keep: admin.settings().backupKeep }),
    emit: (event) => events.emit(event),
  });
  const admin: AdminService = new AdminService({
    store,
    events,
    backups,
    runtime: () => {
      const settings = admin.settings();
      return {
        issuer: settings.issuer ?? defaultIssuer({ host: settings.host, port: settings.port, tls: false }),
        urls: hubUrls({ host: settings.host, port: settings.port, protocol: 'http' }),
        startedAt,
        warnings: [],
        dataDir,
        version: VERSION,
        tls: null,
      };
    },
    // Loaded only by `token create`: building a provider is not worth it for other commands.
    // Without the master key (a desktop data directory) this says where it is, and mints nothing.
    personalTokens: async () => {
      const { issuer, host, port } = admin.settings();
      const { offlineMinter } = await import('../oauth/offline-minter.ts');
      return offlineMinter({ store, events, issuer: issuer ?? defaultIssuer({ host, port, tls: false }), masterKey: loadMasterKey(dataDir, keySource) });
    },
    logError: (error, operation) => process.stderr.write(`lanyard: ${operation} failed: ${(error as Error).stack ?? String(error)}\n`),
    // The key file when this process may read it; a desktop data directory's key is in the keychain.
    security: { masterKey: () => tryLoadMasterKey(dataDir, keySource), masterKeyOrNew: () => loadMasterKey(dataDir, keySource, { create: true }), masterKeySource: keySource?.kind === 'supplied' ? (keySource.origin ?? 'supplied') : masterKeyFile(dataDir), serving: false },
  });
  return { admin, store, events, close: () => store.close() };
}
