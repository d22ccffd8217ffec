// `npm run bench`: the hub against bare oidc-provider, the hub at scale, and its start-up.
// Servers and the load generator each run in a process of their own; see bench/README.md.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hashPassword, verifyPassword } from '../main/hub/security/passwords.ts';
import { HUB_NODE_FLAGS, hubEnvironment, missingFlags } from '../main/hub/node-flags.ts';
import { buildCli } from '../scripts/build-cli.mjs';
import { bundleServers } from './lib/servers.ts';
import { DB_FILE } from '../main/hub/store/db.ts';
import { procCpuMs, procRss, start, type Child } from './lib/ipc.ts';
import type { Credentials } from './lib/common.ts';
import type { LoadResult, Workload } from './load.ts';
import { seed, type SeedResult } from './seed.ts';
import { buildConsole, consoleUnavailable, measureConsole } from './console.ts';
import { desktopHubIdle } from './desktop-hub.ts';
import { checkDurability } from './durability.ts';
import { COMPARABLE_FAILED_SHARE, report, TARGETS } from './report.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    connections: { type: 'string' },
    rounds: { type: 'string' },
    scale: { type: 'string' },
    'skip-scale': { type: 'boolean', default: false },
    'skip-side-by-side': { type: 'boolean', default: false },
    'skip-console': { type: 'boolean', default: false },
    'skip-durability': { type: 'boolean', default: false },
    workloads: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'hub-node-flags': { type: 'string' },
    out: { type: 'string' },
  },
});
const num = (value: string | undefined, fallback: number) => (value === undefined ? fallback : Number(value.replace(/[_,]/g, '')));
const quick = flags.quick!;
const config = {
  quick,
  duration: num(flags.duration, quick ? 1 : 10),
  connections: num(flags.connections, quick ? 2 : 32),
  rounds: num(flags.rounds, quick ? 1 : 2),
  scale: num(flags.scale, quick ? 2000 : 1_000_000),
  skipScale: flags['skip-scale']!,
  skipSideBySide: flags['skip-side-by-side']!,
  skipConsole: flags['skip-console']!,
  skipDurability: flags['skip-durability']!,
  /** Milliseconds of load before the durability check's kill -9. */
  killAfterMs: quick ? 500 : 3000,
  /** Seconds a freshly started hub is left alone before its idle RSS is read: past its idle collection (main/hub/idle-memory.ts). */
  idleSettleSeconds: quick ? 1 : 15,
  /** Seconds after start of the desktop hub's second idle reading: past its first automatic backup (60 s, a worker thread). */
  idleAfterBackupSeconds: quick ? undefined : 90,
  consoleRepetitions: quick ? 1 : 5,
  consoleScrollSteps: quick ? 3 : 20,
  startupRuns: quick ? 1 : 3,
  adminCalls: quick ? 5 : 50,
  profile: flags.profile!,
  hubNodeFlags: (flags['hub-node-flags'] ?? '').split(' ').filter(Boolean),
};
for (const [key, value] of Object.entries(config)) if (typeof value === 'number' && !(value > 0)) throw new Error(`--${key} must be a positive number`);
const scaleClients = Math.max(10, Math.min(10_000, Math.round(config.scale / 100)));
const scaleUsers = Math.max(10, Math.min(1000, Math.round(config.scale / 1000)));
const scaleExpired = Math.round(config.scale / 10);

// Password last: its scrypt calls queue up in the hub (one at a time per username, see
// oauth/accounts.ts) and outlive the round, which would slow whatever round came next.
const ALL_WORKLOADS: Workload[] = ['client_credentials', 'introspection', 'refresh_token', 'authorization_code', 'password'];
/** --workloads a,b: only those side by side (a short check of one workload); the order stays ALL_WORKLOADS'. */
const only = flags.workloads?.split(',').map((name) => name.trim()).filter(Boolean);
const unknownWorkload = only?.find((name) => !ALL_WORKLOADS.includes(name as Workload));
if (unknownWorkload) throw new Error(`--workloads: unknown workload ${unknownWorkload} (one of ${ALL_WORKLOADS.join(', ')})`);
const WORKLOADS = only ? ALL_WORKLOADS.filter((workload) => only.includes(workload)) : ALL_WORKLOADS;
const resultsDir = join(HERE, 'results');
const workDir = mkdtempSync(join(tmpdir(), 'lanyard-bench-'));
const t0 = performance.now();
const log = (line: string) => process.stdout.write(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const MB = 1024 * 1024;
const profArgs = (name: string) => (config.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(resultsDir, 'profiles')}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : []);

