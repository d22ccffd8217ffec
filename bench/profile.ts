// Where a request's time goes, one workload at a time, the hub alone or with the baseline:
// - default: a CPU profile of each measured round split into layers per request
//   (bench/lib/layers.ts), the CPU time per request from /proc (main thread and all threads),
//   and the GC's pauses;
// - --strace: also the main thread's system calls over the round (bench/lib/strace.ts);
// - --perf: also the main thread sampled by Linux perf, by shared object and symbol
//   (bench/lib/perf.ts): SQLite, V8, libc and the kernel apart;
// - --alloc: instead, bytes allocated per request by layer and site, garbage included
//   (bench/lib/allocations.ts): what the GC has to handle, the same whatever the machine's load;
// - --callgrind N: instead, instructions per request over N requests under valgrind
//   (bench/lib/callgrind.ts): repeatable on a busy machine, ~50× slower.
// See bench/README.md, "Where the time goes".
//   node bench/profile.ts [--workloads client_credentials,introspection,…] [--seconds 10]
//        [--connections 32] [--baseline] [--no-profile] [--strace] [--perf] [--alloc] [--callgrind N]
//        [--hub-node-flags="…"] [--bundled] [--keep DIR] [--top N] [--json FILE]
// --bundled runs both servers as the bench's side-by-side does (bench/lib/servers.ts), as the
// product ships; the layers then cannot tell files apart, so use it with --no-profile
// (and --perf for the native split).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hubEnvironment, missingFlags } from '../main/hub/node-flags.ts';
import { allocationsOf } from './lib/allocations.ts';
import { bundleServers, type BundledServers } from './lib/servers.ts';
import { callgrindWrapper, countInstructions } from './lib/callgrind.ts';
import { procCpuMs, start, type Child } from './lib/ipc.ts';
import { LAYERS, layersOf } from './lib/layers.ts';
import type { GcStats } from './lib/profiler.ts';
import { samplePerf } from './lib/perf.ts';
import { traceSyscalls } from './lib/strace.ts';
import type { Credentials } from './lib/common.ts';
import type { LoadJob, LoadResult, Workload } from './load.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const { values: flags } = parseArgs({
  options: {
    workloads: { type: 'string', default: 'client_credentials,introspection,refresh_token,authorization_code' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    baseline: { type: 'boolean', default: false },
    'no-profile': { type: 'boolean', default: false },
    strace: { type: 'boolean', default: false },
    perf: { type: 'boolean', default: false },
    alloc: { type: 'boolean', default: false },
    callgrind: { type: 'string' },
    'hub-node-flags': { type: 'string', default: '' },
    bundled: { type: 'boolean', default: false },
    keep: { type: 'string' },
    top: { type: 'string', default: '15' },
    json: { type: 'string' },
  },
});
const workloads = flags.workloads!.split(',') as Workload[];
const seconds = Number(flags.seconds);
const connections = Number(flags.connections);
const top = Number(flags.top);
const callgrindRequests = Number(flags.callgrind ?? 0);
const workDir = mkdtempSync(join(tmpdir(), 'lanyard-profile-'));
const profileDir = flags.keep ?? join(workDir, 'profiles');
const callgrindDir = join(workDir, 'callgrind');
mkdirSync(profileDir, { recursive: true });
const MB = 1024 * 1024;
const fmt = (n: number, d = 3) => n.toFixed(d);
const out = (line: string) => process.stdout.write(`${line}\n`);

type Measured = LoadResult & {
  mainCpuMsPerRequest: number; cpuMsPerRequest: number; rssMB: number; gc: GcStats;
  layersMsPerRequest?: Record<string, number>; top?: { name: string; layer: string; ms: number }[];
};

const jobFor = (server: Child, workload: Workload, credentials: Credentials): LoadJob => ({ url: server.ready.url, mintUrl: server.ready.mintUrl, workload, credentials, connections, duration: seconds });

