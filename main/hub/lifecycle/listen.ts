// Puts a created hub on the network, in the order each step needs: the transport policy and the
// certificate, the bound server (the provider needs its issuer, which needs the real port), the
// provider and HTTP surface, then the background work and the mDNS announcement.
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Settings } from '../../../shared/admin-contract.ts';
import { recordServed } from '../admin/pairings.ts';
import { createFactorChecks } from '../factors/verifier.ts';
import { createAdmission, type Admission } from '../http/admission.ts';
import { installHttp } from '../http/index.ts';
import { applyServerLimits, guardServer, serverOptions } from '../http/server-limits.ts';
import { releaseMemoryWhenIdle } from '../idle-memory.ts';
import { startAdvertising } from '../mdns/advertiser.ts';
import { createAuthenticator } from '../oauth/accounts.ts';
import { createDeviceDecider } from '../oauth/device-decisions.ts';
import { DEFAULT_POLL_INTERVAL } from '../oauth/device.ts';
import { personalTokenMinter } from '../oauth/personal-tokens.ts';
import { createProvider } from '../oauth/provider.ts';
import { announceHub } from '../presence.ts';
import { defaultIssuer, hubUrls } from '../network/lan.ts';
import { checkTransportPolicy, obtainCertificate, scheduleRenewal, secureContextOptions, type CertificateSource, type TlsCertificate } from '../tls/index.ts';
import { VERSION } from '../version.ts';
import type { HubOptions } from '../options.ts';
import { findConsoleDir, findPasskeyScript, readPasskeyScript } from '../assets.ts';
import type { HubParts, Live } from './parts.ts';

/** The dashboard's counters reach the database at most this far behind (and at shutdown). */
const METRICS_FLUSH_MS = 5000;

export async function listen(parts: HubParts): Promise<{ url: string; issuer: string }> {
  const { options, live, opened: { logger } } = parts;
  const settings = parts.admin.settings();
  const host = options.host ?? settings.host;
  const source = await chooseTransport(options, host, live);
  const serve = await bind(parts, host, options.port ?? settings.port);
  const port = (live.server!.address() as AddressInfo).port;
  locate(options, settings, live, { host, port });
  serve(openForRequests(parts));
  await startBackground(parts, source);
  for (const warning of live.warnings) logger.warn(warning);
  logger.info({ issuer: live.issuer, dataDir: options.dataDir }, `Lanyard hub listening on ${live.urls.join(', ')}`);
  live.advertiser = startAdvertising({ enabled: options.mdns ?? settings.mdns, boundAddress: (live.server!.address() as AddressInfo).address, port, issuer: live.issuer, version: VERSION, fingerprint: live.certificate?.fingerprint256 }, logger);
  return { url: live.url, issuer: live.issuer };
}

/** Checks the transport policy for `host` (throws when it refuses) and, with TLS, obtains the certificate. */
async function chooseTransport(options: HubOptions, host: string, live: Live): Promise<CertificateSource | undefined> {
  const policy = checkTransportPolicy({ host, tls: options.tls !== undefined, insecureHttp: options.insecureHttp });
  if (!policy.ok) throw new Error(policy.error);
  live.warnings = policy.warnings;
  if (!options.tls) return undefined;
  const source: CertificateSource = options.tls === 'generated' ? { kind: 'generated', dataDir: options.dataDir } : { kind: 'files', ...options.tls };
  live.certificate = await obtainCertificate(source);
  live.warnings.push(...live.certificate.warnings);
  return source;
}

