// Where the hub lives on the LAN: its addresses, the URLs devices can use, and the
// issuer it announces. Plain Node; no Electron.
import net from 'node:net';
import os from 'node:os';

type IpFamily = 'IPv4' | 'IPv6';

export interface LanAddress {
  family: IpFamily;
  /** Canonical text form: dotted quad, or compressed lower-case IPv6 without brackets. */
  address: string;
  /** The interface it was found on (eth0, en0, Wi-Fi …). */
  interface: string;
}

/** What `os.networkInterfaces()` returns; injectable so tests can stage a network. */
export type NetworkInterfaces = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

/** The protocol part of a hub URL, without the colon. */
type HubProtocol = 'http' | 'https';

const loopback = new net.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const linkLocalV6 = new net.BlockList();
linkLocalV6.addSubnet('fe80::', 10, 'ipv6');

/** Strips the brackets of an IPv6 literal as written in a URL (`[::1]` → `::1`). */
function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * The canonical text of an IP address: IPv4 unchanged, IPv6 compressed and lower-case
 * (`0:0:0:0:0:0:0:1` → `::1`), as WHATWG URL serialises it. Not an IP: null.
 */
export function canonicalIp(text: string): string | null {
  const host = unbracket(text.trim());
  const family = net.isIP(host);
  if (family === 4) return host;
  if (family === 6) {
    if (host.includes('%')) return null; // a zone id (fe80::1%eth0) is not part of an address
    return unbracket(new URL(`http://[${host}]/`).hostname);
  }
  return null;
}

/** True for IPv6 link-local (fe80::/10) addresses. */
function isLinkLocalV6(address: string): boolean {
  const ip = canonicalIp(address);
  return ip !== null && net.isIPv6(ip) && linkLocalV6.check(ip, 'ipv6');
}

/**
 * The hub's non-internal addresses, IPv4 first, in interface order, without duplicates.
 *
 * IPv6 link-local addresses (fe80::/10) are left out on purpose: they are only usable
 * with a zone id (`fe80::1%eth0`) whose name depends on the *client's* interface, no
 * certificate can name such an address with its zone, current browsers refuse zone ids
 * in URLs, and every device that could use one can reach the hub by `<host>.local` anyway.
 */
export function lanAddresses(interfaces: NetworkInterfaces = os.networkInterfaces()): LanAddress[] {
  const v4: LanAddress[] = [];
  const v6: LanAddress[] = [];
  const seen = new Set<string>();
  for (const [name, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      if (info.internal) continue;
      const address = canonicalIp(info.address);
      if (address === null || seen.has(address)) continue;
      if (isLoopback(address)) continue; // a loopback alias on a non-internal interface
      if (info.family === 'IPv6' && isLinkLocalV6(address)) continue;
      seen.add(address);
      (info.family === 'IPv4' ? v4 : v6).push({ family: info.family, address, interface: name });
    }
  }
  return [...v4, ...v6];
}

/** True for 127.0.0.0/8, ::1 (also IPv4-mapped loopback), `localhost` and `*.localhost` (RFC 6761). */
export function isLoopback(host: string): boolean {
  const name = unbracket(host.trim()).toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const ip = canonicalIp(name);
  if (ip === null) return false;
  return net.isIPv4(ip) ? loopback.check(ip, 'ipv4') : loopback.check(ip, 'ipv6');
}

/** True for the wildcard binds `0.0.0.0` and `::` (every interface). */
export function isWildcard(host: string): boolean {
  const ip = canonicalIp(host);
  return ip === '0.0.0.0' || ip === '::';
}

// A DNS label as RFC 1123 allows it (letters, digits, inner hyphens; 1–63 characters).
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** True if `name` can stand in a certificate's dNSName and in a URL host. */
export function isDnsName(name: string): boolean {
  if (name.length === 0 || name.length > 253 || canonicalIp(name) !== null) return false;
  return name.split('.').every((label) => LABEL.test(label));
}