/** One round with a CPU profile (or GC counters only), CPU time from /proc and, with --strace, system calls. */
async function measure(load: Child, server: Child, name: string, workload: Workload, credentials: Credentials): Promise<Measured> {
  const profiling = !flags['no-profile'];
  const job = jobFor(server, workload, credentials);
  await load.call('run', { ...job, duration: 3 }); // warm-up
  const prepared = await load.call<number>('prepare', job);
  await (profiling ? server.call('profileStart', { intervalUs: 250 }) : server.call('gcStart'));
  const strace = flags.strace ? traceSyscalls(server.pid) : undefined;
  const perf = flags.perf ? samplePerf(server.pid, top) : undefined;
  const [cpu0, main0] = [procCpuMs(server.pid), procCpuMs(server.pid, true)];
  const result = await load.call<LoadResult>('run', { prepared });
  const [cpuMs, mainMs] = [procCpuMs(server.pid) - cpu0, procCpuMs(server.pid, true) - main0];
  const answered = result.ok + result.non2xx;
  if (strace) out(`\n-- strace -c (main thread) of ${name} during ${workload} (${answered} requests):\n${await strace()}`);
  if (perf) out(`\n-- perf (main thread) of ${name} during ${workload} (${answered} requests):\n${await perf()}`);
  const file = join(profileDir, `${name}-${workload}.cpuprofile`);
  const gc = await (profiling ? server.call<GcStats>('profileStop', { file }) : server.call<GcStats>('gcStats'));
  const measured: Measured = { ...result, mainCpuMsPerRequest: mainMs / answered, cpuMsPerRequest: cpuMs / answered, rssMB: server.rss().rss / MB, gc };
  if (!profiling) return measured;
  const { layers, top: functions } = layersOf(file);
  measured.layersMsPerRequest = Object.fromEntries(Object.entries(layers).map(([layer, ms]) => [layer, ms / answered]));
  measured.top = functions.slice(0, top).map((entry) => ({ ...entry, ms: entry.ms / answered }));
  return measured;
}

function print(name: string, m: Measured): void {
  const gcLine = Object.entries(m.gc).map(([kind, s]) => `${kind} ${s.count}× ${fmt(s.ms, 0)} ms (max ${fmt(s.maxMs, 1)})`).join(', ');
  out(`\n== ${name} ${m.workload}: ${fmt(m.rps, 0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, ${m.non2xx + m.errors} failed, CPU ${fmt(m.mainCpuMsPerRequest)} ms/request on the main thread (${fmt(m.cpuMsPerRequest)} all threads), RSS ${fmt(m.rssMB, 0)} MB`);
  out(`   GC: ${gcLine || 'none'}`);
  if (!m.layersMsPerRequest) return;
  const busy = Object.entries(m.layersMsPerRequest).filter(([layer]) => layer !== 'idle').reduce((sum, [, ms]) => sum + ms, 0);
  out(`   profile: ${fmt(busy)} ms busy per request`);
  for (const layer of LAYERS) {
    const ms = m.layersMsPerRequest[layer] ?? 0;
    if (layer !== 'idle' && ms >= 0.0005) out(`     ${layer.padEnd(24)} ${fmt(ms)} ms  ${fmt((100 * ms) / busy, 1).padStart(5)} %`);
  }
  out('   top functions (self, ms per request):');
  for (const entry of m.top ?? []) if (!entry.name.startsWith('(idle)')) out(`     ${fmt(entry.ms, 4)}  ${entry.layer.padEnd(22)} ${entry.name}`);
}

/** --callgrind: a warm-up of as many requests, then the counted ones. */
async function instructions(load: Child, server: Child, name: string, workload: Workload, credentials: Credentials) {
  const job = { ...jobFor(server, workload, credentials), amount: callgrindRequests };
  await load.call('run', job); // the JIT settles
  const prepared = await load.call<number>('prepare', job);
  let result: LoadResult | undefined;
  const counted = await countInstructions(server.pid, callgrindDir, async () => { result = await load.call<LoadResult>('run', { prepared }); }, top);
  const answered = result!.ok + result!.non2xx;
  const k = (ir: number) => fmt(ir / answered / 1000, 1);
  const helpers = counted.total - counted.main - counted.workers;
  out(`\n== ${name} ${workload}: ${k(counted.main)} k instructions per request on the main thread, ${k(helpers)} k on V8's helper threads (GC), ${k(counted.workers)} k on worker threads; ${k(counted.total)} k in all (${answered} requests, ${result!.non2xx + result!.errors} failed)`);
  out('   main thread by object:');
  for (const [object, ir] of Object.entries(counted.mainByObject).sort((a, b) => b[1] - a[1]).slice(0, 8)) out(`     ${k(ir).padStart(8)} k  ${object}`);
  out('   main thread top functions (self, k instructions per request):');
  for (const entry of counted.top) out(`     ${k(entry.ir).padStart(8)} k  ${entry.fn}`);
  return { workload, irPerRequest: counted.total / answered, mainIrPerRequest: counted.main / answered, helperIrPerRequest: helpers / answered, workerIrPerRequest: counted.workers / answered, byObject: counted.byObject };
}