/** The hub's processes run with the flags `lanyard serve` gives itself (main/hub/node-flags.ts); --hub-node-flags adds to or overrides them. */
const hubFlags = [...config.hubNodeFlags, ...missingFlags(config.hubNodeFlags)];
/** ... and the allocator settings it gives its environment. */
const hubEnv = hubEnvironment(process.env);
// The servers run as bundles, as the product ships the hub (lib/servers.ts); `lanyard serve`
// (start-up, idle) runs the command's bundle, built here from the sources as they are.
const servers = await bundleServers(ROOT);
await buildCli({ logLevel: 'error' });
const startHub = (dataDir: string, name: string, consoleDir = '') => start(servers.hubServer, [dataDir, consoleDir], [...hubFlags, ...profArgs(name)], { env: hubEnv });
const startBaseline = (credentials: Credentials) => start(servers.baselineServer, [JSON.stringify(credentials)], profArgs('baseline'));

/** `cpuMsPerRequest`: the server's main thread, from /proc: it holds up on a busy machine where req/s does not. */
type Round = LoadResult & { rssMB: number; cpuMsPerRequest: number };
/** rps counts successful answers only; `failedShare` = failed ÷ (successful + failed) over all rounds. */
type Side = { rounds: Round[]; rps: number; p50: number; p99: number; cpuMsPerRequest: number; rssMB: number; failed: number; failedShare: number };
const failedOf = (r: LoadResult) => r.non2xx + r.errors + r.timeouts;
const summarize = (rounds: Round[]): Side => {
  const failed = rounds.reduce((sum, r) => sum + failedOf(r), 0);
  const ok = rounds.reduce((sum, r) => sum + r.ok, 0);
  return {
    rounds,
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    cpuMsPerRequest: median(rounds.map((r) => r.cpuMsPerRequest)),
    rssMB: Math.max(...rounds.map((r) => r.rssMB)),
    failed,
    failedShare: failed / Math.max(1, ok + failed),
  };
};
const codesNote = (r: LoadResult) => (r.codes ? `  codes: ${r.codes.minted} minted, ${r.codes.used} used, ${r.codes.dropped} dropped, ${r.codes.starved} starved` : '');

async function runLoad(load: Child, server: Child, workload: Workload, credentials: Credentials, duration = config.duration): Promise<Round> {
  const prepared = await load.call<number>('prepare', { url: server.ready.url, mintUrl: server.ready.mintUrl, workload, credentials, duration, connections: config.connections });
  const cpu0 = procCpuMs(server.pid, true);
  const result = await load.call<LoadResult>('run', { prepared });
  const cpuMs = procCpuMs(server.pid, true) - cpu0;
  return { ...result, rssMB: server.rss().rss / MB, cpuMsPerRequest: cpuMs / Math.max(1, result.ok + result.non2xx) };
}

async function measureScrypt() {
  const n = quick ? 2 : 8;
  const hash = await hashPassword('bench-password-123');
  const times = async (work: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const t = performance.now();
      await work();
      samples.push(performance.now() - t);
    }
    return median(samples);
  };
  const hashMs = await times(() => hashPassword('bench-password-123'));
  const verifyMs = await times(() => verifyPassword('bench-password-123', hash));
  // As many at once as the load generator keeps in flight: what the thread pool sustains.
  const parallel = config.connections * (quick ? 1 : 2);
  const t = performance.now();
  await Promise.all(Array.from({ length: parallel }, () => verifyPassword('bench-password-123', hash)));
  const verifyPerSecond = parallel / ((performance.now() - t) / 1000);
  return { hashMs, verifyMs, verifyPerSecond, threadPool: Number(process.env.UV_THREADPOOL_SIZE ?? 4) };
}

