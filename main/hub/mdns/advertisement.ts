// What the hub announces over DNS-SD (RFC 6763) and where — or why it announces nothing.
// Plain data in, plain data out: no sockets here; advertiser.ts runs the plan with ciao.
import net from 'node:net';
import os from 'node:os';
import { OIDC_DISCOVERY } from '../http/discovery.ts';
import { canonicalIp, isLoopback, isWildcard, lanAddresses, machineHostname, type LanAddress } from '../network/lan.ts';

/** The service type devices browse for: `_lanyard._tcp` (RFC 6763 §7: at most 15 characters). */
export const LANYARD_SERVICE = 'lanyard';
/** What web browsers and generic DNS-SD browsers list; announced only when the hub serves HTTPS. */
const HTTPS_SERVICE = 'https';
/**
 * For `_https._tcp`, `path` is the page a browser opens (the key's registered meaning for
 * http/https): the console, not a JSON document. `_lanyard._tcp` points at discovery instead.
 */
const CONSOLE_PATH = '/console/';
/** RFC 6763 §6.1: a TXT string is one length byte and its bytes, so `key=value` ≤ 255 bytes. */
const MAX_TXT_STRING = 255;
/** RFC 6763 §4.1.1 and RFC 1035: an instance name and a host label are at most 63 bytes. */
const MAX_LABEL = 63;

/** `issuer`, `v`, `path` and, over TLS, `fp`: all a device needs to trust and use the hub. */
export type TxtRecord = Record<string, string>;

export interface HubFacts {
  /** Whether the operator wants the hub advertised (`--no-mdns`, the `mdns` setting). */
  enabled: boolean;
  /** The address the server is bound to, as `server.address()` reports it. */
  boundAddress: string;
  port: number;
  issuer: string;
  version: string;
  /** The TLS certificate's SHA-256 fingerprint; undefined on plain HTTP. */
  fingerprint?: string | undefined;
  /** Default `os.hostname()`; injectable for tests. */
  hostname?: string | undefined;
  /** Default `lanAddresses()`; injectable for tests. */
  addresses?: LanAddress[] | undefined;
}

export interface ServiceSpec {
  type: string;
  /** The SRV record's target, without `.local`. */
  hostname: string;
  txt: TxtRecord;
}

/** Where the advertisement goes: interface names, and one address when bound to one. */
export interface Scope {
  interfaces: string[];
  /** Bound to a single LAN address: announce only that one. */
  address: string | null;
  /** Bound to `::` or an IPv6 address: AAAA records too. */
  ipv6: boolean;
}

export type Plan =
  | { advertise: true; name: string; port: number; services: ServiceSpec[]; scope: Scope }
  /** `watch`: the reason may pass as the network changes (an interface gets an address). */
  | { advertise: false; reason: string; watch: boolean };

/** The TXT record of `_lanyard._tcp`; `fp` only when there is a certificate to pin. */
export function hubTxt(facts: Pick<HubFacts, 'issuer' | 'version' | 'fingerprint'>, path: string = OIDC_DISCOVERY): TxtRecord {
  return { issuer: facts.issuer, v: facts.version, path, ...(facts.fingerprint ? { fp: facts.fingerprint } : {}) };
}

/** Cuts `text` to at most `bytes` bytes of UTF-8 without splitting a character. */
function truncateUtf8(text: string, bytes: number): string {
  let out = '';
  for (const char of text) {
    if (Buffer.byteLength(out + char) > bytes) break;
    out += char;
  }
  return out;
}

/** The machine's first host-name label (`nas.example.lan` → `nas`), or null if it has none usable. */
function hostLabel(hostname: string | undefined): string | null {
  return machineHostname(hostname)?.split('.')[0] ?? null;
}

/** The instance name people see in a list of hubs: "Lanyard on nas". */
export function instanceName(hostname?: string): string {
  const label = hostLabel(hostname ?? os.hostname());
  return truncateUtf8(label ? `Lanyard on ${label}` : 'Lanyard', MAX_LABEL);
}

/** Room left in a 63-byte label for the `-https` that tells the second host name apart. */
const MAX_BASE_LABEL = 56;

/**
 * The `.local` host name in a service's SRV record: `lanyard-nas` (`lanyard-nas-https` for the
 * web service; ciao counts two services sharing a host name as a conflict). Never `nas` itself:
 * the machine's own responder (Avahi, Bonjour) already owns `nas.local`.
 */
export function serviceHostname(type: string, hostname?: string): string {
  const label = hostLabel(hostname ?? os.hostname());
  const base = (label ? `lanyard-${label}` : 'lanyard').slice(0, MAX_BASE_LABEL).replace(/-+$/, '');
  return type === LANYARD_SERVICE ? base : `${base}-${type}`;
}

/** The interfaces an advertisement for a server bound to `boundAddress` belongs on, or why none. */
export function advertisingScope(boundAddress: string, addresses: LanAddress[]): Scope | { reason: string; watch: boolean } {
  if (isLoopback(boundAddress)) return { reason: `the hub listens on loopback only (${boundAddress}), which nothing else on the network can reach`, watch: false };
  const ip = canonicalIp(boundAddress);
  if (ip === null) return { reason: `the hub is bound to "${boundAddress}", which is not an IP address`, watch: false };
  const wildcard = isWildcard(ip);
  const ipv6 = net.isIPv6(ip);
  const reachable = wildcard ? addresses.filter((a) => ipv6 || a.family === 'IPv4') : addresses.filter((a) => a.address === ip);
  const interfaces = [...new Set(reachable.map((a) => a.interface))];
  if (interfaces.length === 0) {
    const reason = wildcard ? 'no network interface besides loopback has an address yet' : `no network interface has the address ${ip} the hub is bound to`;
    return { reason, watch: true };
  }
  return { interfaces, address: wildcard ? null : ip, ipv6 };
}

/** Why a TXT record cannot go on the wire, or null when every string fits. */
function txtProblem(txt: TxtRecord): string | null {
  const long = Object.entries(txt).find(([key, value]) => Buffer.byteLength(`${key}=${value}`) > MAX_TXT_STRING);
  return long ? `its "${long[0]}" is longer than a DNS-SD TXT string may be (${MAX_TXT_STRING} bytes with the key)` : null;
}

/** The whole decision: whether to advertise, as what, with which records, on which interfaces. */
export function planAdvertisement(facts: HubFacts): Plan {
  if (!facts.enabled) return { advertise: false, reason: 'advertising is switched off (--no-mdns or the mdns setting)', watch: false };
  const scope = advertisingScope(facts.boundAddress, facts.addresses ?? lanAddresses());
  if ('reason' in scope) return { advertise: false, ...scope };
  const service = (type: string, txt: TxtRecord): ServiceSpec => ({ type, hostname: serviceHostname(type, facts.hostname), txt });
  const services = [service(LANYARD_SERVICE, hubTxt(facts))];
  if (facts.fingerprint) services.push(service(HTTPS_SERVICE, hubTxt(facts, CONSOLE_PATH)));
  const problem = services.map((service) => txtProblem(service.txt)).find((text) => text !== null);
  if (problem) return { advertise: false, reason: `the TXT record cannot be sent: ${problem}`, watch: false };
  return { advertise: true, name: instanceName(facts.hostname), port: facts.port, services, scope };
}
