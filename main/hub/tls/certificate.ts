// The hub's TLS certificate: a self-signed one generated and kept in `<dataDir>/tls/`,
// or one the operator provides. Existing files are read and checked with Node's own
// `crypto.X509Certificate`; generating loads @peculiar/x509 on demand (generate.ts).
import { X509Certificate, createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SecureContextOptions } from 'node:tls';
import { canonicalIp, isDnsName, lanAddresses, machineHostname, mdnsName } from '../network/lan.ts';

const DAY_MS = 86_400_000;
/** A certificate that expires within this many days is replaced. */
export const RENEW_BEFORE_DAYS = 30;
/** Lifetime of a generated certificate, counted from `now` (plus one hour backdated). */
const VALIDITY_DAYS = 396;
/** Backdating of notBefore, so that a device whose clock runs a little slow accepts it. */
const BACKDATE_MS = 3_600_000;

const CERT_FILE = 'cert.pem';
const KEY_FILE = 'key.pem';

/** Thrown for a certificate or key the hub cannot use; the message says which file and why. */
export class CertificateError extends Error {
  override name = 'CertificateError';
}

/** What `lanyard cert show` and the console display about a certificate. */
export interface CertificateDescription {
  /** Subject distinguished name, one attribute after another (`CN=nas`). */
  subject: string;
  issuer: string;
  /** DNS names first, then IP addresses (canonical text form). */
  sans: string[];
  /** ISO-8601, UTC. */
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER certificate, upper-case hex pairs joined by colons. */
  fingerprint256: string;
  serialNumber: string;
  selfSigned: boolean;
}

export interface TlsCertificate {
  /** PEM; for an operator's file, the whole file (the chain, if any, follows the leaf). */
  certPem: string;
  /** PKCS#8 PEM. */
  keyPem: string;
  fingerprint256: string;
  /** ISO-8601, UTC. */
  notAfter: string;
  sans: string[];
  /** True when this call generated a new certificate (or, for files, loaded a changed one). */
  renewed: boolean;
  /** Why a new certificate was generated; null when the existing one was kept. */
  reason: string | null;
  /** Things the operator should know but that do not stop the hub. */
  warnings: string[];
}

// ---------------------------------------------------------------- reading certificates

/**
 * Parses Node's `X509Certificate.subjectAltName` text (`DNS:a, IP Address:1.2.3.4`; since
 * the fix for CVE-2021-44532, values with special characters come JSON-quoted).
 */
