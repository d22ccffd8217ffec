// What the hub announces over DNS-SD and where: the TXT records, the names, the interfaces for
// each kind of bind, and the hubs that announce nothing (loopback-only, switched off).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/hub/log.ts';
import { advertisingScope, hubTxt, instanceName, planAdvertisement, serviceHostname, type HubFacts } from '../../../main/hub/mdns/advertisement.ts';
import type { LanAddress } from '../../../main/hub/network/lan.ts';
import { startHub, startHubForTest } from '../../support/hub.ts';

const FP = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
const lan: LanAddress[] = [
  { family: 'IPv4', address: '192.168.1.20', interface: 'eth0' },
  { family: 'IPv4', address: '10.0.0.5', interface: 'wlan0' },
  { family: 'IPv6', address: 'fd00::20', interface: 'eth0' },
  { family: 'IPv6', address: 'fd00:1::5', interface: 'usb0' },
];
const facts = (over: Partial<HubFacts> = {}): HubFacts => ({
  enabled: true,
  boundAddress: '0.0.0.0',
  port: 54443,
  issuer: 'https://nas.local:54443',
  version: '1.2.3',
  fingerprint: FP,
  hostname: 'nas',
  addresses: lan,
  ...over,
});

describe('TXT record', () => {
  it('carries issuer, version, discovery path and, over TLS, the certificate fingerprint', () => {
    expect(hubTxt({ issuer: 'https://nas.local:54443', version: '1.2.3', fingerprint: FP })).toEqual({
      issuer: 'https://nas.local:54443',
      v: '1.2.3',
      path: '/.well-known/openid-configuration',
      fp: FP,
    });
  });

  it('has no fp on plain HTTP', () => {
    expect(hubTxt({ issuer: 'http://nas.local:54443', version: '1.2.3', fingerprint: undefined })).toEqual({ issuer: 'http://nas.local:54443', v: '1.2.3', path: '/.well-known/openid-configuration' });
  });

  it('over TLS, _lanyard._tcp points at discovery and _https._tcp at the console, with the same issuer and fingerprint', () => {
    const plan = planAdvertisement(facts());
    expect(plan.advertise && plan.services).toEqual([
      { type: 'lanyard', hostname: 'lanyard-nas', txt: { issuer: 'https://nas.local:54443', v: '1.2.3', path: '/.well-known/openid-configuration', fp: FP } },
      { type: 'https', hostname: 'lanyard-nas-https', txt: { issuer: 'https://nas.local:54443', v: '1.2.3', path: '/console/', fp: FP } },
    ]);
  });

  it('plain HTTP: _lanyard._tcp only, without fp', () => {
    const plan = planAdvertisement(facts({ fingerprint: undefined, issuer: 'http://nas.local:54443' }));
    expect(plan.advertise && plan.services.map((service) => [service.type, Object.keys(service.txt)])).toEqual([['lanyard', ['issuer', 'v', 'path']]]);
  });

  it('refuses a TXT string over 255 bytes instead of sending a malformed record', () => {
    const issuer = `https://${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(50)}.local`;
    expect(planAdvertisement(facts({ issuer }))).toEqual({ advertise: false, reason: expect.stringContaining('"issuer" is longer than a DNS-SD TXT string may be'), watch: false });
    expect(planAdvertisement(facts({ issuer: `https://${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.local` })).advertise).toBe(true);
  });
});

describe('names', () => {
  it('instance "Lanyard on <host>", SRV host lanyard-<host>: the machine\'s own <host>.local belongs to its own responder', () => {
    expect(instanceName('NAS.example.lan')).toBe('Lanyard on nas');
    expect(serviceHostname('lanyard', 'NAS.example.lan')).toBe('lanyard-nas');
    expect(serviceHostname('https', 'nas')).toBe('lanyard-nas-https');
  });

  it('without a usable host name: plain "Lanyard"; long names cut to a 63-byte label', () => {
    expect(instanceName('my_box!')).toBe('Lanyard');
    expect(serviceHostname('lanyard', 'my_box!')).toBe('lanyard');
    const long = 'x'.repeat(63);
    expect(Buffer.byteLength(instanceName(long))).toBe(63);
    for (const type of ['lanyard', 'https']) expect(serviceHostname(type, long)).toMatch(/^lanyard-x+(-https)?$/);
    expect(serviceHostname('https', long).length).toBeLessThanOrEqual(63);
  });
});

describe('where it is announced', () => {
  it('0.0.0.0: every interface with an IPv4 address, no AAAA records', () => {
    expect(advertisingScope('0.0.0.0', lan)).toEqual({ interfaces: ['eth0', 'wlan0'], address: null, ipv6: false });
  });

  it(':: (dual stack): every interface, AAAA records too', () => {
    expect(advertisingScope('::', lan)).toEqual({ interfaces: ['eth0', 'wlan0', 'usb0'], address: null, ipv6: true });
  });

  it('one LAN address: only that address, on its interface', () => {
    expect(advertisingScope('10.0.0.5', lan)).toEqual({ interfaces: ['wlan0'], address: '10.0.0.5', ipv6: false });
    expect(advertisingScope('fd00:1:0:0::5', lan)).toEqual({ interfaces: ['usb0'], address: 'fd00:1::5', ipv6: true });
  });

  it('waits for the network when no interface has an address yet', () => {
    expect(planAdvertisement(facts({ addresses: [] }))).toEqual({ advertise: false, reason: 'no network interface besides loopback has an address yet', watch: true });
    expect(planAdvertisement(facts({ boundAddress: '192.168.7.7' }))).toMatchObject({ advertise: false, watch: true });
  });
});

describe('hubs that do not advertise', () => {
  it.each(['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1'])('loopback-only (%s), whatever the interfaces', (boundAddress) => {
    expect(planAdvertisement(facts({ boundAddress }))).toEqual({ advertise: false, reason: expect.stringContaining('loopback only'), watch: false });
  });

  it('switched off (--no-mdns, the mdns setting)', () => {
    expect(planAdvertisement(facts({ enabled: false }))).toEqual({ advertise: false, reason: expect.stringContaining('switched off'), watch: false });
  });

  it('the mdns setting: on by default, stored, and a change takes effect at the next start', async () => {
    const { run } = await startHubForTest();
    expect(await run('settings.get', {})).toMatchObject({ mdns: true });
    expect(await run('settings.update', { mdns: false })).toMatchObject({ settings: { mdns: false }, restartRequired: true });
    await expect(run('settings.update', { mdns: 'no' })).rejects.toThrow();
    expect(await run('settings.get', {})).toMatchObject({ mdns: false });
  });

  it('a real hub on 127.0.0.1 logs why it is not advertised', async () => {
    let logged = '';
    const destination = new Writable({ write: (chunk: Buffer, _encoding, done) => ((logged += chunk.toString()), done()) });
    const started = await startHub({ logger: createLogger({ json: true, destination }) });
    await started.cleanup();
    const reasons = logged.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { msg: string }).msg).filter((msg) => msg.includes('advertised on the LAN'));
    expect(reasons).toEqual(['Not advertised on the LAN: the hub listens on loopback only (127.0.0.1), which nothing else on the network can reach']);
  });
});