/** --alloc: a warm-up, then one round with V8's sampling heap profiler keeping garbage too. */
async function allocations(load: Child, server: Child, name: string, workload: Workload, credentials: Credentials) {
  const job = jobFor(server, workload, credentials);
  await load.call('run', { ...job, duration: 3 });
  const prepared = await load.call<number>('prepare', job);
  await server.call('heapSampleStart', { all: true });
  const result = await load.call<LoadResult>('run', { prepared });
  const file = join(profileDir, `${name}-${workload}.heapprofile`);
  await server.call('heapSampleStop', { file });
  const answered = result.ok + result.non2xx;
  const { total, layers, sites } = allocationsOf(file);
  const kb = (bytes: number) => fmt(bytes / answered / 1024, 1);
  out(`\n== ${name} ${workload}: ${kb(total)} KB allocated per request (${answered} requests)`);
  for (const [layer, bytes] of [...layers].sort((a, b) => b[1] - a[1]).slice(0, 12)) out(`     ${kb(bytes).padStart(6)} KB  ${layer}`);
  out('   top sites (bytes per request):');
  for (const [site, bytes] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, top)) out(`     ${fmt(bytes / answered, 0).padStart(6)}  ${site.slice(0, 220)}`);
  return { workload, bytesPerRequest: total / answered, layers: Object.fromEntries([...layers].map(([layer, bytes]) => [layer, bytes / answered])) };
}

const results: Record<string, unknown[]> = {};
let load: Child | undefined;
const servers: Child[] = [];
let bundled: BundledServers | undefined;
try {
  if (flags.bundled) {
    if (!flags['no-profile']) out('--bundled: the layers below cannot tell files apart in a bundle; add --no-profile (with --perf for the native split)');
    bundled = await bundleServers(join(HERE, '..'));
  }
  load = await start(join(HERE, 'load.ts'));
  const wrapper = callgrindRequests ? callgrindWrapper(callgrindDir) : undefined;
  const given = flags['hub-node-flags']!.split(' ').filter(Boolean);
  const hub = await start(bundled?.hubServer ?? join(HERE, 'hub-server.ts'), [join(workDir, 'hub')], [...given, ...missingFlags(given)], { wrapper, env: hubEnvironment(process.env) });
  servers.push(hub);
  const idleRss = hub.rss().rss / MB;
  const credentials = await hub.call<Credentials>('setup');
  if (callgrindRequests) await hub.call('noAutomaticBackups');
  out(`hub RSS after start: ${fmt(idleRss, 0)} MB; profiles in ${profileDir}`);
  const sides: [string, Child][] = [['hub', hub]];
  if (flags.baseline) {
    const baseline = await start(bundled?.baselineServer ?? join(HERE, 'baseline-server.ts'), [JSON.stringify(credentials)], [], { wrapper });
    servers.push(baseline);
    sides.push(['baseline', baseline]);
  }
  for (const workload of workloads) {
    for (const [name, server] of sides) {
      if (callgrindRequests) (results[name] ??= []).push(await instructions(load, server, name, workload, credentials));
      else if (flags.alloc) (results[name] ??= []).push(await allocations(load, server, name, workload, credentials));
      else {
        const measured = await measure(load, server, name, workload, credentials);
        (results[name] ??= []).push(measured);
        print(name, measured);
      }
    }
  }
  const smaps = readFileSync(`/proc/${hub.pid}/smaps_rollup`, 'utf8').split('\n').filter((line) => /^(Rss|Anonymous|Shared_Clean|Private_Clean|Private_Dirty):/.test(line)).map((line) => line.replace(/\s+/g, ' ')).join(', ');
  out(`\nhub memory after the rounds: ${JSON.stringify(await hub.call('heap'))}\n  ${smaps}`);
  if (flags.json) writeFileSync(flags.json, JSON.stringify({ idleRss, results }, null, 2));
} finally {
  for (const server of servers) await server.stop();
  await load?.stop();
  await bundled?.remove();
  rmSync(flags.keep ? join(workDir, 'hub') : workDir, { recursive: true, force: true });
}
