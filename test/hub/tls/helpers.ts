// What the TLS tests share: data directories removed after each test, a bare HTTPS server on
// 127.0.0.1 serving a certificate under test, and clients that connect the ways devices do.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterEach } from 'vitest';
import { newDataDir, removeDataDir } from '../../support/data-dir.ts';

const dirs: string[] = [];
const servers: https.Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  for (const dir of dirs.splice(0)) removeDataDir(dir);
});

/** A fresh data directory, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = newDataDir('tls');
  dirs.push(dir);
  return dir;
}

/** A real HTTPS server on 127.0.0.1, on a free port, closed after the test. */
export async function startHttps(cert: string, key: string): Promise<{ server: https.Server; port: number }> {
  const server = https.createServer({ cert, key }, (_req, res) => res.end('hello over tls'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** GET / with the given TLS client options and a fresh connection; the body or the error. */
export function get(port: number, options: https.RequestOptions = {}): Promise<{ body: string; fingerprint256: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, path: '/', agent: false, ...options }, (res) => {
      const fingerprint256 = (res.socket as tls.TLSSocket).getPeerCertificate().fingerprint256;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ body, fingerprint256 }));
    });
    req.on('error', reject);
  });
}

/** A raw TLS connection; resolves with the peer certificate's fingerprint once the handshake is done. */
export function handshake(port: number, options: tls.ConnectionOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ...options }, () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(fingerprint);
    });
    socket.on('error', reject);
  });
}