export function parseSubjectAltName(text: string | undefined): { dns: string[]; ip: string[] } {
  const dns: string[] = [];
  const ip: string[] = [];
  if (!text) return { dns, ip };
  let i = 0;
  while (i < text.length) {
    const colon = text.indexOf(':', i);
    if (colon < 0) break;
    const type = text.slice(i, colon);
    let j = colon + 1;
    let value: string;
    if (text[j] === '"') {
      let k = j + 1;
      while (k < text.length && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
      value = JSON.parse(text.slice(j, k + 1)) as string;
      j = k + 1;
    } else {
      const separator = text.indexOf(', ', j);
      const end = separator < 0 ? text.length : separator;
      value = text.slice(j, end);
      j = end;
    }
    if (text.startsWith(', ', j)) j += 2;
    i = j;
    if (type === 'DNS') dns.push(value.toLowerCase());
    else if (type === 'IP Address') ip.push(canonicalIp(value) ?? value);
  }
  return { dns, ip };
}

function sansOf(cert: X509Certificate): string[] {
  const { dns, ip } = parseSubjectAltName(cert.subjectAltName);
  return [...dns, ...ip];
}

// Not `cert.checkIssued(cert)`: OpenSSL refuses a certificate as its own issuer when its
// keyUsage lacks keyCertSign, which is the case for a proper (cA:false) server certificate.
function isSelfSigned(cert: X509Certificate): boolean {
  try {
    return cert.subject === cert.issuer && cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

function describe(cert: X509Certificate): CertificateDescription {
  return {
    subject: cert.subject.split('\n').join(', '),
    issuer: cert.issuer.split('\n').join(', '),
    sans: sansOf(cert),
    notBefore: cert.validFromDate.toISOString(),
    notAfter: cert.validToDate.toISOString(),
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
    selfSigned: isSelfSigned(cert),
  };
}

/** The facts about a certificate (the first one, if the PEM holds a chain). Throws CertificateError. */
export function describeCertificate(certPem: string | Buffer): CertificateDescription {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch (error) {
    throw new CertificateError(`Not an X.509 certificate: ${(error as Error).message}`);
  }
  return describe(cert);
}

// ---------------------------------------------------------------- names to cover

interface WantedNames {
  commonName: string;
  dns: string[];
  ips: string[];
  /**
   * Those of `ips` that a new certificate includes but whose absence alone does not renew
   * a stored one: LAN IPv6 addresses, unless `renewOnNewIpv6`. See `NameOptions`.
   */
  softIps: string[];
  warnings: string[];
}

interface NameOptions {
  /** Extra DNS names or IP literals to cover, e.g. a name the operator put in the router's DNS. */
  hostnames?: string[];
  /** The machine's host name; defaults to `os.hostname()`. */
  hostname?: string;
  /** LAN addresses to cover; defaults to `lanAddresses()`. */
  addresses?: string[];
  /**
   * Renew as soon as a LAN IPv6 address is not covered (default false: a new certificate
   * includes the current IPv6 addresses, but a new IPv6 address alone does not renew).
   * macOS, Windows and most Linux desktops rotate temporary IPv6 addresses (RFC 8981)
   * daily, and ISPs change delegated prefixes; renewing for them would hand devices a new
   * certificate, and break their fingerprint pins, every day. Devices reach the hub by
   * `<host>.local` or IPv4; extra IPv6 addresses listed in `hostnames` are always required.
   */
  renewOnNewIpv6?: boolean;
}

/**
 * The names a generated certificate covers: the host name and `<host>.local`, the extra
 * `hostnames`, `localhost`; every LAN address, 127.0.0.1 and ::1.
 */
function wantedNames(options: NameOptions = {}): WantedNames {
  const warnings: string[] = [];
  const dns: string[] = [];
  const ips: string[] = [];
  const softIps: string[] = [];
  const rawHostname = options.hostname ?? os.hostname();
  const hostname = machineHostname(rawHostname);
  if (hostname === null) {
    warnings.push(
      `The host name "${rawHostname}" is not a usable DNS name, so the certificate covers only localhost, ` +
        `the extra host names and the LAN addresses.`,
    );
  } else {
    dns.push(hostname, mdnsName(hostname));
  }
  for (const extra of options.hostnames ?? []) {
    const ip = canonicalIp(extra);
    const name = extra.trim().toLowerCase().replace(/\.$/, '');
    if (ip !== null) ips.push(ip);
    else if (isDnsName(name)) dns.push(name);
    else throw new CertificateError(`"${extra}" is neither a DNS name nor an IP address, so no certificate can name it.`);
  }
  dns.push('localhost');
  for (const address of options.addresses ?? lanAddresses().map((a) => a.address)) {
    const ip = canonicalIp(address);
    if (ip === null) throw new CertificateError(`"${address}" is not an IP address.`);
    ips.push(ip);
    if (!options.renewOnNewIpv6 && ip.includes(':')) softIps.push(ip);
  }
  ips.push('127.0.0.1', '::1');
  const required = new Set(ips.filter((ip) => !softIps.includes(ip)));
  return {
    commonName: hostname ?? 'localhost',
    dns: [...new Set(dns)],
    ips: [...new Set(ips)],
    softIps: [...new Set(softIps)].filter((ip) => !required.has(ip)),
    warnings,
  };
}

// ---------------------------------------------------------------- checking existing files

type Verdict = { ok: true; cert: X509Certificate } | { ok: false; reason: string };

function inspect(certPem: string, keyPem: string, wanted: WantedNames, now: Date): Verdict {
  let cert: X509Certificate;
  let key: KeyObject;
  try {
    cert = new X509Certificate(certPem);
    key = createPrivateKey(keyPem);
  } catch (error) {
    return { ok: false, reason: `the stored certificate or key is unreadable (${(error as Error).message})` };
  }
  if (!cert.checkPrivateKey(key)) return { ok: false, reason: 'the stored key does not match the stored certificate' };
  if (cert.validFromDate.getTime() > now.getTime()) {
    return { ok: false, reason: `the stored certificate is not valid before ${cert.validFromDate.toISOString()}` };
  }
  const left = cert.validToDate.getTime() - now.getTime();
  if (left <= RENEW_BEFORE_DAYS * DAY_MS) {
    return {
      ok: false,
      reason:
        left <= 0
          ? `the stored certificate expired on ${cert.validToDate.toISOString()}`
          : `the stored certificate expires on ${cert.validToDate.toISOString()}, within ${RENEW_BEFORE_DAYS} days`,
    };
  }
  const missing = [
    ...wanted.dns.filter((name) => cert.checkHost(name, { subject: 'never', wildcards: false }) === undefined),
    ...wanted.ips.filter((ip) => !wanted.softIps.includes(ip) && cert.checkIP(ip) === undefined),
  ];
  if (missing.length > 0) return { ok: false, reason: `the stored certificate does not cover ${missing.join(', ')}` };
  return { ok: true, cert };
}

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Writes `file` whole or not at all: a temporary file in the same directory, fsync, rename. */
async function writeAtomic(file: string, data: string, mode: number): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.chmod(mode); // the umask may have taken bits away; never adds any
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Tightens a key file that became group- or world-readable (a copy, a restore, a umask). */
async function protectKey(file: string, warnings: string[]): Promise<void> {
  if (process.platform === 'win32') return;
  const { mode } = await stat(file);
  if ((mode & 0o077) === 0) return;
  await chmod(file, 0o600);
  warnings.push(`${file} was readable by other users (mode ${(mode & 0o777).toString(8)}); it is now 600.`);
}

function toResult(cert: X509Certificate, certPem: string, keyPem: string, renewed: boolean, reason: string | null, warnings: string[]): TlsCertificate {
  return {
    certPem,
    keyPem,
    fingerprint256: cert.fingerprint256,
    notAfter: cert.validToDate.toISOString(),
    sans: sansOf(cert),
    renewed,
    reason,
    warnings,
  };
}

// ---------------------------------------------------------------- the generated certificate

export interface EnsureCertificateOptions extends NameOptions {
  /** The hub's data directory; the certificate lives in `<dataDir>/tls/`. */
  dataDir: string;
  /** The clock; tests move it. */
  now?: Date;
}

/**
 * The hub's self-signed certificate, kept in `<dataDir>/tls/{cert,key}.pem`. The stored
 * pair is reused when it is readable, matches, is already valid, has more than 30 days
 * left and covers every wanted name (see `wantedNames`; a new LAN IPv6 address alone does
 * not count unless `renewOnNewIpv6`); otherwise a new one is generated
 * (ECDSA P-256 / SHA-256, 396 days + 1 hour backdated, random serial, cA:false,
 * digitalSignature, serverAuth) and written atomically, the key with mode 0600.
 * Call it at every start and daily (`renewIfNeeded` / `scheduleRenewal`).
 */
export function ensureCertificate(options: EnsureCertificateOptions): Promise<TlsCertificate> {
  // One check at a time per directory: a daily renewal that meets a start-up call must
  // not interleave two generations' renames and leave one's key beside the other's cert.
  const dir = path.resolve(options.dataDir, 'tls');
  const previous = pending.get(dir) ?? Promise.resolve();
  const run = previous.then(() => ensureUnlocked(options));
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  pending.set(dir, settled);
  void settled.then(() => {
    if (pending.get(dir) === settled) pending.delete(dir);
  });
  return run;
}

const pending = new Map<string, Promise<void>>();

async function ensureUnlocked(options: EnsureCertificateOptions): Promise<TlsCertificate> {
  const now = options.now ?? new Date();
  const wanted = wantedNames(options);
  const warnings = [...wanted.warnings];
  const dir = path.join(options.dataDir, 'tls');
  const certFile = path.join(dir, CERT_FILE);
  const keyFile = path.join(dir, KEY_FILE);

  const [certPem, keyPem] = await Promise.all([readIfPresent(certFile), readIfPresent(keyFile)]);
  let reason = 'there is no certificate yet';
  if (certPem !== null && keyPem !== null) {
    const verdict = inspect(certPem, keyPem, wanted, now);
    if (verdict.ok) {
      await protectKey(keyFile, warnings);
      return toResult(verdict.cert, certPem, keyPem, false, null, warnings);
    }
    reason = verdict.reason;
  } else if (certPem !== null || keyPem !== null) {
    reason = `${certPem === null ? CERT_FILE : KEY_FILE} is missing`;
  }

  const { generateSelfSigned } = await import('./generate.ts');
  const fresh = await generateSelfSigned({
    commonName: wanted.commonName,
    dnsNames: wanted.dns,
    ipAddresses: wanted.ips,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + VALIDITY_DAYS * DAY_MS),
  });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Key first: if the process dies between the two renames, the next start finds a pair
  // that does not match and generates again.
  await writeAtomic(keyFile, fresh.keyPem, 0o600);
  await writeAtomic(certFile, fresh.certPem, 0o644);
  await syncDirectory(dir);
  return toResult(new X509Certificate(fresh.certPem), fresh.certPem, fresh.keyPem, true, reason, warnings);
}

// ---------------------------------------------------------------- the operator's certificate

export interface LoadCertificateOptions {
  certFile: string;
  keyFile: string;
  now?: Date;
}

function describeIoError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'EISDIR') return 'it is a directory';
  return e.message;
}

