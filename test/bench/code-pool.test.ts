// bench/lib/code-pool.ts: the authorization_code workload's pool keeps every code it hands out
// inside the baseline's in-memory store. Checked against oidc-provider's own LRU class with the
// keys one exchange and one mint really add (AccessToken + RefreshToken; Grant, the grant's
// member list and the codes), and a loud check of what the pool's sizes assume about that LRU.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { CodePool, DROP_AFTER_MS, LRU_GUARANTEED_INSERTS } from '../../bench/lib/code-pool.ts';

const providerLib = join(dirname(createRequire(import.meta.url).resolve('oidc-provider')), '..', 'lib');
type Lru = { get(key: string): unknown; set(key: string, value: unknown): void; has(key: string): boolean };
const { default: LRU } = (await import(pathToFileURL(join(providerLib, 'helpers', 'lru.js')).href)) as { default: new (options: { maxSize: number }) => Lru };

test("oidc-provider's in-memory adapter is an LRU of 1,000 that keeps a key for 999 further inserts", () => {
  // The pool's sizes rest on these two facts: if an upgrade changes either, redo the arithmetic
  // at the top of bench/lib/code-pool.ts.
  expect(readFileSync(join(providerLib, 'adapters', 'memory_adapter.js'), 'utf8')).toContain('new LRU({ maxSize: 1000 })');
  const lru = new LRU({ maxSize: 1000 });
  for (let i = 0; i < 999; i += 1) lru.set(`filler:${i}`, i); // the key below lands last in `recent`
  lru.set('code', 1);
  for (let i = 0; i < LRU_GUARANTEED_INSERTS; i += 1) lru.set(`after:${i}`, i);
  expect(lru.has('code')).toBe(true);
  lru.set('one-more', 0);
  expect(lru.has('code')).toBe(false);
});

type Supply = { take(): string | undefined; fill(): Promise<void> };

/**
 * One server with oidc-provider's LRU and a FIFO request queue (exchanges and mint requests in
 * the order they arrive), `connections` clients each keeping one exchange in flight: returns how
 * many exchanged codes the LRU had already evicted.
 */
async function simulate(makeSupply: (mint: (count: number) => Promise<string[]>) => Supply, connections: number, exchanges: number, mintDelay = 0) {
  const lru = new LRU({ maxSize: 1000 });
  const queue: (() => void)[] = [];
  let minted = 0;
  // mintDelay: a mint request goes to the back of the queue that many times more (a server
  // and a load generator busy with exchanges answer it later).
  const delayed = (job: () => void, times: number): (() => void) => (times > 0 ? () => queue.push(delayed(job, times - 1)) : job);
  const mint = (count: number) => new Promise<string[]>((resolve) => {
    queue.push(delayed(() => {
      const grant = `g${minted}`;
      lru.set(`Grant:${grant}`, {});
      lru.set(`grant:${grant}`, new Map());
      const codes = Array.from({ length: count }, () => `c${(minted += 1)}`);
      for (const code of codes) lru.set(`AuthorizationCode:${code}`, { grant });
      resolve(codes);
    }, mintDelay));
  });
  const supply = makeSupply(mint);
  const filling = supply.fill();
  while (queue.length > 0) queue.shift()!();
  await filling;
  let done = 0;
  let evicted = 0;
  let starved = 0;
  const send = () => {
    const code = supply.take();
    queue.push(() => {
      if (!code) starved += 1;
      else if (lru.get(`AuthorizationCode:${code}`) === undefined) evicted += 1;
      else {
        lru.set(`AccessToken:${code}`, {});
        lru.set(`RefreshToken:${code}`, {});
      }
      done += 1;
      if (done + connections <= exchanges) send();
    });
  };
  for (let i = 0; i < connections; i += 1) send();
  while (queue.length > 0) {
    queue.shift()!();
    await new Promise((resolve) => setImmediate(resolve)); // lets a mint's answer reach the pool
  }
  return { done, evicted, starved };
}

test('32 connections exchange 6,000 codes and none was evicted before use, even with mint answers late', async () => {
  for (const mintDelay of [0, 1, 2]) {
    let pool: CodePool | undefined;
    const result = await simulate((mint) => (pool = new CodePool({ connections: 32, mint, onError: (error) => { throw error; } })), 32, 6000, mintDelay);
    expect(result, `mint delay ${mintDelay}`).toEqual({ done: 6000, evicted: 0, starved: 0 });
    expect(pool!.counts.dropped).toBe(0);
    expect(pool!.counts.used).toBe(6000);
  }
});

test('a pool served oldest first from 400 codes, refilled 200 at a time (tried before), loses codes in the same simulation', async () => {
  // The control: the simulation sees evictions, so the test above can fail. (The pool before
  // that one, newest first, lost codes only when its refills fell behind: its oldest codes
  // sat at the bottom of the stack.)
  const fifo = (mint: (count: number) => Promise<string[]>): Supply => {
    const codes: string[] = [];
    let refilling = false;
    return {
      fill: async () => { codes.push(...(await mint(400))); },
      take() {
        const code = codes.shift();
        if (!refilling && codes.length <= 200) {
          refilling = true;
          void mint(200).then((more) => { codes.push(...more); refilling = false; });
        }
        return code;
      },
    };
  };
  const result = await simulate(fifo, 32, 6000);
  expect(result.evicted).toBeGreaterThan(100);
});

test('a code older than DROP_AFTER_MS is dropped, not sent', async () => {
  let now = 0;
  let next = 0;
  const pool = new CodePool({ connections: 2, mint: async (count) => Array.from({ length: count }, () => `c${(next += 1)}`), onError: (error) => { throw error; }, now: () => now });
  await pool.fill();
  expect(pool.size).toBe(pool.low);
  now = DROP_AFTER_MS + 1;
  // Every code in hand is stale: all dropped; the refills they trigger arrive after this call.
  expect(pool.take()).toBeUndefined();
  expect(pool.counts).toMatchObject({ dropped: pool.low, starved: 1, used: 0 });
  await new Promise((resolve) => setImmediate(resolve));
  expect(pool.take()).toBe(`c${pool.low + 1}`);
});
