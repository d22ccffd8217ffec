import { describe, expect, it } from 'vitest';
import { checkTransportPolicy } from '../../../main/hub/tls/policy.ts';

describe('checkTransportPolicy', () => {
  it.each(['0.0.0.0', '::', '192.168.1.10', 'nas.local'])('refuses plain HTTP on %s and says what to do', (host) => {
    const result = checkTransportPolicy({ host, tls: false });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain(host);
    expect(result.error).toContain('--tls');
    expect(result.error).toContain('--insecure-http');
  });

  it('allows plain HTTP on the LAN with --insecure-http, with a clear-text warning', () => {
    const result = checkTransportPolicy({ host: '0.0.0.0', tls: false, insecureHttp: true });
    expect(result).toEqual({ ok: true, warnings: [expect.stringContaining('tokens cross the LAN in clear text')] });
  });

  it.each(['127.0.0.1', '::1', 'localhost'])('allows plain HTTP on loopback %s without warnings', (host) => {
    expect(checkTransportPolicy({ host, tls: false })).toEqual({ ok: true, warnings: [] });
  });

  it('allows TLS anywhere without warnings', () => {
    expect(checkTransportPolicy({ host: '0.0.0.0', tls: true })).toEqual({ ok: true, warnings: [] });
    expect(checkTransportPolicy({ host: '::', tls: true, insecureHttp: true })).toEqual({ ok: true, warnings: [] });
  });
});