/**
 * A certificate and key the operator provides (PEM, or DER for the certificate). Nothing
 * is generated or written. Throws CertificateError when a file is missing or unreadable,
 * is not a certificate or key, when the key does not belong to the certificate, or when
 * the certificate is expired or not yet valid.
 */
export async function loadCertificate(options: LoadCertificateOptions): Promise<TlsCertificate> {
  const { certFile, keyFile } = options;
  const now = options.now ?? new Date();
  const warnings: string[] = [];

  let certData: Buffer;
  try {
    certData = await readFile(certFile);
  } catch (error) {
    throw new CertificateError(`Cannot read the TLS certificate ${certFile}: ${describeIoError(error)}.`);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certData);
  } catch {
    throw new CertificateError(`${certFile} does not hold an X.509 certificate (PEM "BEGIN CERTIFICATE" or DER).`);
  }

  let keyData: Buffer;
  try {
    keyData = await readFile(keyFile);
  } catch (error) {
    throw new CertificateError(`Cannot read the TLS private key ${keyFile}: ${describeIoError(error)}.`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyData);
  } catch (error) {
    const message = (error as Error).message;
    throw new CertificateError(
      /passphrase/i.test(message)
        ? `${keyFile} is an encrypted private key; Lanyard needs it unencrypted (protect it with file mode 600 instead).`
        : `${keyFile} does not hold a private key Lanyard can read (PEM or DER): ${message}.`,
    );
  }
  if (!cert.checkPrivateKey(key)) {
    throw new CertificateError(
      `The private key ${keyFile} does not belong to the certificate ${certFile} ` +
        `(${cert.subject.split('\n').join(', ')}, SHA-256 ${cert.fingerprint256}). Pass the key the certificate was issued for.`,
    );
  }
  if (cert.validFromDate.getTime() > now.getTime()) {
    throw new CertificateError(`The certificate ${certFile} is not valid before ${cert.validFromDate.toISOString()}; check this machine's clock.`);
  }
  const left = cert.validToDate.getTime() - now.getTime();
  if (left <= 0) {
    throw new CertificateError(`The certificate ${certFile} expired on ${cert.validToDate.toISOString()}; renew it, or drop it to use a generated one.`);
  }
  if (left <= RENEW_BEFORE_DAYS * DAY_MS) {
    warnings.push(`The certificate ${certFile} expires on ${cert.validToDate.toISOString()}, in ${Math.ceil(left / DAY_MS)} days.`);
  }
  if (process.platform !== 'win32') {
    const { mode } = await stat(keyFile);
    if ((mode & 0o077) !== 0) warnings.push(`${keyFile} is readable by other users (mode ${(mode & 0o777).toString(8)}); chmod 600 it.`);
  }

  // Only the certificate blocks, leaf first as in the file: a combined file may hold the key too.
  const blocks = certData.toString('latin1').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  const certPem = blocks ? `${blocks.join('\n')}\n` : cert.toString();
  const keyPem = String(key.export({ type: 'pkcs8', format: 'pem' }));
  return toResult(cert, certPem, keyPem, false, null, warnings);
}

