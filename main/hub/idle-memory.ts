// Gives memory back when the hub goes quiet: after IDLE_MS without a request, one full,
// memory-reducing garbage collection. A burst grows V8's heap (the young generation alone to
// tens of MB) and V8 keeps it while nothing allocates, so a hub that served a burst an hour ago
// would still hold it; a tray app should not. Needs `gc`, which --expose-gc (main/hub/node-
// flags.ts) provides; without it (tests, a hub started without the flags) this does nothing.
/** How long without a request before the hub counts as idle. */
const IDLE_MS = 10_000;

type Collect = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

export type IdleMemory = { /** A request arrived. */ busy(): void; stop(): void };

export function releaseMemoryWhenIdle(idleMs = IDLE_MS, collect = (globalThis as { gc?: Collect }).gc): IdleMemory {
  let lastRequest = Date.now();
  let released = false;
  // Looked at four times per idle span: the collection comes at most a quarter span late.
  const timer = setInterval(() => {
    if (released || !collect || Date.now() - lastRequest < idleMs) return;
    released = true;
    collect({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  }, idleMs / 4);
  timer.unref();
  return {
    busy() {
      lastRequest = Date.now();
      released = false;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
