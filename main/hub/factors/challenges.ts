// WebAuthn challenges without server-side state until they are used: each one is 16 random
// bytes, an expiry and an HMAC binding both to a purpose and to who it was issued for (an
// interaction, a user). Issuing stores nothing, so unauthenticated page views cost no memory;
// a challenge is remembered only once a ceremony using it has succeeded, so it works once.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const NONCE = 16;
const MAC = 16;
/** Long enough to find a security key and touch it. */
export const CHALLENGE_TTL_SECONDS = 5 * 60;
/** Challenges remembered as used; bounded, and only successful ceremonies add to it. */
const MAX_USED = 10_000;

export class Challenges {
  readonly #key: string;
  readonly #now: () => number;
  readonly #used = new Map<string, number>();
  constructor(key: string, now: () => number = () => Math.floor(Date.now() / 1000)) {
    this.#key = key;
    this.#now = now;
  }

  #mac(purpose: string, binding: string, nonce: Buffer, expires: Buffer): Buffer {
    return createHmac('sha256', this.#key).update(`webauthn:${purpose}:${binding}:`).update(nonce).update(expires).digest().subarray(0, MAC);
  }

  /** A new challenge for `purpose`, good for `binding` only. */
  issue(purpose: string, binding: string): Uint8Array<ArrayBuffer> {
    const nonce = randomBytes(NONCE);
    const expires = Buffer.alloc(4);
    expires.writeUInt32BE(this.#now() + CHALLENGE_TTL_SECONDS);
    return new Uint8Array(Buffer.concat([nonce, expires, this.#mac(purpose, binding, nonce, expires)]));
  }

  /** Whether `challenge` (base64url, as the browser echoes it) was issued by us for this, is unexpired and unused. */
  valid(purpose: string, binding: string, challenge: string): boolean {
    const bytes = Buffer.from(challenge, 'base64url');
    if (bytes.length !== NONCE + 4 + MAC) return false;
    const nonce = bytes.subarray(0, NONCE);
    const expires = bytes.subarray(NONCE, NONCE + 4);
    if (expires.readUInt32BE() < this.#now()) return false;
    if (!timingSafeEqual(bytes.subarray(NONCE + 4), this.#mac(purpose, binding, nonce, expires))) return false;
    return !this.#used.has(nonce.toString('base64url'));
  }

  /** Marks a challenge used, after the ceremony that carried it succeeded. */
  use(challenge: string): void {
    const bytes = Buffer.from(challenge, 'base64url');
    const now = this.#now();
    if (this.#used.size >= MAX_USED) {
      for (const [nonce, expires] of this.#used) if (expires < now) this.#used.delete(nonce);
      while (this.#used.size >= MAX_USED) this.#used.delete(this.#used.keys().next().value!);
    }
    this.#used.set(bytes.subarray(0, NONCE).toString('base64url'), bytes.subarray(NONCE, NONCE + 4).readUInt32BE());
  }
}
