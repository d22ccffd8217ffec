// Finds Lanyard hubs on the LAN: asks for `_lanyard._tcp` over mDNS (RFC 6762/6763) for a
// while and returns what answered, its TXT record checked. `lanyard discover` prints it.
//
// Why bonjour-service: ciao (advertiser.ts) only answers questions; bonjour-service's Browser is
// a maintained querier (PTR question; SRV, TXT and addresses from the answer's additional records,
// as RFC 6763 §12 has responders send them — ciao and Avahi do; goodbyes). It runs on
// multicast-dns sockets we create: one per IPv4 interface, because one multicast-dns socket
// asks only on the default route's interface, and so that socket errors are ours to handle
// (bonjour-service's own server leaves them unhandled, which would crash the command).
import { Browser, type Service } from 'bonjour-service';
import makeMdns, { type ResponsePacket } from 'multicast-dns';
import { z } from 'zod';
import { lanAddresses, type LanAddress } from '../network/lan.ts';
import { LANYARD_SERVICE } from './advertisement.ts';

/** A hub that answered. Fields its TXT record lacks or gets wrong are null. */
export interface FoundHub {
  /** The DNS-SD instance name, e.g. "Lanyard on nas". */
  name: string;
  issuer: string | null;
  /** SHA-256 of the hub's TLS certificate (AB:CD:…); null on plain HTTP. */
  fingerprint: string | null;
  version: string | null;
  /** Path of the discovery document on the issuer. */
  path: string | null;
  /** The SRV record's target and port. */
  host: string;
  port: number;
  addresses: string[];
}

export interface Discovery {
  hubs: FoundHub[];
  /** Where the question was asked: `eth0 (192.168.1.20)`. */
  interfaces: string[];
}

/** A hostile network could answer with endless made-up services; keep this many at most. */
const MAX_HUBS = 256;
/** …and this many addresses for one of them. */
const MAX_ADDRESSES = 16;
/** RFC 6762 §5.2: ask again after 1 s, then double the wait. */
const FIRST_REQUERY_MS = 1000;

const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

/** The TXT record as published by advertisement.ts; anything else becomes null, never an error. */
const HubTxt = z.object({
  issuer: z.url({ protocol: /^https?$/ }).max(255).nullable().catch(null),
  fp: z.string().transform((value) => value.toUpperCase()).pipe(z.string().regex(FINGERPRINT)).nullable().catch(null),
  v: z.string().min(1).max(64).nullable().catch(null),
  path: z.string().startsWith('/').max(255).nullable().catch(null),
});

/** A browsed service as Lanyard reports it; the TXT values are the network's word, so checked. */
export function hubFromService(service: Pick<Service, 'name' | 'host' | 'port' | 'addresses' | 'txt'>): FoundHub {
  const txt = HubTxt.parse(typeof service.txt === 'object' && service.txt !== null ? service.txt : {});
  return {
    name: service.name,
    issuer: txt.issuer,
    fingerprint: txt.fp,
    version: txt.v,
    path: txt.path,
    host: service.host,
    port: service.port,
    addresses: [...new Set(service.addresses ?? [])],
  };
}

/** Adds the A/AAAA records' addresses to the hubs at that host name; TTL 0 removes one. */
export function followAddresses(found: Map<string, FoundHub>, records: ResponsePacket['answers']): void {
  for (const record of records) {
    if (record.type !== 'A' && record.type !== 'AAAA') continue;
    for (const [key, hub] of found) {
      if (hub.host.toLowerCase() !== record.name.toLowerCase()) continue;
      const known = hub.addresses.includes(record.data);
      if (record.ttl === 0 && known) found.set(key, { ...hub, addresses: hub.addresses.filter((address) => address !== record.data) });
      else if (record.ttl !== 0 && !known && hub.addresses.length < MAX_ADDRESSES) found.set(key, { ...hub, addresses: [...hub.addresses, record.data] });
    }
  }
}

interface Asker {
  ask(): void;
  close(): Promise<void>;
}

/** Browses on one interface's socket, recording hubs into `found` by their DNS name. */
function askOn(address: string, found: Map<string, FoundHub>, onError: (error: Error) => void): Asker {
  const mdns = makeMdns({ interface: address, bind: '0.0.0.0' });
  mdns.on('error', onError);
  mdns.on('warning', () => {}); // undecodable packets from other devices: not ours to report
  const browser = new Browser(mdns, { type: LANYARD_SERVICE });
  const record = (service: Service) => {
    const key = service.fqdn.toLowerCase();
    const known = found.get(key);
    if (!known && found.size >= MAX_HUBS) return;
    const hub = hubFromService(service);
    found.set(key, known ? { ...hub, addresses: [...new Set([...known.addresses, ...hub.addresses])] } : hub);
  };
  browser.on('up', record);
  browser.on('srv-update', record);
  browser.on('txt-update', record);
  browser.on('down', (service) => found.delete(service.fqdn.toLowerCase()));
  // After the Browser's own listener: it reports a service once, with the addresses of the first
  // answer, but a hub on two networks answers on each with that network's address, and says
  // goodbye (TTL 0) to an address it lost.
  mdns.on('response', (packet: ResponsePacket) => followAddresses(found, [...packet.answers, ...packet.additionals]));
  return {
    ask: () => browser.update(),
    close: () =>
      new Promise((resolve) => {
        browser.stop();
        mdns.destroy(resolve);
      }),
  };
}

/** Asks every IPv4 LAN interface for Lanyard hubs for `timeoutMs`, then lists those that answered. */
export async function discoverHubs(options: { timeoutMs: number; addresses?: LanAddress[] }): Promise<Discovery> {
  const sources = (options.addresses ?? lanAddresses()).filter((a) => a.family === 'IPv4');
  if (sources.length === 0) throw new Error('No network interface besides loopback has an IPv4 address, so there is no LAN to search; connect to the network and try again.');
  const found = new Map<string, FoundHub>();
  const failures = new Map<number, Error>();
  const askers = sources.map((source, index) => askOn(source.address, found, (error) => failures.set(index, error)));
  const timers: NodeJS.Timeout[] = [];
  for (let wait = FIRST_REQUERY_MS, at = wait; at < options.timeoutMs; wait *= 2, at += wait) {
    timers.push(setTimeout(() => askers.forEach((asker) => asker.ask()), at));
  }
  await new Promise((resolve) => setTimeout(resolve, options.timeoutMs));
  timers.forEach(clearTimeout);
  await Promise.all(askers.map((asker) => asker.close()));
  if (failures.size === askers.length) throw new Error(`Could not use multicast DNS (${[...failures.values()][0]?.message}); is UDP port 5353 in use or blocked?`);
  return {
    hubs: [...found.values()].map((hub) => ({ ...hub, addresses: hub.addresses.toSorted() })).sort((a, b) => a.name.localeCompare(b.name)),
    interfaces: sources.map((source) => `${source.interface} (${source.address})`),
  };
}
