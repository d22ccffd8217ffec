// How fast passwords may be guessed, and by whom (limits are settings, see Limits):
//  - per source address, across all usernames: attempts are counted when they start (a
//    success gives its attempt back), so a burst of guesses for many usernames is cut off
//    at the limit instead of all being checked;
//  - per (username, address): failures lock that pair for a while. A guessing device on the
//    guest Wi-Fi locks itself out, not the account's owner on another machine;
//  - per username, from everywhere: a much higher failure count slows that account's
//    attempts down to one every few seconds; it never locks.
// Every address is treated alike, loopback included; IPv6 addresses count per /64 (one
// host can take any address of its prefix). State is in memory in the serving process: a
// restart forgets it, and `users.unlock` clears it (also when asked by another process, see
// oauth/accounts.ts). The owner always has the desktop app and the CLI, which need no password.
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import type { Limits } from '../../../shared/admin-contract.ts';
import { sourceKey } from '../http/source.ts';

/** The window in which attempts and failures are counted. */
const WINDOW_SECONDS = 15 * 60;
/** Over the per-username threshold, one attempt for that username per this many seconds. */
export const SLOW_DOWN_SECONDS = 3;

export type LoginLimits = Pick<Limits, 'loginAttemptsPerAddress' | 'loginFailuresPerUserAndAddress' | 'loginFailuresPerUser' | 'loginLockMinutes'>;

export type Verdict =
  | { allowed: true }
  | { allowed: false; why: 'address' | 'account-here' | 'account-everywhere'; retryAfterSeconds: number };

const seconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));
const isRefusal = (value: unknown): value is RateLimiterRes => typeof value === 'object' && value !== null && 'msBeforeNext' in value && !(value instanceof Error);

export class Lockout {
  #limits: LoginLimits;
  #attempts!: RateLimiterMemory;
  #pairs!: RateLimiterMemory;
  #users!: RateLimiterMemory;
  #slow!: RateLimiterMemory;
  /** Bumped by unlock(): keys of an earlier generation are simply no longer looked at. */
  #generation = new Map<string, number>();

  constructor(limits: LoginLimits) {
    this.#limits = limits;
    this.#build();
  }

  /** New limits (settings changed); counts start afresh. */
  configure(limits: LoginLimits): void {
    this.#limits = limits;
    this.#build();
  }

  #build(): void {
    const lock = this.#limits.loginLockMinutes * 60;
    this.#attempts = new RateLimiterMemory({ keyPrefix: 'attempts', points: this.#limits.loginAttemptsPerAddress, duration: WINDOW_SECONDS, blockDuration: lock });
    this.#pairs = new RateLimiterMemory({ keyPrefix: 'pairs', points: this.#limits.loginFailuresPerUserAndAddress, duration: WINDOW_SECONDS, blockDuration: lock });
    this.#users = new RateLimiterMemory({ keyPrefix: 'users', points: this.#limits.loginFailuresPerUser, duration: WINDOW_SECONDS });
    this.#slow = new RateLimiterMemory({ keyPrefix: 'slow', points: 1, duration: SLOW_DOWN_SECONDS });
  }

  /** Over-long names share one key, so junk cannot grow the maps; names are case-insensitive. */
  static user(username: string): string {
    return username.length > 64 ? '(over-long username)' : username.toLowerCase();
  }

  #userKey(username: string): string {
    const user = Lockout.user(username);
    return `${user}#${this.#generation.get(user) ?? 0}`;
  }

  /**
   * Before checking a password. Counts the attempt against the address at once; callers run
   * attempts for one username one at a time, so the per-username counts are exact here.
   */
  async begin(username: string, source: string): Promise<Verdict> {
    const user = this.#userKey(username);
    const address = sourceKey(source);
    const pair = await this.#pairs.get(`${user}|${address}`);
    if (pair && pair.consumedPoints >= this.#limits.loginFailuresPerUserAndAddress) {
      return { allowed: false, why: 'account-here', retryAfterSeconds: seconds(pair) };
    }
    try {
      await this.#attempts.consume(address);
    } catch (refusal) {
      if (!isRefusal(refusal)) throw refusal;
      return { allowed: false, why: 'address', retryAfterSeconds: seconds(refusal) };
    }
    const everywhere = await this.#users.get(user);
    if (everywhere && everywhere.consumedPoints >= this.#limits.loginFailuresPerUser) {
      try {
        await this.#slow.consume(user);
      } catch (refusal) {
        if (!isRefusal(refusal)) throw refusal;
        await this.#attempts.reward(address); // refused before any check: not an attempt
        return { allowed: false, why: 'account-everywhere', retryAfterSeconds: seconds(refusal) };
      }
    }
    return { allowed: true };
  }

  async failed(username: string, source: string): Promise<void> {
    const user = this.#userKey(username);
    await Promise.all([this.#pairs.penalty(`${user}|${sourceKey(source)}`), this.#users.penalty(user)]);
    const pair = await this.#pairs.get(`${user}|${sourceKey(source)}`);
    if (pair && pair.consumedPoints >= this.#limits.loginFailuresPerUserAndAddress) await this.#pairs.block(`${user}|${sourceKey(source)}`, this.#limits.loginLockMinutes * 60);
  }

  /** The right password: its attempt is given back and that pair starts afresh. */
  async succeeded(username: string, source: string): Promise<void> {
    const address = sourceKey(source);
    await Promise.all([this.#attempts.reward(address), this.#pairs.delete(`${this.#userKey(username)}|${address}`)]);
  }

  /** Forgets every failure counted for `username` (users.unlock). */
  unlock(username: string): void {
    const user = Lockout.user(username);
    this.#generation.set(user, (this.#generation.get(user) ?? 0) + 1);
  }

  /** Forgets the attempts counted for one address. */
  async forgetAddress(source: string): Promise<void> {
    await this.#attempts.delete(sourceKey(source));
  }
}