/**
 * The machine's host name, lower-case, without a trailing dot; null if the operating
 * system reports something that is not a usable DNS name.
 */
export function machineHostname(hostname: string = os.hostname()): string | null {
  const name = hostname.trim().toLowerCase().replace(/\.$/, '');
  return isDnsName(name) ? name : null;
}

/**
 * The multicast-DNS name devices use to find this machine: `<first label>.local`
 * (`nas` → `nas.local`, `nas.local` stays, `nas.example.lan` → `nas.local`, which is what
 * Avahi and Bonjour announce).
 */
export function mdnsName(hostname: string): string {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name.endsWith('.local')) return name;
  return `${name.split('.')[0]}.local`;
}

function formatHost(host: string): string {
  return net.isIPv6(host) ? `[${host}]` : host;
}

/** `protocol://host:port`, with IPv6 in brackets and the default port left out (as URL does). */
function originOf(protocol: HubProtocol, host: string, port: number): string {
  return new URL(`${protocol}://${formatHost(host)}:${port}`).origin;
}

export interface HubUrlOptions {
  /** The address the hub binds to (Settings.host). */
  host: string;
  port: number;
  protocol: HubProtocol;
  /** Defaults to `lanAddresses()`; injectable for tests. */
  addresses?: LanAddress[];
  /** Defaults to `os.hostname()`; injectable for tests. */
  hostname?: string;
}

/**
 * Every URL the hub can be reached at, LAN first, loopback last (the console shows them
 * with QR codes). Bound to `0.0.0.0`: `<host>.local`, each IPv4 LAN address, 127.0.0.1.
 * Bound to `::` (dual-stack in Node): the same plus each IPv6 LAN address and [::1].
 * Bound to one address or name: only that one.
 */
export function hubUrls(options: HubUrlOptions): string[] {
  const { host, port, protocol } = options;
  if (!isWildcard(host)) {
    const ip = canonicalIp(host);
    return [originOf(protocol, ip ?? unbracket(host).toLowerCase(), port)];
  }
  const dualStack = canonicalIp(host) === '::';
  const addresses = (options.addresses ?? lanAddresses()).filter((a) => dualStack || a.family === 'IPv4');
  const name = machineHostname(options.hostname);
  const hosts = [
    ...(name !== null ? [mdnsName(name)] : []),
    ...addresses.map((a) => a.address),
    '127.0.0.1',
    ...(dualStack ? ['::1'] : []),
  ];
  return [...new Set(hosts.map((h) => originOf(protocol, h, port)))];
}

export interface DefaultIssuerOptions {
  host: string;
  port: number;
  tls: boolean;
  addresses?: LanAddress[];
  hostname?: string;
}

/**
 * The issuer the hub announces when the operator set none. It ends up in every token's
 * `iss`, so it has to be a name that stays put and that devices reach:
 * - loopback bind: `http(s)://127.0.0.1:<port>` (`[::1]` when bound to ::1);
 * - LAN bind (`0.0.0.0`, `::` or a LAN address): `https://<hostname>.local:<port>`, the
 *   name the generated certificate covers and that survives DHCP handing out a new address
 *   (`http://` under --insecure-http);
 * - a host name: that name.
 * If the machine's host name is unusable as a DNS name, the first LAN address stands in.
 */
export function defaultIssuer(options: DefaultIssuerOptions): string {
  const { host, port } = options;
  const protocol: HubProtocol = options.tls ? 'https' : 'http';
  if (isLoopback(host)) {
    return originOf(protocol, canonicalIp(host) === '::1' ? '::1' : '127.0.0.1', port);
  }
  const ip = canonicalIp(host);
  if (ip === null) return originOf(protocol, unbracket(host).toLowerCase(), port); // a name
  const name = machineHostname(options.hostname);
  if (name !== null) return originOf(protocol, mdnsName(name), port);
  if (!isWildcard(ip)) return originOf(protocol, ip, port);
  const first = (options.addresses ?? lanAddresses())[0];
  return originOf(protocol, first?.address ?? '127.0.0.1', port);
}
