// The authorization_code workload's supply of minted codes: a small pool, refilled in small
// batches just ahead of use and served oldest first, sized so that every code it hands out is
// still in the baseline's in-memory store when the server looks it up. Stale codes are dropped,
// never sent. The hub gets the same pool, so both servers exchange only valid codes.
//
// Why the sizes (oidc-provider 9.13, lib/helpers/lru.js and lib/adapters/memory_adapter.js):
// the baseline keeps everything in one LRU of 1,000 entries with two generations. A new key
// goes into `recent`; when `recent` holds 1,000 keys it becomes `stale` and the old `stale` is
// dropped whole. A key is thus kept for at least 999 further inserts (up to 1,999), longer only
// if it is read while stale (a read moves it back to `recent`).
//
// What one exchange inserts, measured (2026-11-29: the baseline's LRU get/set counted during a
// 5 s round at 32 connections, 16,586 exchanges): 2 new keys (AccessToken, RefreshToken). The
// code's consume() marks the stored payload in place (no insert); the grant's member list
// (`grant:<id>`) is rewritten on every token save but stays in `recent`, so it is an update,
// not an insert. Each minted code inserts 1 key (AuthorizationCode), each mint batch 2 more
// (Grant, `grant:<id>`). All 340 failed exchanges of that round were "authorization code not
// found": the code itself evicted. The Grant is read by every exchange of its codes, so it stays
// recent and was never missing; no Session or Interaction is involved (minting makes neither).
//
// The arithmetic, for C connections (C = 32 in the full bench):
//   batch  B = max(16, C) = 32 codes per mint request,
//   refill while pool + requested < L = 3·B = 96, so pool + requested never passes H = L + B = 128
//   (L covers what the baseline's ~3,000 exchanges/s use up while a mint request is answered:
//   with L = 2·B the first runs starved for a few dozen requests).
//   Served oldest first, a code waits for at most H codes ahead of it and C exchanges in flight,
//   each inserting 2 keys; meanwhile at most H + B codes are minted after it, in batches of +2:
//   inserts between its mint and its look-up ≤ 2·(H + C) + (H + B) + 2·(H + B)/B
//       = 2·160 + 160 + 10 = 490, under half the 999 the LRU guarantees.
// The safety net: each code is stamped with a running count of those inserts (+2 per exchange
// when it is sent, +n+2 per batch when it is requested; a code carries the count from when its
// mint request left). The count misses at most the C exchanges already in flight then (2·C =
// 64 inserts) and otherwise runs ahead of the server, so a code whose count passes
// DROP_AFTER_INSERTS = 800 (800 + 64 < 999), or older than DROP_AFTER_MS (codes live 60 s on
// both servers), is dropped unsent and counted. Past ~40 connections the exchanges in flight
// alone eat the margin: the drops will show it.

/** oidc-provider's in-memory LRU keeps a key for at least this many further inserts. */
export const LRU_GUARANTEED_INSERTS = 999;
/** A code whose counted age passes this is dropped: 80 % of the guarantee, leaving 2·C for exchanges in flight. */
const DROP_AFTER_INSERTS = 800;
/** Half the codes' 60 s lifetime (AuthorizationCode TTL on both servers). */
export const DROP_AFTER_MS = 30_000;
/** Keys one successful exchange adds to the baseline's LRU (AccessToken, RefreshToken). */
const INSERTS_PER_EXCHANGE = 2;
/** Keys one mint batch adds besides its codes (Grant, the grant's member list). */
const INSERTS_PER_BATCH = 2;

export type CodePoolCounts = { minted: number; used: number; dropped: number; starved: number; mintRequests: number };

type Entry = { code: string; stamp: number; at: number };

export class CodePool {
  readonly batch: number;
  readonly low: number;
  readonly counts: CodePoolCounts = { minted: 0, used: 0, dropped: 0, starved: 0, mintRequests: 0 };
  #codes: Entry[] = [];
  #requested = 0;
  #inserts = 0;
  #broken = false;
  readonly #mint: (count: number) => Promise<string[]>;
  readonly #onError: (error: Error) => void;
  readonly #now: () => number;

  constructor(options: { connections: number; mint: (count: number) => Promise<string[]>; onError: (error: Error) => void; now?: () => number }) {
    this.batch = Math.max(16, options.connections);
    this.low = 3 * this.batch;
    this.#mint = options.mint;
    this.#onError = options.onError;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Codes in hand (not counting those requested). */
  get size(): number {
    return this.#codes.length;
  }

  /** The first fill, before the measured run: up to the low-water mark. */
  async fill(): Promise<void> {
    await this.#request(this.low);
  }

  /** The oldest code still fresh, or undefined if the pool ran dry (counted as starved). */
  take(): string | undefined {
    let entry = this.#codes.shift();
    while (entry && this.#stale(entry)) {
      this.counts.dropped += 1;
      entry = this.#codes.shift();
    }
    this.#refill();
    if (!entry) {
      this.counts.starved += 1;
      return undefined;
    }
    this.counts.used += 1;
    this.#inserts += INSERTS_PER_EXCHANGE;
    return entry.code;
  }

  #stale(entry: Entry): boolean {
    return this.#inserts - entry.stamp > DROP_AFTER_INSERTS || this.#now() - entry.at > DROP_AFTER_MS;
  }

  #refill(): void {
    while (!this.#broken && this.#codes.length + this.#requested < this.low) void this.#request(this.batch);
  }

  async #request(count: number): Promise<void> {
    this.#requested += count;
    this.counts.mintRequests += 1;
    const stamp = this.#inserts;
    this.#inserts += count + INSERTS_PER_BATCH;
    try {
      const codes = await this.#mint(count);
      const at = this.#now();
      for (const code of codes) this.#codes.push({ code, stamp, at });
      this.counts.minted += codes.length;
    } catch (error) {
      // One failed mint stops refilling: the run then starves, which the counts show, instead
      // of a mint request per exchange hammering a broken door.
      this.#broken = true;
      this.#onError(error as Error);
    } finally {
      this.#requested -= count;
    }
  }
}
