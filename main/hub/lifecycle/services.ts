// The hub's services over its opened data: backups and the admin service, and the runtime facts
// (issuer, addresses, certificate) the console shows about this run.
import { AdminService, type Runtime } from '../admin/service.ts';
import { BackupService } from '../backup/service.ts';
import { masterKeyFile } from '../security/keyring.ts';
import { VERSION } from '../version.ts';
import type { HubOptions } from '../options.ts';
import type { OpenedHub } from './open.ts';
import type { Live } from './parts.ts';

/** `live` and `unlock` are read only once the hub serves, so they may be filled in after this call. */
export function createServices(options: HubOptions, opened: OpenedHub, live: () => Live, unlock: (username: string) => void): { admin: AdminService; backups: BackupService } {
  const { store, events, logger, masterKey } = opened;
  const startedAt = new Date();
  const backups = new BackupService({
    dataDir: options.dataDir,
    custody: opened.custody,
    settings: () => {
      const settings = admin.settings();
      return { intervalHours: settings.backupIntervalHours, keep: settings.backupKeep };
    },
    emit: (event) => events.emit(event),
    log: logger,
    restart: options.onRestartRequested,
    firstCheckMs: options.backupSchedule?.firstCheckMs,
    checkEveryMs: options.backupSchedule?.checkEveryMs,
  });
  const admin: AdminService = new AdminService({
    store,
    events,
    runtime: () => runtime(options, live(), startedAt),
    backups,
    devices: () => live().devices,
    personalTokens: () => live().mintPersonalToken,
    logError: (error, operation) => logger.error({ err: error, operation }, 'admin operation failed'),
    security: {
      masterKey: () => masterKey,
      masterKeySource: options.keySource?.kind === 'supplied' ? (options.keySource.origin ?? 'supplied by the desktop app') : masterKeyFile(options.dataDir),
      unlock, // called only once the hub serves
      serving: true,
    },
  });
  return { admin, backups };
}

function runtime(options: HubOptions, live: Live, startedAt: Date): Runtime {
  const { certificate } = live;
  return {
    issuer: live.issuer || '(not listening)',
    urls: live.urls,
    startedAt,
    warnings: live.warnings,
    dataDir: options.dataDir,
    version: VERSION,
    tls: certificate ? { fingerprint256: certificate.fingerprint256, notAfter: certificate.notAfter, sans: certificate.sans, selfSigned: !options.tls || options.tls === 'generated' } : null,
  };
}
