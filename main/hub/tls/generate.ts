// Builds a self-signed TLS server certificate with @peculiar/x509 on WebCrypto.
// Loaded on demand by certificate.ts, so a hub that reuses its certificate never loads
// the ASN.1 stack. @peculiar/x509 resolves its algorithms through tsyringe, which needs
// the Reflect metadata API: the polyfill import must come first (ESM evaluates imports
// in order).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, randomBytes } from 'node:crypto';

export interface GenerateOptions {
  /** Subject common name (the host name). */
  commonName: string;
  dnsNames: string[];
  ipAddresses: string[];
  notBefore: Date;
  notAfter: Date;
}

export interface GeneratedPair {
  certPem: string;
  keyPem: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

/** A random positive 128-bit serial (RFC 5280 §4.1.2.2: positive, at most 20 octets). */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40; // positive, and no leading zero octet to strip
  return bytes.toString('hex');
}

export async function generateSelfSigned(options: GenerateOptions): Promise<GeneratedPair> {
  const keys = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const names: x509.JsonGeneralName[] = [
    ...options.dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...options.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    // The JSON form of the name needs no escaping, whatever the host name holds.
    name: new x509.Name([{ CN: [options.commonName] }]),
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([SERVER_AUTH], false),
      new x509.SubjectAlternativeNameExtension(names, false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      // Optional for a self-signed certificate (RFC 5280 §4.2.1.1), but without it OpenSSL
      // clients that trust both the old and the renewed certificate (same subject name)
      // may try the old one as issuer and fail; the key id tells them apart.
      await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' });
  return { certPem: cert.toString('pem') + '\n', keyPem: String(keyPem) };
}
