// V8 flags for the process that runs the hub, chosen by measurement (bench/README.md, "V8 flags
// for the hub's process"). `lanyard serve` restarts itself with them before anything else loads
// (bin/lanyard.js); the desktop app's hub utility process gets them as its execArgv. They tune
// memory and garbage collection only: the hub behaves the same without them.
export const HUB_NODE_FLAGS: readonly string[] = [
  // Under load V8 (Node 24, 64-bit) grows the young generation to 64–106 MB, most of the
  // hub's RSS beyond its idle size; 16 MB semi-spaces keep it to 32 MB at the cost of more
  // frequent scavenges (bench/README.md, "V8 flags for the hub's process").
  '--max-semi-space-size=16',
  // `gc`, for one memory-reducing collection when the hub goes quiet (main/hub/idle-memory.ts).
  '--expose-gc',
];

/** The flags of `wanted` not already given by name in `given` (a user's own --max-semi-space-size=… wins). */
export function missingFlags(given: readonly string[], wanted: readonly string[] = HUB_NODE_FLAGS): string[] {
  const name = (flag: string) => flag.split('=')[0]!.replace(/_/g, '-');
  const present = new Set(given.map(name));
  return wanted.filter((flag) => !present.has(name(flag)));
}
