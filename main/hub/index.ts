// The hub core's entry: createHub(options) → { listen, close, admin, events }. Plain Node;
// `lanyard serve` and the desktop app's hub process both run exactly this.
import { existsSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { HubEvent, Limits } from '../../shared/admin-contract.ts';
import { recordServed } from './admin/pairings.ts';
import { AdminService, type Runtime } from './admin/service.ts';
import { masterKeyCustody } from './backup/key-custody.ts';
import { applyRestore, type AppliedRestore } from './backup/restore.ts';
import { BackupService } from './backup/service.ts';
import { bootstrap } from './bootstrap.ts';
import { EventBus } from './events.ts';
import { releaseMemoryWhenIdle } from './idle-memory.ts';
import { installHttp } from './http/index.ts';
import { openLogFile, silentLogger, type Logger } from './log.ts';
import { createFactorChecks } from './factors/verifier.ts';
import { startAdvertising, type Advertiser } from './mdns/advertiser.ts';
import { createAuthenticator } from './oauth/accounts.ts';
import { loadKeys } from './oauth/keys.ts';
import { Lockout } from './oauth/lockout.ts';
import { createAdmission } from './http/admission.ts';
import { loadMasterKey, masterKeyFile } from './security/keyring.ts';
import { factorSecrets, sealPlainTotpSecrets } from './security/factor-secrets.ts';
import { createModelCodec } from './security/model-codec.ts';
import { applyServerLimits, guardServer, serverOptions } from './http/server-limits.ts';
import { createDeviceDecider, type DeviceDecider } from './oauth/device-decisions.ts';
import { DEFAULT_POLL_INTERVAL } from './oauth/device.ts';
import { personalTokenMinter, type PersonalTokenMinter } from './oauth/personal-tokens.ts';
import { createProvider } from './oauth/provider.ts';
import { startCheckpointer } from './store/checkpointer.ts';
import { announceHub } from './presence.ts';
import { epoch } from './store/db.ts';
import { Store } from './store/index.ts';
import {
  checkTransportPolicy,
  defaultIssuer,
  hubUrls,
  obtainCertificate,
  scheduleRenewal,
  secureContextOptions,
  type CertificateSource,
  type TlsCertificate,
} from './tls/index.ts';
import { VERSION } from './version.ts';
import type { HubOptions } from './options.ts';

export { defaultDataDir, resolveDataDir } from './options.ts';
export type { HubOptions, HubStartOptions, TlsOption } from './options.ts';

export type Hub = {
  readonly dataDir: string;
  /** Known once listen() resolved. */
  readonly issuer: string;
  readonly url: string;
  readonly certificate: TlsCertificate | undefined;
  admin: AdminService;
  events: { subscribe(listener: (event: HubEvent) => void): () => void };
  listen(): Promise<{ url: string; issuer: string }>;
  close(): Promise<void>;
  /** Deletes expired rows now; the hub also does it every minute. */
  purgeExpired(): Promise<number>;
  /** The restore this start swapped in, if any. */
  readonly restored: AppliedRestore | undefined;
};

/** Small batches: each one holds the hub for ~25 ms at most, even at a million rows. */
const PURGE_BATCH = 250;
/** How long the audit log keeps events. */
const AUDIT_DAYS = 90;
/** Grants expiring within this many seconds are extended while their tokens live (a day: survives the hub being off for most of one). */
const GRANT_HORIZON = 24 * 3600;
/** The dashboard's counters reach the database at most this far behind (and at shutdown). */
const METRICS_FLUSH_MS = 5000;

function findPasskeyScript(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidate = join(here, '..', '..', 'dist', 'passkeys', 'passkeys.js');
  return existsSync(candidate) ? candidate : undefined;
}

function findConsoleDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidate = join(here, '..', '..', 'dist', 'renderer');
  return existsSync(join(candidate, 'index.html')) ? candidate : undefined;
}

/** The passkey script, or undefined (and a warning) when it was not built: the pages then say passkeys are unavailable. */
function readPasskeyScript(file: string | undefined, logger: Logger): string | undefined {
  if (!file || !existsSync(file)) {
    logger.warn(`The passkey script ${file ?? 'dist/passkeys/passkeys.js'} is not built (npm run build), so passkeys are unavailable in browsers.`);
    return undefined;
  }
  return readFileSync(file, 'utf8');
}

