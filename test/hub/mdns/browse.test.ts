// What `lanyard discover` makes of an answer: the TXT record is the network's word, so every
// field is checked and a wrong one becomes null instead of reaching the operator or a device.
import { describe, expect, it } from 'vitest';
import { followAddresses, hubFromService, type FoundHub } from '../../../main/hub/mdns/browse.ts';

const FP = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
const answer = (txt: unknown) => ({ name: 'Lanyard on nas', host: 'lanyard-nas.local', port: 54443, addresses: ['192.168.1.20', '192.168.1.20'], txt });

describe('a browsed _lanyard._tcp service', () => {
  it('becomes name, issuer, fingerprint, version, path, host, port and addresses', () => {
    expect(hubFromService(answer({ issuer: 'https://nas.local:54443', fp: FP.toLowerCase(), v: '1.2.3', path: '/.well-known/openid-configuration' }))).toEqual({
      name: 'Lanyard on nas',
      issuer: 'https://nas.local:54443',
      fingerprint: FP,
      version: '1.2.3',
      path: '/.well-known/openid-configuration',
      host: 'lanyard-nas.local',
      port: 54443,
      addresses: ['192.168.1.20'],
    });
  });

  it('keeps what is wrong or missing in its TXT record out: null, never an error', () => {
    expect(hubFromService(answer({ issuer: 'javascript:alert(1)', fp: 'AB:CD', v: 'x'.repeat(65), path: 'relative' }))).toMatchObject({ issuer: null, fingerprint: null, version: null, path: null });
    expect(hubFromService(answer({ issuer: 'ftp://nas.local/' })).issuer).toBeNull();
    expect(hubFromService(answer(undefined))).toMatchObject({ issuer: null, fingerprint: null, version: null, path: null, port: 54443 });
  });
});

describe('addresses from every answer', () => {
  const hub = (): Map<string, FoundHub> => new Map([['lanyard on nas._lanyard._tcp.local', hubFromService(answer({}))]]);
  const a = (data: string, ttl = 120, name = 'LANYARD-NAS.local') => ({ type: 'A' as const, name, ttl, data });

  it('a hub answering on two networks gets both addresses; a goodbye (TTL 0) takes one away', () => {
    const found = hub();
    followAddresses(found, [a('10.0.0.5'), a('192.168.1.20'), a('172.16.0.1', 120, 'other.local')]);
    expect([...found.values()][0]!.addresses).toEqual(['192.168.1.20', '10.0.0.5']);
    followAddresses(found, [a('192.168.1.20', 0)]);
    expect([...found.values()][0]!.addresses).toEqual(['10.0.0.5']);
  });

  it('keeps at most 16 addresses, whatever a hostile network sends', () => {
    const found = hub();
    followAddresses(found, Array.from({ length: 100 }, (_, i) => a(`10.0.0.${i + 1}`)));
    expect([...found.values()][0]!.addresses).toHaveLength(16);
  });
});