/** Binds the server under the connection limits; it answers 503 until `serve` hands it the handler. */
async function bind({ live, jobs, opened: { logger } }: HubParts, host: string, port: number): Promise<(handler: RequestListener) => void> {
  let handler: RequestListener | undefined;
  const idleMemory = releaseMemoryWhenIdle();
  jobs.add(idleMemory);
  const dispatch: RequestListener = (req, res) => {
    idleMemory.busy();
    if (handler) return handler(req, res);
    res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1' }).end('{"error":"temporarily_unavailable","error_description":"The hub is starting."}');
  };
  const { limits, certificate } = live;
  const server = certificate ? createHttpsServer({ ...secureContextOptions(certificate), ...serverOptions(limits) }, dispatch) : createHttpServer(serverOptions(limits), dispatch);
  live.server = server;
  guardServer(server, () => live.limits, (refused) => logger.warn({ refused, maxConnections: live.limits.maxConnections, connectionsPerAddress: live.limits.connectionsPerAddress }, 'connections refused at the connection limits in the last minute'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (next) => {
    handler = next;
  };
}

/** The issuer (configured, or from the bound port), the hub's URLs, and the one this machine itself uses. */
function locate(options: HubOptions, settings: Settings, live: Live, bound: { host: string; port: number }): void {
  const tls = !!live.certificate;
  live.issuer = (options.issuer ?? settings.issuer ?? defaultIssuer({ ...bound, tls })).replace(/\/$/, '');
  live.urls = hubUrls({ ...bound, protocol: tls ? 'https' : 'http' });
  // Loopback when the hub listens there too.
  live.url = live.urls.find((candidate) => candidate.includes('127.0.0.1')) ?? live.urls[0]!;
}

/** The provider with the HTTP surface on it, the device decider and the personal-token minter; returns the request handler. */
function openForRequests(parts: HubParts): RequestListener {
  const { options, live, admin, lockout } = parts;
  const { store, events, keys, codec, logger, totpSecrets } = parts.opened;
  const provider = createProvider({ issuer: live.issuer, urls: live.urls, store, events, keys, codec, onServerError: (error) => logger.error({ err: error }, 'oidc-provider server error') });
  const admission = createAdmission(live.limits, (clientId) => store.clients.findCached(clientId) !== undefined);
  followSettings(parts, admission);
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
    issuer: live.issuer,
    devicePollInterval: options.devicePollInterval ?? DEFAULT_POLL_INTERVAL,
    passkeyScript: readPasskeyScript(options.passkeyScript ?? findPasskeyScript(), logger),
    urls: live.urls,
    certificateNames: () => live.certificate?.sans ?? [],
  });
  live.devices = createDeviceDecider({ provider, store });
  live.mintPersonalToken = personalTokenMinter(provider);
  recordServed(store, { issuer: live.issuer, fingerprint: live.certificate?.fingerprint256 ?? null });
  return provider.callback();
}

/**
 * Limits apply at once, and an unlock reaches the lockout, whichever process made the change
 * (the audit-log poll in startBackground brings the CLI's).
 */
function followSettings({ live, lockout, readLimits, opened: { events } }: HubParts, admission: Admission): void {
  const applyLimits = () => {
    live.limits = readLimits();
    admission.configure(live.limits);
    lockout.configure(live.limits);
    events.configure({ perMinute: live.limits.auditEventsPerMinute });
    if (live.server) applyServerLimits(live.server, live.limits);
  };
  events.subscribe((event) => {
    if (event.type === 'settings.changed') applyLimits();
    if (event.type === 'user.unlocked' && typeof event.detail.username === 'string') lockout.unlock(event.detail.username);
  });
}

/** Tells the CLI where the hub is, starts backups, the purge, the audit-log poll, metrics flushes and certificate renewal. */
async function startBackground(parts: HubParts, source: CertificateSource | undefined): Promise<void> {
  const { options, live, jobs, backups, opened: { events, store } } = parts;
  live.withdraw = announceHub(options.dataDir, live.url);
  await backups.start();
  jobs.every(options.purgeIntervalMs ?? 60_000, parts.purgeExpired);
  jobs.every(1000, () => events.pollForeign());
  jobs.every(METRICS_FLUSH_MS, () => store.metrics.flush());
  if (source && live.certificate) jobs.add(renewCertificate(parts, source, live.certificate));
}

/** Renews the certificate before it expires; the new fingerprint goes to pairing records and the mDNS TXT record. */
function renewCertificate({ options, live, opened: { store, logger } }: HubParts, source: CertificateSource, current: TlsCertificate): { stop(): void } {
  return scheduleRenewal({
    source,
    server: live.server as unknown as HttpsServer,
    current,
    ...(options.certificateCheckMs ? { intervalMs: options.certificateCheckMs } : {}),
    onRenewed: (next) => {
      live.certificate = next;
      recordServed(store, { issuer: live.issuer, fingerprint: next.fingerprint256 });
      live.advertiser?.setFingerprint(next.fingerprint256);
      logger.warn({ fingerprint256: next.fingerprint256 }, 'TLS certificate renewed; devices that pinned the old fingerprint must pin the new one');
    },
    onError: (error) => logger.error({ err: error }, 'TLS certificate renewal failed'),
  });
}
