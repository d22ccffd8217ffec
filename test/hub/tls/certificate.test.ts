import 'reflect-metadata';
import * as px509 from '@peculiar/x509';
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CertificateError,
  RENEW_BEFORE_DAYS,
  describeCertificate,
  ensureCertificate,
  loadCertificate,
  parseSubjectAltName,
} from '../../../main/hub/tls/certificate.ts';
import { tempDir } from './helpers.ts';

const DAY = 86_400_000;
const posix = process.platform !== 'win32';
const hostname = os.hostname().toLowerCase();
const shortName = hostname.split('.')[0]!;

/** This machine's LAN addresses, read here independently of lan.ts. */
function machineAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((i): i is os.NetworkInterfaceInfo => i !== undefined && !i.internal && !i.address.toLowerCase().startsWith('fe80:'))
    .map((i) => i.address);
}

/** `AB:CD:…` SHA-256 of the DER, computed here without X509Certificate.fingerprint256. */
function fingerprintOf(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

describe('ensureCertificate: a fresh certificate', () => {
  it('covers the host name, <host>.local, localhost, loopback and every LAN address', async () => {
    const cert = await ensureCertificate({ dataDir: await tempDir() });
    expect(cert.renewed).toBe(true);
    expect(cert.reason).toBe('there is no certificate yet');

    const x = new X509Certificate(cert.certPem);
    const names = [hostname, `${shortName}.local`, 'localhost'];
    const ips = ['127.0.0.1', '::1', ...machineAddresses()];
    expect(machineAddresses().length).toBeGreaterThan(0); // otherwise this test proves little
    for (const name of names) expect(x.checkHost(name, { subject: 'never' }), name).toBe(name);
    for (const ip of ips) expect(x.checkIP(ip), ip).toBeDefined();
    expect(x.checkHost('elsewhere.example', { subject: 'never' })).toBeUndefined();

    expect(cert.sans).toEqual(expect.arrayContaining([...names, '127.0.0.1', '::1']));
    expect(cert.sans.filter((s) => s.startsWith('fe80:'))).toEqual([]);
    expect(x.subject).toBe(`CN=${hostname}`);
  });

  it('has the fingerprint Node and a plain SHA-256 of the DER agree on', async () => {
    const cert = await ensureCertificate({ dataDir: await tempDir() });
    expect(cert.fingerprint256).toBe(new X509Certificate(cert.certPem).fingerprint256);
    expect(cert.fingerprint256).toBe(fingerprintOf(cert.certPem));
    expect(cert.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('is an ECDSA P-256 / SHA-256 server certificate, cA:false, ≤ 397 days, random serial', async () => {
    const [a, b] = await Promise.all([ensureCertificate({ dataDir: await tempDir() }), ensureCertificate({ dataDir: await tempDir() })]);
    const x = new X509Certificate(a.certPem);
    expect(x.ca).toBe(false);
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // Node names the extended key usage keyUsage
    expect(x.publicKey.asymmetricKeyType).toBe('ec');
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.validToDate.getTime() - x.validFromDate.getTime()).toBeLessThanOrEqual(397 * DAY);
    expect(x.validFromDate.getTime()).toBeLessThanOrEqual(Date.now());
    expect(x.serialNumber).not.toBe(new X509Certificate(b.certPem).serialNumber);
    expect(x.serialNumber).toMatch(/^[0-9A-F]{32}$/);

    const parsed = new px509.X509Certificate(a.certPem);
    expect(parsed.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
    const basic = parsed.getExtension(px509.BasicConstraintsExtension)!;
    expect({ ca: basic.ca, critical: basic.critical }).toEqual({ ca: false, critical: true });
    const usage = parsed.getExtension(px509.KeyUsagesExtension)!;
    expect(usage.usages).toBe(px509.KeyUsageFlags.digitalSignature);
    // the authority key id names the certificate's own key (see the renewal test in handshake.test.ts)
    const ski = parsed.getExtension(px509.SubjectKeyIdentifierExtension)!.keyId;
    expect(parsed.getExtension(px509.AuthorityKeyIdentifierExtension)!.keyId).toBe(ski);
    expect(new X509Certificate(b.certPem).fingerprint256).not.toBe(a.fingerprint256);
  });

  it.skipIf(!posix)('writes the key with mode 0600 in a 0700 directory, and leaves no temporary file', async () => {
    const dataDir = await tempDir();
    const cert = await ensureCertificate({ dataDir });
    const dir = path.join(dataDir, 'tls');
    expect((await stat(path.join(dir, 'key.pem'))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await readdir(dir)).sort()).toEqual(['cert.pem', 'key.pem']);
    expect(await readFile(path.join(dir, 'cert.pem'), 'utf8')).toBe(cert.certPem);
    expect(await readFile(path.join(dir, 'key.pem'), 'utf8')).toBe(cert.keyPem);
    expect(cert.keyPem).toContain('-----BEGIN PRIVATE KEY-----');
  });

  it('covers extra host names and addresses, and refuses names no certificate can hold', async () => {
    const cert = await ensureCertificate({ dataDir: await tempDir(), hostnames: ['Hub.Home.Arpa', '192.0.2.99'] });
    expect(cert.sans).toEqual(expect.arrayContaining(['hub.home.arpa', '192.0.2.99']));
    await expect(ensureCertificate({ dataDir: await tempDir(), hostnames: ['*.home.arpa'] })).rejects.toThrow(CertificateError);
  });
});

describe('ensureCertificate: reuse and renewal', () => {
  it('reuses a valid certificate: same fingerprint, renewed:false, files untouched', async () => {
    const dataDir = await tempDir();
    const first = await ensureCertificate({ dataDir });
    const before = await stat(path.join(dataDir, 'tls', 'cert.pem'));
    const second = await ensureCertificate({ dataDir });
    expect(second).toMatchObject({ renewed: false, reason: null, fingerprint256: first.fingerprint256, certPem: first.certPem, keyPem: first.keyPem });
    expect((await stat(path.join(dataDir, 'tls', 'cert.pem'))).mtimeMs).toBe(before.mtimeMs);
  });

  it(`renews a certificate that expires within ${RENEW_BEFORE_DAYS} days`, async () => {
    const dataDir = await tempDir();
    const old = await ensureCertificate({ dataDir, now: new Date(Date.now() - 380 * DAY) });
    const left = new Date(old.notAfter).getTime() - Date.now();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(RENEW_BEFORE_DAYS * DAY);

    const renewed = await ensureCertificate({ dataDir });
    expect(renewed.renewed).toBe(true);
    expect(renewed.reason).toMatch(/expires on .* within 30 days/);
    expect(renewed.fingerprint256).not.toBe(old.fingerprint256);
    expect(new Date(renewed.notAfter).getTime() - Date.now()).toBeGreaterThan(390 * DAY);
    // and the new one is kept
    expect((await ensureCertificate({ dataDir })).fingerprint256).toBe(renewed.fingerprint256);
  });

  it('keeps a certificate with 31 days left, renews one that has expired', async () => {
    const dataDir = await tempDir();
    const cert = await ensureCertificate({ dataDir });
    const notAfter = new Date(cert.notAfter).getTime();
    expect((await ensureCertificate({ dataDir, now: new Date(notAfter - 31 * DAY) })).renewed).toBe(false);
    const expired = await ensureCertificate({ dataDir, now: new Date(notAfter + DAY) });
    expect(expired.renewed).toBe(true);
    expect(expired.reason).toMatch(/expired on/);
  });

  it('renews when a LAN address appeared that the certificate does not cover', async () => {
    const dataDir = await tempDir();
    const first = await ensureCertificate({ dataDir, addresses: ['192.0.2.10'] });
    expect(first.sans).toContain('192.0.2.10');
    expect(first.sans).not.toContain('192.0.2.77');
    // an address that went away does not matter
    expect((await ensureCertificate({ dataDir, addresses: [] })).renewed).toBe(false);

    const next = await ensureCertificate({ dataDir, addresses: ['192.0.2.10', '2001:DB8:0:0::77', '192.0.2.77'] });
    expect(next.renewed).toBe(true);
    expect(next.reason).toBe('the stored certificate does not cover 192.0.2.77');
    expect(next.sans).toEqual(expect.arrayContaining(['192.0.2.10', '192.0.2.77', '2001:db8::77']));
  });

  it('does not renew for a new LAN IPv6 address alone (temporary addresses rotate daily), unless asked', async () => {
    const dataDir = await tempDir();
    const first = await ensureCertificate({ dataDir, addresses: ['192.0.2.10', 'fd00::2'] });
    expect(first.sans).toContain('fd00::2');
    const rotated = ['192.0.2.10', 'fd00::2', '2001:db8::9c3e:41ff:fe00:1234'];
    expect((await ensureCertificate({ dataDir, addresses: rotated })).renewed).toBe(false);

    const strict = await ensureCertificate({ dataDir, addresses: rotated, renewOnNewIpv6: true });
    expect(strict).toMatchObject({ renewed: true, reason: 'the stored certificate does not cover 2001:db8::9c3e:41ff:fe00:1234' });
    // an IPv6 address the operator names is always required
    const named = await ensureCertificate({ dataDir, addresses: rotated, hostnames: ['2001:db8::53'] });
    expect(named).toMatchObject({ renewed: true, reason: 'the stored certificate does not cover 2001:db8::53' });
  });

  it('renews when the host name changed', async () => {
    const dataDir = await tempDir();
    await ensureCertificate({ dataDir, hostname: 'nas' });
    const next = await ensureCertificate({ dataDir, hostname: 'attic-nas' });
    expect(next.renewed).toBe(true);
    expect(next.sans).toEqual(expect.arrayContaining(['attic-nas', 'attic-nas.local']));
  });

  it('replaces a corrupt certificate, a key that does not match, and a lone file', async () => {
    const dataDir = await tempDir();
    const certFile = path.join(dataDir, 'tls', 'cert.pem');
    const keyFile = path.join(dataDir, 'tls', 'key.pem');
    await ensureCertificate({ dataDir });

    await writeFile(certFile, 'not a certificate');
    expect((await ensureCertificate({ dataDir })).reason).toMatch(/unreadable/);

    const other = await ensureCertificate({ dataDir: await tempDir() });
    await writeFile(keyFile, other.keyPem, { mode: 0o600 });
    const fixed = await ensureCertificate({ dataDir });
    expect(fixed.reason).toBe('the stored key does not match the stored certificate');
    expect(new X509Certificate(fixed.certPem).checkPrivateKey(createPrivateKey(fixed.keyPem))).toBe(true);

    await writeFile(certFile, ''); // truncated by a crash
    expect((await ensureCertificate({ dataDir })).renewed).toBe(true);
  });

  it('serialises concurrent calls on one directory: one generation, a matching pair on disk', async () => {
    const dataDir = await tempDir();
    const results = await Promise.all(Array.from({ length: 5 }, () => ensureCertificate({ dataDir })));
    expect(results.filter((r) => r.renewed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.fingerprint256)).size).toBe(1);
    const [certPem, keyPem] = await Promise.all(['cert.pem', 'key.pem'].map((f) => readFile(path.join(dataDir, 'tls', f), 'utf8')));
    expect(new X509Certificate(certPem!).checkPrivateKey(createPrivateKey(keyPem!))).toBe(true);
    expect(new X509Certificate(certPem!).fingerprint256).toBe(results[0]!.fingerprint256);
  });

  it.skipIf(!posix)('tightens a stored key that became readable by others', async () => {
    const dataDir = await tempDir();
    await ensureCertificate({ dataDir });
    const keyFile = path.join(dataDir, 'tls', 'key.pem');
    await chmod(keyFile, 0o644);
    const again = await ensureCertificate({ dataDir });
    expect(again.renewed).toBe(false);
    expect(again.warnings).toEqual([expect.stringContaining('now 600')]);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
  });
});

describe('loadCertificate', () => {
  async function pair() {
    const dataDir = await tempDir();
    const cert = await ensureCertificate({ dataDir });
    return { cert, certFile: path.join(dataDir, 'tls', 'cert.pem'), keyFile: path.join(dataDir, 'tls', 'key.pem') };
  }

  it('loads a matching pair without generating anything', async () => {
    const { cert, certFile, keyFile } = await pair();
    const loaded = await loadCertificate({ certFile, keyFile });
    expect(loaded).toMatchObject({ renewed: false, reason: null, fingerprint256: cert.fingerprint256, certPem: cert.certPem, sans: cert.sans, warnings: [] });
  });

  it('refuses a key that belongs to another certificate, naming both files', async () => {
    const { certFile } = await pair();
    const { keyFile: otherKey } = await pair();
    const error = await loadCertificate({ certFile, keyFile: otherKey }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CertificateError);
    expect((error as Error).message).toMatch(/^The private key .* does not belong to the certificate /);
    expect((error as Error).message).toContain(otherKey);
    expect((error as Error).message).toContain(certFile);
  });

  it('says which file is missing or unreadable', async () => {
    const { certFile, keyFile } = await pair();
    const dir = await tempDir();
    await expect(loadCertificate({ certFile: path.join(dir, 'nope.pem'), keyFile })).rejects.toThrow(/Cannot read the TLS certificate .*nope\.pem: no such file/);
    await expect(loadCertificate({ certFile, keyFile: path.join(dir, 'nope.key') })).rejects.toThrow(/Cannot read the TLS private key .*nope\.key: no such file/);
    await writeFile(path.join(dir, 'junk.pem'), 'junk');
    await expect(loadCertificate({ certFile: path.join(dir, 'junk.pem'), keyFile })).rejects.toThrow(/does not hold an X\.509 certificate/);
    await expect(loadCertificate({ certFile, keyFile: path.join(dir, 'junk.pem') })).rejects.toThrow(/does not hold a private key/);
  });

  it('takes a combined file (key and certificate) and a DER certificate, and serves PEM', async () => {
    const { cert, keyFile } = await pair();
    const dir = await tempDir();
    const combined = path.join(dir, 'combined.pem');
    await writeFile(combined, cert.keyPem + cert.certPem, { mode: 0o600 });
    const fromCombined = await loadCertificate({ certFile: combined, keyFile: combined });
    expect(fromCombined.certPem).toBe(cert.certPem);
    expect(fromCombined.fingerprint256).toBe(cert.fingerprint256);

    const der = path.join(dir, 'cert.der');
    await writeFile(der, new X509Certificate(cert.certPem).raw);
    const fromDer = await loadCertificate({ certFile: der, keyFile });
    expect(fromDer.certPem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(fromDer.fingerprint256).toBe(cert.fingerprint256);
  });

  it('refuses an expired certificate and warns about one that expires soon', async () => {
    const { cert, certFile, keyFile } = await pair();
    const notAfter = new Date(cert.notAfter).getTime();
    await expect(loadCertificate({ certFile, keyFile, now: new Date(notAfter + DAY) })).rejects.toThrow(/expired on/);
    const soon = await loadCertificate({ certFile, keyFile, now: new Date(notAfter - 10 * DAY) });
    expect(soon.warnings).toEqual([expect.stringMatching(/expires on .* in 10 days/)]);
  });
});

describe('describeCertificate', () => {
  it('gives subject, SANs, validity and fingerprint for `lanyard cert show`', async () => {
    const cert = await ensureCertificate({ dataDir: await tempDir(), hostname: 'nas', addresses: ['192.0.2.10', 'fd00::2'] });
    const x = new X509Certificate(cert.certPem);
    expect(describeCertificate(cert.certPem)).toEqual({
      subject: 'CN=nas',
      issuer: 'CN=nas',
      sans: ['nas', 'nas.local', 'localhost', '192.0.2.10', 'fd00::2', '127.0.0.1', '::1'],
      notBefore: x.validFromDate.toISOString(),
      notAfter: cert.notAfter,
      fingerprint256: cert.fingerprint256,
      serialNumber: x.serialNumber,
      selfSigned: true,
    });
  });

  it('throws a CertificateError on something else', () => {
    expect(() => describeCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toThrow(CertificateError);
  });

  it('parses JSON-quoted SAN values as Node prints them', () => {
    expect(parseSubjectAltName('DNS:"a, b", IP Address:0:0:0:0:0:0:0:1, email:x@y, DNS:c')).toEqual({ dns: ['a, b', 'c'], ip: ['::1'] });
    expect(parseSubjectAltName(undefined)).toEqual({ dns: [], ip: [] });
  });
});
