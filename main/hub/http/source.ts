// Who is asking, for per-address limits: an IPv4 address, or an IPv6 /64 (a host may take
// any address of its prefix, so counting single IPv6 addresses would count nothing).
import { isIPv4, isIPv6 } from 'node:net';

const MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** Expands an IPv6 address to its eight groups. */
function groups(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  return [...left, ...Array.from({ length: Math.max(0, missing) }, () => '0'), ...right];
}

export function sourceKey(ip: string | undefined): string {
  if (!ip) return '(unknown)';
  const mapped = MAPPED.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIPv4(ip)) return ip;
  if (isIPv6(ip)) {
    const address = ip.split('%')[0]!; // zone index
    return `${groups(address).slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '').toLowerCase()).join(':')}::/64`;
  }
  return ip.slice(0, 64);
}
