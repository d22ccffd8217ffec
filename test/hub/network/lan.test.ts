import os from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  canonicalIp,
  defaultIssuer,
  hubUrls,
  isLoopback,
  lanAddresses,
  mdnsName,
  type LanAddress,
  type NetworkInterfaces,
} from '../../../main/hub/network/lan.ts';

const info = (address: string, family: 'IPv4' | 'IPv6', internal = false): os.NetworkInterfaceInfo =>
  family === 'IPv4'
    ? { address, family, internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null }
    : { address, family, internal, netmask: 'ffff:ffff:ffff:ffff::', mac: '00:00:00:00:00:00', cidr: null, scopeid: 0 };

const staged: NetworkInterfaces = {
  lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
  eth0: [info('fe80::1c2b:3ff:fe4d:5e6f', 'IPv6'), info('FD00:0:0:0:0:0:0:2', 'IPv6'), info('192.168.1.10', 'IPv4')],
  wlan0: [info('192.168.1.10', 'IPv4'), info('10.0.0.5', 'IPv4'), info('2001:db8::5', 'IPv6')],
};

const lan: LanAddress[] = [
  { family: 'IPv4', address: '192.168.1.10', interface: 'eth0' },
  { family: 'IPv6', address: 'fd00::2', interface: 'eth0' },
];

describe('lanAddresses', () => {
  it('keeps non-internal addresses, IPv4 first, canonical, once each, without fe80:: link-local', () => {
    expect(lanAddresses(staged)).toEqual([
      { family: 'IPv4', address: '192.168.1.10', interface: 'eth0' },
      { family: 'IPv4', address: '10.0.0.5', interface: 'wlan0' },
      { family: 'IPv6', address: 'fd00::2', interface: 'eth0' },
      { family: 'IPv6', address: '2001:db8::5', interface: 'wlan0' },
    ]);
  });

  it('reads this machine by default: every non-internal, non-link-local address', () => {
    const expected = Object.values(os.networkInterfaces())
      .flat()
      .filter((i) => i !== undefined && !i.internal && !i.address.toLowerCase().startsWith('fe80:'))
      .map((i) => canonicalIp(i!.address));
    expect(lanAddresses().map((a) => a.address).sort()).toEqual([...new Set(expected)].sort());
  });
});

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '[::1]', '0:0:0:0:0:0:0:1', 'localhost', 'LOCALHOST', 'hub.localhost', '::ffff:127.0.0.1'])(
    '%s is loopback',
    (host) => expect(isLoopback(host)).toBe(true),
  );
  it.each(['0.0.0.0', '::', '192.168.1.10', 'fd00::2', 'nas.local', '128.0.0.1', 'localhost.example.com'])('%s is not', (host) =>
    expect(isLoopback(host)).toBe(false),
  );
});

describe('mdnsName', () => {
  it('appends .local to the first label, once', () => {
    expect(mdnsName('nas')).toBe('nas.local');
    expect(mdnsName('nas.local')).toBe('nas.local');
    expect(mdnsName('NAS.example.lan')).toBe('nas.local');
  });
});

describe('hubUrls', () => {
  it('0.0.0.0: the .local name, the IPv4 LAN addresses, then loopback', () => {
    expect(hubUrls({ host: '0.0.0.0', port: 8443, protocol: 'https', addresses: lan, hostname: 'NAS' })).toEqual([
      'https://nas.local:8443',
      'https://192.168.1.10:8443',
      'https://127.0.0.1:8443',
    ]);
  });

  it(':: (dual-stack): IPv6 too, in brackets', () => {
    expect(hubUrls({ host: '::', port: 8443, protocol: 'https', addresses: lan, hostname: 'nas' })).toEqual([
      'https://nas.local:8443',
      'https://192.168.1.10:8443',
      'https://[fd00::2]:8443',
      'https://127.0.0.1:8443',
      'https://[::1]:8443',
    ]);
  });

  it('one address: only that one; default ports are left out', () => {
    expect(hubUrls({ host: '192.168.1.10', port: 443, protocol: 'https', addresses: lan, hostname: 'nas' })).toEqual(['https://192.168.1.10']);
    expect(hubUrls({ host: 'fd00:0::2', port: 8080, protocol: 'http' })).toEqual(['http://[fd00::2]:8080']);
    expect(hubUrls({ host: '127.0.0.1', port: 80, protocol: 'http' })).toEqual(['http://127.0.0.1']);
  });

  it('skips the .local name when the host name is no DNS name', () => {
    expect(hubUrls({ host: '0.0.0.0', port: 8443, protocol: 'https', addresses: lan, hostname: 'my_box!' })).toEqual([
      'https://192.168.1.10:8443',
      'https://127.0.0.1:8443',
    ]);
  });
});

describe('defaultIssuer', () => {
  it('LAN bind with TLS: https://<hostname>.local:<port>', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
      expect(defaultIssuer({ host, port: 8443, tls: true, hostname: 'nas', addresses: lan })).toBe('https://nas.local:8443');
    }
    expect(defaultIssuer({ host: '0.0.0.0', port: 8443, tls: true, hostname: 'nas.local' })).toBe('https://nas.local:8443');
  });

  it('loopback: http://127.0.0.1:<port> ([::1] when bound there)', () => {
    expect(defaultIssuer({ host: '127.0.0.1', port: 8080, tls: false })).toBe('http://127.0.0.1:8080');
    expect(defaultIssuer({ host: 'localhost', port: 8080, tls: false })).toBe('http://127.0.0.1:8080');
    expect(defaultIssuer({ host: '::1', port: 8080, tls: false })).toBe('http://[::1]:8080');
  });

  it('a host name bind keeps the name; an unusable host name falls back to a LAN address', () => {
    expect(defaultIssuer({ host: 'Hub.Home.Arpa', port: 8443, tls: true })).toBe('https://hub.home.arpa:8443');
    expect(defaultIssuer({ host: '0.0.0.0', port: 8443, tls: true, hostname: 'my_box!', addresses: lan })).toBe('https://192.168.1.10:8443');
  });

  it('uses this machine’s name by default', () => {
    const name = os.hostname().toLowerCase().split('.')[0];
    expect(defaultIssuer({ host: '0.0.0.0', port: 8443, tls: true })).toBe(`https://${name}.local:8443`);
  });
});