/** 1. The hub against the baseline, alternating hub, baseline, hub, baseline per workload. */
async function sideBySide(load: Child) {
  const hubDir = join(workDir, 'side-by-side');
  log('side by side: starting the hub and the baseline');
  const hub = await startHub(hubDir, 'hub');
  const credentials = await hub.call<Credentials>('setup');
  await new Promise((resolve) => setTimeout(resolve, config.idleSettleSeconds * 1000));
  const idleMB = hub.rss().rss / MB;
  log(`hub RSS idle after start: ${idleMB.toFixed(0)} MB`);
  const baseline = await startBaseline(credentials);
  try {
    // Warm both up (JIT, caches) before anything is measured.
    const warm = Math.min(2, config.duration);
    for (const server of [hub, baseline]) for (const workload of ['client_credentials', 'introspection'] as Workload[]) await runLoad(load, server, workload, credentials, warm);
    const workloads: Record<string, { hub: Side; baseline: Side; ratio: number; p99Ratio: number; cpuRatio: number; comparable: boolean }> = {};
    for (const workload of WORKLOADS) {
      const rounds = { hub: [] as Round[], baseline: [] as Round[] };
      for (let round = 1; round <= config.rounds; round += 1) {
        for (const [name, server] of [['hub', hub], ['baseline', baseline]] as const) {
          const result = await runLoad(load, server, workload, credentials);
          rounds[name].push(result);
          log(`${workload.padEnd(18)} round ${round} ${name.padEnd(8)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  RSS ${result.rssMB.toFixed(0)} MB${failedOf(result) ? `  (${failedOf(result)} failed: ${result.firstError ?? '?'})` : ''}${codesNote(result)}`);
        }
      }
      const hubSide = summarize(rounds.hub);
      const baseSide = summarize(rounds.baseline);
      const comparable = hubSide.failedShare <= COMPARABLE_FAILED_SHARE && baseSide.failedShare <= COMPARABLE_FAILED_SHARE;
      workloads[workload] = { hub: hubSide, baseline: baseSide, ratio: hubSide.rps / baseSide.rps, p99Ratio: hubSide.p99 / baseSide.p99, cpuRatio: baseSide.cpuMsPerRequest / hubSide.cpuMsPerRequest, comparable };
    }
    return { workloads, rss: { hubIdleMB: idleMB, hubMB: hub.rss().rss / MB, hubPeakMB: hub.rss().peak / MB, baselineMB: baseline.rss().rss / MB, baselinePeakMB: baseline.rss().peak / MB } };
  } finally {
    await hub.stop();
    await baseline.stop();
  }
}

function dbSize(dataDir: string) {
  const size = (file: string) => { try { return statSync(join(dataDir, file)).size; } catch { return 0; } };
  return { dbMB: size(DB_FILE) / MB, walMB: size(`${DB_FILE}-wal`) / MB, totalMB: (size(DB_FILE) + size(`${DB_FILE}-wal`) + size(`${DB_FILE}-shm`)) / MB };
}

