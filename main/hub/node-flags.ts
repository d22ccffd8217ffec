// V8 flags and allocator settings for the process that runs the hub, chosen by measurement
// (bench/README.md, "V8 flags for the hub's process" and "Round five"). `lanyard serve` restarts
// itself with them before anything else loads (bin/lanyard.js); the desktop app's hub utility
// process gets them as its execArgv and env. They tune memory and garbage collection only: the
// hub behaves the same without them.
export const HUB_NODE_FLAGS: readonly string[] = [
  // Under load V8 (Node 24, 64-bit) grows the young generation to 64–106 MB, most of the
  // hub's RSS beyond its idle size; 16 MB semi-spaces keep it to 32 MB at the cost of more
  // frequent scavenges (bench/README.md, "V8 flags for the hub's process").
  '--max-semi-space-size=16',
  // After each full collection V8 lets the old generation grow to up to 4× what survived before
  // the next; under load that was 70–100 MB of mostly garbage. 1.5× keeps it near what is live
  // (hub RSS in the token rounds 220–267 → 197–205 MB) for a few more, short, full collections.
  '--heap-growing-percent=50',
  // `gc`, for one memory-reducing collection when the hub goes quiet (main/hub/idle-memory.ts).
  '--expose-gc',
];

/**
 * glibc's malloc (Linux; other systems ignore the variable). Each thread that allocates gets an
 * arena of its own, and what a finished worker thread (a backup, the WAL checkpointer) or V8's
 * compiler threads freed stays in theirs: at most 2 arenas. And a fixed 128 KiB threshold for
 * serving a block from mmap: glibc otherwise raises it after the first large free (up to 32 MiB),
 * and large buffers then come from the heap and stay there once freed.
 */
const GLIBC_TUNABLES = ['glibc.malloc.arena_max=2', 'glibc.malloc.mmap_threshold=131072'];

/** The flags of `wanted` not already given by name in `given` (a user's own --max-semi-space-size=… wins). */
export function missingFlags(given: readonly string[], wanted: readonly string[] = HUB_NODE_FLAGS): string[] {
  const name = (flag: string) => flag.split('=')[0]!.replace(/_/g, '-');
  const present = new Set(given.map(name));
  return wanted.filter((flag) => !present.has(name(flag)));
}

/** `env` with the hub's allocator settings added; a tunable the user set by name keeps their value. */
export function hubEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const given = (env.GLIBC_TUNABLES ?? '').split(':').filter(Boolean);
  const missing = missingFlags(given, GLIBC_TUNABLES);
  return missing.length === 0 ? { ...env } : { ...env, GLIBC_TUNABLES: [...given, ...missing].join(':') };
}
