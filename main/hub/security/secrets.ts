// Client secrets and other high-entropy values. A 256-bit random secret cannot be guessed,
// so a single SHA-256 is enough to store it: slow hashes are for low-entropy passwords and
// would cost every token request a few milliseconds for nothing.
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

const SECRET_PREFIX = 'lys_'; // makes leaked secrets easy to spot for scanners and people

export function newClientSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url');
}

/** 96 random bits in hex: no leading "-" for a command line to take as an option, and a double-click selects it whole. */
export function newClientId(): string {
  return randomBytes(12).toString('hex');
}

/**
 * One-shot `crypto.hash`: every token request hashes a bearer value and a client secret, and a
 * Hash object (createHash().update().digest()) costs several times the hashing of 43 bytes.
 */
export function sha256(value: string): string {
  return hash('sha256', value, 'base64url');
}

export function secretMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(sha256(presented));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A pairing's initial access token (RFC 7591 §3): 256 random bits, shown once, kept as its SHA-256. */
export function newInitialAccessToken(): string {
  return 'lyi_' + randomBytes(32).toString('base64url');
}
