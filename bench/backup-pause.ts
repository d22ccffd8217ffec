// How long an automatic (in-hub) backup pauses the hub: a hub with N seeded tokens answers
// client_credentials requests from autocannon (its own process) while the hub backs itself up.
// Reports the hub's longest event-loop stall and the requests' latency, with and without a backup
// running, and the backup's size and duration.
//   node bench/backup-pause.ts [--tokens 200000] [--seconds 8] [--connections 16]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createHub } from '../main/hub/index.ts';
import { DB_FILE } from '../main/hub/store/db.ts';
import { BENCH_SCOPE } from './lib/common.ts';
import { seed } from './seed.ts';

const { values } = parseArgs({ options: { tokens: { type: 'string', default: '200000' }, seconds: { type: 'string', default: '8' }, connections: { type: 'string', default: '16' }, idle: { type: 'boolean' }, load: { type: 'string' } } });

/** Child mode: run autocannon against the URL in --load and print its result as JSON. */
if (values.load) {
  const job = JSON.parse(values.load) as { url: string; auth: string; seconds: number; connections: number };
  const probe = await fetch(`${job.url}/token`, { method: 'POST', headers: { authorization: job.auth, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', scope: BENCH_SCOPE }) });
  if (!probe.ok) throw new Error(`the hub refused the bench's token request: ${probe.status} ${await probe.text()}`);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const request = { method: 'POST', path: '/token', headers: { authorization: job.auth, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', scope: BENCH_SCOPE }).toString() };
    autocannon({ url: job.url, duration: job.seconds, connections: job.connections, requests: [request as autocannon.Request] }, (error, out) => (error ? reject(error) : resolve(out)));
  });
  process.stdout.write(JSON.stringify({ ok: result['2xx'], non2xx: result.non2xx, errors: result.errors, p99: result.latency.p99, max: result.latency.max }));
  process.exit(0);
}

const seconds = Number(values.seconds);
const connections = Number(values.connections);
const dataDir = mkdtempSync(join(tmpdir(), 'lanyard-backup-pause-'));

function runLoad(url: string, auth: string): Promise<{ ok: number; non2xx: number; errors: number; p99: number; max: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [import.meta.filename, '--load', JSON.stringify({ url, auth, seconds, connections })], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited ${code}`))));
  });
}

/** The longest stall of an idle hub over `seconds`: the machine's own noise floor. */
async function idleStall(seconds: number): Promise<{ longestStallMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  histogram.disable();
  return { longestStallMs: histogram.max / 1e6 };
}

try {
  const setup = await createHub({ dataDir, port: 0 }); // the schema, and the role seeded users hold
  await setup.admin.run('roles.create', { name: 'bench', scopes: [BENCH_SCOPE] }, 'bench');
  await setup.close();
  console.log(`seeding ${values.tokens} tokens…`);
  await seed({ dataDir, tokens: Number(values.tokens), expired: 0, clients: 200, users: 500 });
  const hub = await createHub({ dataDir, host: '127.0.0.1', port: 0, backupSchedule: { firstCheckMs: 3600_000 } });
  const { url } = await hub.listen();
  const { client, clientSecret } = await hub.admin.run('clients.create', { kind: 'service', name: 'Pause bench', scopes: [BENCH_SCOPE] }, 'bench');
  const auth = `Basic ${Buffer.from(`${client.clientId}:${clientSecret}`).toString('base64')}`;
  console.log(`database: ${(statSync(join(dataDir, DB_FILE)).size / 1024 ** 2).toFixed(0)} MB`);

  const stall = monitorEventLoopDelay({ resolution: 1 });
  const measure = async (withBackup: boolean) => {
    stall.reset();
    stall.enable();
    const load = runLoad(url, auth);
    let backup: { ms: number; size: number; longestStallMs: number } | undefined;
    if (withBackup) {
      await new Promise((resolve) => setTimeout(resolve, 1000)); // the load is running
      const only = monitorEventLoopDelay({ resolution: 1 });
      only.enable();
      const started = performance.now();
      const result = await hub.admin.run('backups.create', {}, 'bench');
      only.disable();
      backup = { ms: Math.round(performance.now() - started), size: result.backup.size, longestStallMs: only.max / 1e6 };
    }
    const requests = await load;
    stall.disable();
    return { longestStallMs: stall.max / 1e6, stallP99Ms: stall.percentile(99) / 1e6, requests, backup };
  };
  if (values.idle) {
    // No load: what the backup itself costs the hub's thread, free of the load's own noise.
    const idle = await idleStall(seconds);
    const only = monitorEventLoopDelay({ resolution: 1 });
    only.enable();
    const cpu = process.threadCpuUsage();
    const started = performance.now();
    const result = await hub.admin.run('backups.create', {}, 'bench');
    const used = process.threadCpuUsage(cpu);
    only.disable();
    const backup = { ms: Math.round(performance.now() - started), size: result.backup.size, longestStallMs: only.max / 1e6, hubThreadCpuMs: (used.user + used.system) / 1000 };
    console.log(JSON.stringify({ tokens: Number(values.tokens), idle, backup }, null, 2));
  } else {
    const without = await measure(false);
    const during = await measure(true);
    console.log(JSON.stringify({ tokens: Number(values.tokens), seconds, connections, without, during }, null, 2));
  }
  await hub.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