export async function createHub(options: HubOptions): Promise<Hub> {
  const logger = options.logger ?? (options.logFile ? await openLogFile(options.logFile) : silentLogger());
  const custody = masterKeyCustody(options.keySource);
  const restored = await applyRestore(options.dataDir, custody); // a restore staged by the console, before the database opens
  const store = new Store(options.dataDir);
  const checkpoints = startCheckpointer(store.db, { onError: (error) => logger.warn({ err: error }, 'WAL checkpoints are back on the request path') });
  bootstrap(store);
  const events = new EventBus(store);
  if (restored) reportRestore(events, logger, restored);
  const masterKey = loadMasterKey(options.dataDir, options.keySource, { create: true });
  const keys = loadKeys(store, masterKey);
  const codec = createModelCodec(masterKey);
  const totpSecrets = factorSecrets(masterKey);
  sealPlainTotpSecrets(store, totpSecrets); // rows from before TOTP secrets were sealed

  let issuer = '';
  let url = '';
  let urls: string[] = [];
  let warnings: string[] = [];
  let certificate: TlsCertificate | undefined;
  const startedAt = new Date();

  const runtime = (): Runtime => ({
    issuer: issuer || '(not listening)',
    urls,
    startedAt,
    warnings,
    dataDir: options.dataDir,
    version: VERSION,
    tls: certificate ? { fingerprint256: certificate.fingerprint256, notAfter: certificate.notAfter, sans: certificate.sans, selfSigned: !options.tls || options.tls === 'generated' } : null,
  });
  let devices: DeviceDecider | undefined;
  let mintPersonalToken: PersonalTokenMinter | undefined;
  const backups = new BackupService({
    dataDir: options.dataDir,
    custody,
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
    runtime,
    backups,
    devices: () => devices,
    personalTokens: () => mintPersonalToken,
    logError: (error, operation) => logger.error({ err: error, operation }, 'admin operation failed'),
    security: {
      masterKey: () => masterKey,
      masterKeySource: options.keySource?.kind === 'supplied' ? (options.keySource.origin ?? 'supplied by the desktop app') : masterKeyFile(options.dataDir),
      unlock: (username) => lockout.unlock(username), // called only once the hub serves
      serving: true,
    },
  });
  /** The stored limits with this run's overrides; read again when settings change (see listen). */
  const readLimits = (): Limits => ({ ...admin.settings().limits, ...options.limits });
  let limits = readLimits();
  const lockout = new Lockout(limits);
  events.configure({ perMinute: limits.auditEventsPerMinute });

  let server: Server | undefined;
  let withdraw: (() => void) | undefined;
  let advertiser: Advertiser | undefined;
  const timers: { stop(): void }[] = [];
  let closed = false;

  async function purgeExpired(): Promise<number> {
    let removed = 0;
    store.tokens.extendGrants(epoch() + GRANT_HORIZON);
    for (;;) {
      const batch =
        store.tokens.purgeExpiredBatch(PURGE_BATCH) +
        store.audit.purgeBatch(AUDIT_DAYS, PURGE_BATCH) +
        store.audit.purgeOverflow(limits.auditMaxRows, PURGE_BATCH) +
        store.metrics.purge(AUDIT_DAYS) +
        store.personalTokens.purgeOrphans(PURGE_BATCH);
      removed += batch;
      if (batch === 0 || closed) return removed;
      await yieldToEventLoop(); // let requests in between batches
    }
  }

  function every(ms: number, work: () => unknown): void {
    const timer = setInterval(() => {
      try {
        const result = work();
        if (result instanceof Promise) result.catch((error: unknown) => logger.warn({ err: error }, 'background task failed'));
      } catch (error) {
        logger.warn({ err: error }, 'background task failed');
      }
    }, ms);
    timer.unref();
    timers.push({ stop: () => clearInterval(timer) });
  }

  async function listen(): Promise<{ url: string; issuer: string }> {
    const settings = admin.settings();
    const host = options.host ?? settings.host;
    const port = options.port ?? settings.port;
    const tls = options.tls !== undefined;
    const policy = checkTransportPolicy({ host, tls, insecureHttp: options.insecureHttp });
    if (!policy.ok) throw new Error(policy.error);
    warnings = policy.warnings;

    let source: CertificateSource | undefined;
    if (options.tls) {
      source = options.tls === 'generated' ? { kind: 'generated', dataDir: options.dataDir } : { kind: 'files', ...options.tls };
      certificate = await obtainCertificate(source);
      warnings.push(...certificate.warnings);
    }

    // The provider needs its issuer, which needs the real port: bind first, then serve.
    let handler: ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) | undefined;
    const idleMemory = releaseMemoryWhenIdle();
    timers.push(idleMemory);
    const dispatch = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      idleMemory.busy();
      if (handler) return handler(req, res);
      res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1' }).end('{"error":"temporarily_unavailable","error_description":"The hub is starting."}');
    };
    server = certificate ? createHttpsServer({ ...secureContextOptions(certificate), ...serverOptions(limits) }, dispatch) : createHttpServer(serverOptions(limits), dispatch);
    guardServer(server, () => limits, (refused) => logger.warn({ refused, maxConnections: limits.maxConnections, connectionsPerAddress: limits.connectionsPerAddress }, 'connections refused at the connection limits in the last minute'));
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, host, () => {
        server!.off('error', reject);
        resolve();
      });
    });
    const actualPort = (server.address() as AddressInfo).port;
    const protocol = certificate ? 'https' : 'http';
    issuer = (options.issuer ?? settings.issuer ?? defaultIssuer({ host, port: actualPort, tls: !!certificate })).replace(/\/$/, '');
    urls = hubUrls({ host, port: actualPort, protocol });
    // The URL this machine itself uses: loopback when the hub listens there too.
    url = urls.find((candidate) => candidate.includes('127.0.0.1')) ?? urls[0]!;

    const provider = createProvider({ issuer, urls, store, events, keys, codec, onServerError: (error) => logger.error({ err: error }, 'oidc-provider server error') });
    const admission = createAdmission(limits, (clientId) => store.clients.findCached(clientId) !== undefined);
    const applyLimits = () => {
      limits = readLimits();
      admission.configure(limits);
      lockout.configure(limits);
      events.configure({ perMinute: limits.auditEventsPerMinute });
      if (server) applyServerLimits(server, limits);
    };
    // Limits apply at once, and an unlock reaches the lockout, whichever process made the change
    // (the audit-log poll below brings the CLI's).
    events.subscribe((event) => {
      if (event.type === 'settings.changed') applyLimits();
      if (event.type === 'user.unlocked' && typeof event.detail.username === 'string') lockout.unlock(event.detail.username);
    });
    installHttp({
      provider,
      store,
      events,
      admin,
      authenticate: createAuthenticator({ store, events, lockout }),
      factorChecks: createFactorChecks({ store, events, gate: lockout, secrets: totpSecrets }),
      factorSecrets: totpSecrets,
      admission: admission.middleware,
      csrfKey: keys.csrfKey,
      logger,
      consoleDir: options.consoleDir ?? findConsoleDir(),
      issuer,
      devicePollInterval: options.devicePollInterval ?? DEFAULT_POLL_INTERVAL,
      passkeyScript: readPasskeyScript(options.passkeyScript ?? findPasskeyScript(), logger),
      urls,
      certificateNames: () => certificate?.sans ?? [],
    });
    devices = createDeviceDecider({ provider, store });
    mintPersonalToken = personalTokenMinter(provider);
    recordServed(store, { issuer, fingerprint: certificate?.fingerprint256 ?? null });
    handler = provider.callback();

    withdraw = announceHub(options.dataDir, url);
    await backups.start();
    every(options.purgeIntervalMs ?? 60_000, purgeExpired);
    every(1000, () => events.pollForeign());
    every(METRICS_FLUSH_MS, () => store.metrics.flush());
    if (source && certificate) {
      timers.push(
        scheduleRenewal({
          source,
          server: server as unknown as import('node:https').Server,
          current: certificate,
          ...(options.certificateCheckMs ? { intervalMs: options.certificateCheckMs } : {}),
          onRenewed: (next) => {
            certificate = next;
            recordServed(store, { issuer, fingerprint: next.fingerprint256 });
            advertiser?.setFingerprint(next.fingerprint256);
            logger.warn({ fingerprint256: next.fingerprint256 }, 'TLS certificate renewed; devices that pinned the old fingerprint must pin the new one');
          },
          onError: (error) => logger.error({ err: error }, 'TLS certificate renewal failed'),
        }),
      );
    }
    for (const warning of warnings) logger.warn(warning);
    logger.info({ issuer, dataDir: options.dataDir }, `Lanyard hub listening on ${urls.join(', ')}`);
    advertiser = startAdvertising({ enabled: options.mdns ?? settings.mdns, boundAddress: (server.address() as AddressInfo).address, port: actualPort, issuer, version: VERSION, fingerprint: certificate?.fingerprint256 }, logger);
    return { url, issuer };
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    for (const timer of timers) timer.stop();
    await backups.stop();
    await advertiser?.stop(); // goodbye packets first, while the hub still answers
    events.flushThrottled(true); // summaries of what was not logged one by one
    if (server) {
      await new Promise<void>((resolve) => {
        server!.close(() => resolve());
        server!.closeIdleConnections();
        setTimeout(() => server!.closeAllConnections(), 2000).unref();
      });
    }
    await checkpoints.stop();
    withdraw?.();
    store.close();
  }

  return {
    dataDir: options.dataDir,
    get issuer() { return issuer; },
    get url() { return url; },
    get certificate() { return certificate; },
    admin,
    events,
    listen,
    close,
    purgeExpired,
    restored,
  };
}

/** Says what a restore swapped in, in the audit log and the hub's log. */
function reportRestore(events: EventBus, logger: Logger, restored: AppliedRestore): void {
  const keys = {
    kept: 'its keys open with this machine\'s key',
    carried: 'its keys came with the encrypted backup',
    new: "its keys could not be opened with this hub's master key, so the hub made new ones and dropped the backup's tokens and sessions: everyone signs in again and the JWKS changed",
  }[restored.keys];
  events.emit({ type: 'backup.restored', actor: 'lanyard', summary: `Restored from ${restored.source}; ${keys}`, detail: { ...restored } });
  logger.warn({ source: restored.source, beforeRestore: restored.beforeRestore, keys: restored.keys }, `Restored from ${restored.source}; ${keys}. The database it replaced is kept as ${restored.beforeRestore ?? '(none: the folder was empty)'}`);
}
