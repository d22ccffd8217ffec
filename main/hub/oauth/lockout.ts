// Throttles password guessing, per username and per source address. After a few failures
// each further attempt waits longer; after many, the key is locked for a while. Kept in
// memory: only the serving process checks passwords, and a restart forgetting is harmless.
export type LockoutPolicy = {
  /** Failures allowed before attempts are slowed down. */
  freeFailures: number;
  /** Failures within the window that lock the key. */
  lockAfter: number;
  windowSeconds: number;
  lockSeconds: number;
  maxDelayMs: number;
};

export const DEFAULT_LOCKOUT: LockoutPolicy = { freeFailures: 3, lockAfter: 10, windowSeconds: 15 * 60, lockSeconds: 15 * 60, maxDelayMs: 4000 };

type Entry = { failures: number; firstAt: number; lockedUntil: number };

export type Verdict = { locked: true; retryAfterSeconds: number } | { locked: false; delayMs: number };

const MAX_KEYS = 100_000;

export class Lockout {
  #entries = new Map<string, Entry>();
  #policy: LockoutPolicy;
  #now: () => number;
  constructor(policy: Partial<LockoutPolicy> = {}, now: () => number = () => Date.now() / 1000) {
    this.#policy = { ...DEFAULT_LOCKOUT, ...policy };
    this.#now = now;
  }

  /** The user key first, the source key second. Over-long names share one key, so junk cannot fill the map. */
  static keys(username: string, source: string): [string, string] {
    const name = username.length > 64 ? '(over-long username)' : username.toLowerCase();
    return [`user:${name}`, `ip:${source}`];
  }

  /** What to do before checking a password for these keys. */
  check(keys: string[]): Verdict {
    const now = this.#now();
    let delayMs = 0;
    for (const key of keys) {
      const entry = this.#current(key, now);
      if (!entry) continue;
      if (entry.lockedUntil > now) return { locked: true, retryAfterSeconds: Math.ceil(entry.lockedUntil - now) };
      const extra = entry.failures - this.#policy.freeFailures;
      if (extra >= 0) delayMs = Math.max(delayMs, Math.min(this.#policy.maxDelayMs, 250 * 2 ** extra));
    }
    return { locked: false, delayMs };
  }

  fail(keys: string[]): void {
    const now = this.#now();
    for (const key of keys) {
      const entry = this.#current(key, now) ?? { failures: 0, firstAt: now, lockedUntil: 0 };
      entry.failures += 1;
      if (entry.failures >= this.#policy.lockAfter) entry.lockedUntil = now + this.#policy.lockSeconds;
      this.#entries.delete(key); // re-insert to keep the map in least-recently-failed order
      this.#entries.set(key, entry);
    }
    while (this.#entries.size > MAX_KEYS) this.#entries.delete(this.#entries.keys().next().value!);
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.#entries.delete(key);
  }

  // The attempt-level interface the reworked lockout (issue 10) offers; second-factor checks
  // (factors/verifier.ts) use only these three, so they follow that rework unchanged.

  /** Before checking a secret for `username` from `source`. */
  async begin(username: string, source: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
    const verdict = this.check(Lockout.keys(username, source));
    if (verdict.locked) return { allowed: false, retryAfterSeconds: verdict.retryAfterSeconds };
    if (verdict.delayMs > 0) await sleep(verdict.delayMs);
    return { allowed: true };
  }

  async failed(username: string, source: string): Promise<void> {
    this.fail(Lockout.keys(username, source));
  }

  async succeeded(username: string, source: string): Promise<void> {
    this.succeed([Lockout.keys(username, source)[0]]);
  }


  #current(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.lockedUntil <= now && now - entry.firstAt > this.#policy.windowSeconds) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