// ---------------------------------------------------------------- renewal while running

export type CertificateSource =
  | ({ kind: 'generated' } & Omit<EnsureCertificateOptions, 'now'>)
  | ({ kind: 'files' } & Omit<LoadCertificateOptions, 'now'>);

/** The certificate a source stands for now: generated (and renewed) or read from the files. */
export function obtainCertificate(source: CertificateSource, now?: Date): Promise<TlsCertificate> {
  if (source.kind === 'generated') {
    const { kind: _kind, ...options } = source;
    return ensureCertificate({ ...options, ...(now ? { now } : {}) });
  }
  return loadCertificate({ certFile: source.certFile, keyFile: source.keyFile, ...(now ? { now } : {}) });
}

/** What `renewIfNeeded` needs of the server: `https.Server` and `tls.Server` have it. */
interface SecureContextTarget {
  setSecureContext(options: SecureContextOptions): void;
}

/** The options to give `https.createServer` and `setSecureContext` for a certificate. */
export function secureContextOptions(certificate: TlsCertificate, extra: SecureContextOptions = {}): SecureContextOptions {
  return { ...extra, cert: certificate.certPem, key: certificate.keyPem };
}

export interface RenewOptions {
  source: CertificateSource;
  server: SecureContextTarget;
  /** The certificate the server presents now. */
  current: TlsCertificate;
  /** Other secure-context options the server was created with (setSecureContext replaces them all). */
  contextOptions?: SecureContextOptions;
  now?: Date;
}

