// User passwords: scrypt (memory-hard), run on libuv's thread pool so the hub keeps serving.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';

const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const; // ~32 MiB, OWASP's minimum for scrypt
const KEY_LENGTH = 32;

/**
 * Derivations at once: no more than the machine has cores (more buys no speed, each holds 32 MiB
 * while it runs: four at once were the hub's RSS peak under the bench's password load), and
 * never all of libuv's 4 threads, which the hub's file work shares. The rest wait their turn.
 */
const derivations = pLimit(Math.max(1, Math.min(availableParallelism(), 3)));

/** How many derivations run and wait now, and how many may run at once. */
export const passwordWork = (): { running: number; waiting: number; limit: number } => ({ running: derivations.activeCount, waiting: derivations.pendingCount, limit: derivations.concurrency });

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return derivations(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
      }),
  );
}

/** Returns a self-describing hash: `scrypt$N$r$p$salt$key` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash to compare against when the user does not exist, so timing does not reveal usernames. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}
