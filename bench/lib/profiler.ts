// In-process measuring ops a server child offers over IPC (bench/lib/ipc.ts): a V8 CPU profile
// of exactly one measured round (inspector session on the server's own thread), and the
// garbage collector's pauses over the same span.
import { Session } from 'node:inspector/promises';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-callbacks',
};

export type GcStats = Record<string, { count: number; ms: number; maxMs: number }>;

export function profilerOps() {
  let session: Session | undefined;
  let gc: GcStats = {};
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = GC_KINDS[((entry as unknown as { detail: { kind: number } }).detail).kind] ?? 'other';
      const stat = (gc[kind] ??= { count: 0, ms: 0, maxMs: 0 });
      stat.count += 1;
      stat.ms += entry.duration;
      stat.maxMs = Math.max(stat.maxMs, entry.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    /** Starts a CPU profile (sampling every `intervalUs`) and resets the GC counters. */
    async profileStart({ intervalUs = 200 }: { intervalUs?: number } = {}) {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
      await session.post('Profiler.start');
      gc = {};
      return true;
    },
    /** Stops it and writes the .cpuprofile to `file`; returns the GC pauses since the start. */
    async profileStop({ file }: { file: string }) {
      if (!session) throw new Error('no profile running');
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      session = undefined;
      writeFileSync(file, JSON.stringify(profile));
      return gc;
    },
    /**
     * V8's sampling heap profiler over a round: which allocation sites the objects still alive
     * at the end come from (what gets promoted and kept, not what is allocated and dropped).
     */
    async heapSampleStart({ all = false }: { all?: boolean } = {}) {
      session = new Session();
      session.connect();
      await session.post('HeapProfiler.enable');
      // `all`: every allocation, garbage included (where the bytes the GC has to handle come from).
      await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: all, includeObjectsCollectedByMinorGC: all });
      return true;
    },
    async heapSampleStop({ file }: { file: string }) {
      if (!session) throw new Error('no heap sampling running');
      const { profile } = await session.post('HeapProfiler.stopSampling');
      session.disconnect();
      session = undefined;
      writeFileSync(file, JSON.stringify(profile));
      return true;
    },
    gcStart() {
      gc = {};
      return true;
    },
    gcStats: () => gc,
    /** Where the memory is: V8's spaces (committed MB) and the process's usage. */
    heap() {
      const MB = 1024 * 1024;
      const spaces = Object.fromEntries(getHeapSpaceStatistics().filter((space) => space.space_size > 0).map((space) => [space.space_name, +(space.physical_space_size / MB).toFixed(1)]));
      const usage = Object.fromEntries(Object.entries(process.memoryUsage()).map(([key, bytes]) => [key, +(bytes / MB).toFixed(1)]));
      return { usage, spaces };
    },
  };
}