/**
 * Checks the certificate again (generated: renewed when expiring or when the LAN addresses
 * changed; files: re-read, so a certificate replaced on disk is picked up) and, when it
 * changed, swaps it into the running server with `setSecureContext`: new connections get
 * the new certificate, open ones keep theirs, nothing restarts. The result's `renewed`
 * says whether the server's certificate changed.
 */
export async function renewIfNeeded(options: RenewOptions): Promise<TlsCertificate> {
  const next = await obtainCertificate(options.source, options.now);
  const renewed = next.fingerprint256 !== options.current.fingerprint256;
  if (renewed) options.server.setSecureContext(secureContextOptions(next, options.contextOptions));
  return { ...next, renewed };
}

export interface ScheduleRenewalOptions extends Omit<RenewOptions, 'now'> {
  /** Defaults to one day. */
  intervalMs?: number;
  onRenewed?: (certificate: TlsCertificate) => void;
  onError?: (error: unknown) => void;
}

/** Runs `renewIfNeeded` every `intervalMs` (daily by default) without keeping the process alive. */
export function scheduleRenewal(options: ScheduleRenewalOptions): { stop(): void } {
  let current = options.current;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    renewIfNeeded({ ...options, current })
      .then((next) => {
        current = next;
        if (next.renewed) options.onRenewed?.(next);
      })
      .catch((error: unknown) => {
        if (options.onError) options.onError(error);
        else process.emitWarning(`TLS certificate renewal failed: ${(error as Error).message}`);
      })
      .finally(() => {
        running = false;
      });
  }, options.intervalMs ?? DAY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
