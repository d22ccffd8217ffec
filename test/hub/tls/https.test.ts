// The hub over HTTPS with its generated certificate: a real TLS client pinning the
// fingerprint the console shows; plain HTTP on the LAN only with the opt-in, and then warned.
import { request } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHub } from '../../../main/hub/index.ts';
import { newDataDir, removeDataDir } from '../../support/data-dir.ts';

function getPinned(url: string, pin: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // Trust comes from the pinned fingerprint, as a LAN device without a CA store does it.
    const req = request(url, { rejectUnauthorized: false }, (res) => {
      const presented = (res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256;
      if (presented !== pin) {
        res.destroy();
        reject(new Error(`pin mismatch: ${presented}`));
        return;
      }
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS', () => {
  it('serves discovery over TLS with a certificate whose fingerprint the status reports', async () => {
    const t = await createHub({ dataDir: newDataDir('https'), host: '127.0.0.1', port: 0, tls: 'generated' });
    try {
      const { url, issuer } = await t.listen();
      expect(issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const status = await t.admin.run('status.get', {}, 'test');
      const onDisk = new X509Certificate(readFileSync(join(t.dataDir, 'tls', 'cert.pem')));
      expect(status.tls?.fingerprint256).toBe(onDisk.fingerprint256);
      expect(status.tls?.sans).toEqual(expect.arrayContaining(['localhost', '127.0.0.1']));
      const answer = await getPinned(`${url}/.well-known/openid-configuration`, status.tls!.fingerprint256);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).issuer).toBe(issuer);
      await expect(getPinned(`${url}/.well-known/openid-configuration`, 'AA:BB')).rejects.toThrow(/pin mismatch/);
    } finally {
      await t.close();
      removeDataDir(t.dataDir);
    }
  });

  it('refuses plain HTTP on a LAN bind unless opted in, before binding anything', async () => {
    const dir = newDataDir('lan');
    const refused = await createHub({ dataDir: dir, host: '0.0.0.0', port: 0 });
    try {
      await expect(refused.listen()).rejects.toThrow(/Refusing to serve plain HTTP on 0\.0\.0\.0.*--tls.*--insecure-http/);
    } finally {
      await refused.close();
      removeDataDir(dir);
    }
  });
});