/** 2. The hub on a seeded database against the hub on an empty one. */
async function scale(load: Child) {
  const emptyDir = join(workDir, 'empty');
  const seededDir = join(workDir, 'seeded');
  log(`scale: seeding ${config.scale.toLocaleString('en')} live + ${scaleExpired.toLocaleString('en')} expired tokens, ${scaleClients.toLocaleString('en')} clients, ${scaleUsers.toLocaleString('en')} users`);
  const setup = await startHub(seededDir, 'hub-setup');
  const credentials = await setup.call<Credentials>('setup');
  await setup.stop();
  const seeded: SeedResult = await seed({
    dataDir: seededDir, tokens: config.scale, expired: scaleExpired, clients: scaleClients, users: scaleUsers,
    onProgress: (done, total, seconds) => log(`seeded ${done.toLocaleString('en')} / ${total.toLocaleString('en')} tokens (${seconds.toFixed(0)} s)`),
  });
  log(`seeded in ${seeded.seconds.toFixed(1)} s (${Math.round((seeded.tokens + seeded.expired) / seeded.seconds).toLocaleString('en')} rows/s); database ${dbSize(seededDir).totalMB.toFixed(0)} MB`);
  // The console's production build, served by the seeded hub at /console/ (bench/console.ts).
  const consoleSkip = config.skipConsole ? '--skip-console' : consoleUnavailable();
  let consoleDir: string | undefined;
  let consoleBuildMs = 0;
  if (consoleSkip) log(`console: skipped (${consoleSkip})`);
  else {
    consoleDir = join(workDir, 'console-build');
    consoleBuildMs = await buildConsole(ROOT, consoleDir);
    log(`console: built in ${(consoleBuildMs / 1000).toFixed(1)} s`);
  }

  const emptyHub = await startHub(emptyDir, 'hub-empty');
  const emptyCredentials = await emptyHub.call<Credentials>('setup');
  const startedAt = performance.now();
  const seededHub = await startHub(seededDir, 'hub-seeded', consoleDir);
  const startMs = performance.now() - startedAt;
  await seededHub.call('use', credentials);
  try {
    // First, before the hub's own purger (every minute) gets to them: the expired rows.
    const purge = await seededHub.call<{ removed: number; ms: number }>('purge');
    log(`purged ${purge.removed.toLocaleString('en')} expired rows in ${purge.ms.toFixed(0)} ms`);
    const admin = await seededHub.call('adminTimings', { clientId: seeded.busiestClient, depth: 100, calls: config.adminCalls });
    log(`tokens.list first page p50 ${admin.firstPage.p50.toFixed(1)} ms p99 ${admin.firstPage.p99.toFixed(1)} ms; client-filtered page ${admin.deepPage.page} p50 ${admin.deepPage.p50.toFixed(1)} ms p99 ${admin.deepPage.p99.toFixed(1)} ms`);

    const rounds: Record<string, { empty: Round[]; seeded: Round[] }> = { client_credentials: { empty: [], seeded: [] }, introspection: { empty: [], seeded: [] } };
    for (const server of [emptyHub, seededHub]) await runLoad(load, server, 'client_credentials', server === emptyHub ? emptyCredentials : credentials, Math.min(2, config.duration));
    for (const workload of ['client_credentials', 'introspection'] as Workload[]) {
      for (let round = 1; round <= config.rounds; round += 1) {
        for (const [name, server, creds] of [['empty', emptyHub, emptyCredentials], ['seeded', seededHub, credentials]] as const) {
          const result = await runLoad(load, server, workload, creds);
          rounds[workload]![name].push(result);
          log(`${workload.padEnd(18)} round ${round} ${name.padEnd(8)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  RSS ${result.rssMB.toFixed(0)} MB`);
        }
      }
    }
    const side = (workload: string) => {
      const empty = summarize(rounds[workload]!.empty);
      const full = summarize(rounds[workload]!.seeded);
      return { empty, seeded: full, ratio: full.rps / empty.rps };
    };
    const rss = seededHub.rss();
    const memory = await seededHub.call<NodeJS.MemoryUsage>('memory');
    // Last, so that its requests are not in the hub's RSS or the rounds above.
    let consoleResult: Record<string, unknown> = { skipped: consoleSkip };
    if (consoleDir) {
      const account = { username: 'bench-admin', password: 'bench-admin-password' };
      await seededHub.call('addAdmin', account);
      try {
        consoleResult = { buildMs: consoleBuildMs, ...(await measureConsole({ url: seededHub.ready.url, ...account, repetitions: config.consoleRepetitions, scrollSteps: config.consoleScrollSteps, stepMs: 150, log })) };
      } catch (error) {
        log(`console: failed: ${(error as Error).message}`);
        consoleResult = { error: (error as Error).stack ?? String(error) };
      }
    }
    return {
      console: consoleResult,
      seed: seeded,
      hubStartMs: startMs,
      purge,
      admin,
      clientCredentials: side('client_credentials'),
      introspection: side('introspection'),
      database: dbSize(seededDir),
      rss: { seededMB: rss.rss / MB, seededPeakMB: rss.peak / MB, heapUsedMB: memory.heapUsed / MB, emptyMB: emptyHub.rss().rss / MB },
      dirs: { emptyDir, seededDir },
    };
  } finally {
    await emptyHub.stop();
    await seededHub.stop();
  }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * Spawns `lanyard serve` and times it until discovery answers 200; with `idle`, then leaves it
 * alone for idleSettleSeconds and reads its RSS (the footprint of a hub nobody is using).
 */
async function timeStartup(dataDir: string, idle = false): Promise<{ ms: number; idleMB?: number }> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', join(ROOT, 'bin', 'lanyard.js'), 'serve', '--data', dataDir, '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`lanyard serve exited with ${child.exitCode}: ${stderr}`);
      if (performance.now() - began > 60_000) throw new Error('lanyard serve did not answer within 60 s');
      try {
        const response = await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`);
        await response.arrayBuffer();
        if (response.status === 200) {
          const ms = performance.now() - began;
          if (!idle) return { ms };
          await new Promise((resolve) => setTimeout(resolve, config.idleSettleSeconds * 1000));
          return { ms, idleMB: procRss(child.pid!).rss / MB };
        }
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function startup(dirs: { emptyDir?: string; seededDir?: string }) {
  const fresh: number[] = [];
  for (let i = 0; i < config.startupRuns; i += 1) {
    const dir = join(workDir, `fresh-${i}`);
    fresh.push((await timeStartup(dir)).ms);
  }
  const emptyDir = dirs.emptyDir ?? join(workDir, 'fresh-0');
  const run = async (dir: string, idle = false) => {
    const samples: number[] = [];
    const idleMB: number[] = [];
    for (let i = 0; i < config.startupRuns; i += 1) {
      const started = await timeStartup(dir, idle && i === 0);
      samples.push(started.ms);
      if (started.idleMB !== undefined) idleMB.push(started.idleMB);
    }
    return { samples, median: median(samples), ...(idle ? { idleMB: { samples: idleMB, median: median(idleMB) } } : {}) };
  };
  const empty = await run(emptyDir, true);
  log(`start-up, empty database: ${empty.samples.map((ms) => ms.toFixed(0)).join(', ')} ms; idle RSS ${empty.idleMB!.samples.map((mb) => mb.toFixed(0)).join(', ')} MB`);
  const desktop = await desktopHubIdle({ root: ROOT, dataDir: join(workDir, 'desktop'), execArgv: HUB_NODE_FLAGS, env: hubEnv, settleSeconds: config.idleSettleSeconds, afterBackupSeconds: config.idleAfterBackupSeconds });
  log(`desktop hub bundle: idle RSS ${desktop.idleMB.toFixed(0)} MB${desktop.afterBackupMB === undefined ? '' : `, ${desktop.afterBackupMB.toFixed(0)} MB after its first automatic backup`}`);
  const seeded = dirs.seededDir ? await run(dirs.seededDir) : null;
  if (seeded) log(`start-up, seeded database: ${seeded.samples.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  return { firstStart: { samples: fresh, median: median(fresh) }, empty, seeded, desktop };
}

// ------------------------------------------------------------------------------------ main

const startedAt = new Date();
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the results JSON, filled section by section
const results: Record<string, any> = {
  startedAt: startedAt.toISOString(),
  config,
  machine: { node: process.versions.node, cpus: (await import('node:os')).cpus().length, platform: process.platform, arch: process.arch },
  targets: TARGETS,
};
let load: Child | undefined;
try {
  log(`working in ${workDir}`);
  results.scrypt = await measureScrypt();
  load = await start(join(HERE, 'load.ts'));
  results.sideBySide = config.skipSideBySide ? null : await sideBySide(load);
  results.durability = config.skipDurability ? null : await checkDurability({ load, hubServer: servers.hubServer, execArgv: hubFlags, env: hubEnv, dataDir: join(workDir, 'durability'), connections: config.connections, killAfterMs: config.killAfterMs, log });
  if (results.durability) log(`durability: ${results.durability.checked} tokens introspected after the restart, ${results.durability.lost} lost`);
  results.scale = config.skipScale ? null : await scale(load);
  results.console = results.scale?.console ?? { skipped: '--skip-scale' };
  if (results.scale) delete results.scale.console;
  await load.stop();
  load = undefined;
  results.startup = await startup(results.scale?.dirs ?? {});
  results.finishedAt = new Date().toISOString();
  process.stdout.write(`${report(results, config)}\n`);
  const file = flags.out ?? join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nJSON: ${file}\n`);
} finally {
  await load?.stop();
  rmSync(workDir, { recursive: true, force: true });
  await servers.remove();
}
