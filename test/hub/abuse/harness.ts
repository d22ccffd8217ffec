// The abuse suite's tools: a real `lanyard serve` child process on loopback (so its RSS and
// log can be measured and it can be killed with -9), bounded request floods from distinct
// 127.0.0.x source addresses, a legitimate client running alongside, and row counts read
// from the hub's SQLite file. Every loop is bounded in time and in count.
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The checkout under test: this one, or another (`LANYARD_ABUSE_ROOT`) to measure "before". */
export const ROOT = process.env.LANYARD_ABUSE_ROOT ?? join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'lanyard.js');
const DB_FILE = 'lanyard.db';

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'lanyard-abuse-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs one `lanyard` command against `dataDir` and returns its parsed --json output. */
export function cli<T = unknown>(dataDir: string, args: string[], input?: string): T {
  const result = spawnSync(process.execPath, [BIN, ...args, '--data', dataDir, '--json'], { input, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`lanyard ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return (result.stdout.trim() ? JSON.parse(result.stdout) : undefined) as T;
}

/** Like cli(), without blocking the event loop (several can run at once). */
export function cliJson<T = unknown>(dataDir: string, args: string[], input?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data', dataDir, '--json'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code) => (code === 0 ? resolve((stdout.trim() ? JSON.parse(stdout) : undefined) as T) : reject(new Error(`lanyard ${args.join(' ')} failed (${code}): ${stderr}`))));
    child.stdin!.end(input ?? '');
  });
}

/** Timed `lanyard` command, for the "read-only commands take no write lock" case. */
export function cliAsync(dataDir: string, args: string[]): Promise<{ code: number | null; ms: number; stderr: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data', dataDir, '--json'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code) => resolve({ code, ms: performance.now() - started, stderr }));
  });
}

/** Writes hub settings straight into the data directory (there is no CLI for them). */
export function writeSettings(dataDir: string, patch: Record<string, unknown>): void {
  const db = new Database(join(dataDir, DB_FILE));
  try {
    const current = db.prepare("SELECT value FROM settings WHERE key = 'hub'").pluck().get() as string | undefined;
    const value = { ...(current ? (JSON.parse(current) as Record<string, unknown>) : {}), ...patch };
    db.prepare("INSERT INTO settings (key, value) VALUES ('hub', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(JSON.stringify(value));
  } finally {
    db.close();
  }
}

/** Opens the hub's database read-only, for counting what a flood left behind. */
export function readDb<T>(dataDir: string, work: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, DB_FILE), { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  try {
    return work(db);
  } finally {
    db.close();
  }
}

export function modelRows(dataDir: string): Record<string, number> {
  return readDb(dataDir, (db) => {
    const rows = db.prepare('SELECT model, count(*) AS n FROM oidc_models GROUP BY model').all() as { model: string; n: number }[];
    const counts: Record<string, number> = Object.fromEntries(rows.map((row) => [row.model, row.n]));
    counts.tokens = db.prepare('SELECT count(*) FROM tokens').pluck().get() as number;
    counts.audit = db.prepare('SELECT count(*) FROM audit_events').pluck().get() as number;
    return counts;
  });
}

/** Bytes of the database file and its WAL. */
export function dbBytes(dataDir: string): number {
  let total = 0;
  for (const suffix of ['', '-wal']) {
    const file = join(dataDir, DB_FILE + suffix);
    if (existsSync(file)) total += statSync(file).size;
  }
  return total;
}

export type ServeChild = {
  url: string;
  pid: number;
  dataDir: string;
  /** Resident set size of the hub process, in MB. */
  rssMb(): number;
  /** Bytes the hub has logged so far (stdout + stderr). */
  logBytes(): number;
  log(): string;
  stop(): Promise<void>;
  /** SIGKILL: no shutdown code runs. */
  kill9(): Promise<void>;
};

/** Starts `lanyard serve` on 127.0.0.1, a free port, JSON logs; resolves once it listens. */
export async function serve(dataDir: string, extraArgs: string[] = []): Promise<ServeChild> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--data', dataDir, '--port', '0', '--host', '127.0.0.1', '--json', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LANYARD_LOG_LEVEL: 'info' },
  });
  const chunks: Buffer[] = [];
  let bytes = 0;
  const collect = (chunk: Buffer) => {
    bytes += chunk.length;
    if (chunks.length < 20_000) chunks.push(chunk); // keep a bounded copy for inspection
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lanyard serve did not start in 60 s:\n${Buffer.concat(chunks).toString('utf8')}`)), 60_000);
    const look = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(Buffer.concat(chunks).toString('utf8'));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`lanyard serve exited (${code}):\n${Buffer.concat(chunks).toString('utf8')}`));
    });
  });

  return {
    url,
    pid: child.pid!,
    dataDir,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    logBytes: () => bytes,
    log: () => Buffer.concat(chunks).toString('utf8'),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    async kill9() {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export type Answer = { status: number; headers: IncomingHttpHeaders; body: string };

export type Call = {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body with Transfer-Encoding: chunked instead of Content-Length. */
  chunked?: boolean;
};

const agents = new Map<string, Agent>();
/** One keep-alive agent per source address, so a flood really comes from that address. */
function agentFor(localAddress: string): Agent {
  let agent = agents.get(localAddress);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: 64, localAddress });
    agents.set(localAddress, agent);
  }
  return agent;
}

export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

/** One HTTP request from `from` (a 127.0.0.x address). Network errors resolve as status 0. */
export function call(base: string, from: string, input: Call, timeoutMs = 15_000): Promise<Answer> {
  const target = new URL(input.path, base);
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...input.headers };
    if (input.body !== undefined && !input.chunked) headers['Content-Length'] = Buffer.byteLength(input.body);
    const req = request(target, { method: input.method ?? 'GET', headers, agent: agentFor(from), timeout: timeoutMs }, (res) => {
      const parts: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 256 * 1024) parts.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', () => resolve({ status: 0, headers: {}, body: '' }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, headers: {}, body: String(error) }));
    if (input.body !== undefined) {
      if (input.chunked) {
        const buffer = Buffer.from(input.body);
        for (let offset = 0; offset < buffer.length; offset += 16 * 1024) req.write(buffer.subarray(offset, offset + 16 * 1024));
      } else {
        req.write(input.body);
      }
    }
    req.end();
  });
}

export type FloodResult = { sent: number; byStatus: Record<string, number>; perSecond: number };

/**
 * Sends `make()` requests from the given source addresses, `concurrency` at a time per
 * address, until `durationMs` passes or `maxRequests` were sent.
 */
export async function flood(base: string, options: { from: string[]; concurrency: number; durationMs: number; maxRequests: number; make: (index: number, from: string) => Call }): Promise<FloodResult> {
  const started = performance.now();
  const deadline = started + options.durationMs;
  let sent = 0;
  const byStatus: Record<string, number> = {};
  const worker = async (from: string) => {
    while (performance.now() < deadline && sent < options.maxRequests) {
      const index = sent++;
      const answer = await call(base, from, options.make(index, from), 10_000);
      byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
    }
  };
  await Promise.all(options.from.flatMap((from) => Array.from({ length: options.concurrency }, () => worker(from))));
  return { sent, byStatus, perSecond: Math.round(sent / ((performance.now() - started) / 1000)) };
}

export type LegitResult = { attempts: number; ok: number; successRate: number; p95Ms: number };

/** A well-behaved device asking for tokens from 127.0.0.1 while something else happens. */
export function legitimateClient(base: string, client: { clientId: string; secret: string }, options: { pauseMs?: number; maxAttempts?: number } = {}): { stop(): Promise<LegitResult> } {
  let running = true;
  const times: number[] = [];
  let attempts = 0;
  let ok = 0;
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.secret)}`).toString('base64');
  const loop = (async () => {
    while (running && attempts < (options.maxAttempts ?? 100_000)) {
      attempts += 1;
      const started = performance.now();
      const answer = await call(base, '127.0.0.1', { method: 'POST', path: '/token', headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' }, 10_000);
      times.push(performance.now() - started);
      if (answer.status === 200 && answer.body.includes('access_token')) ok += 1;
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      times.sort((a, b) => a - b);
      return { attempts, ok, successRate: attempts ? ok / attempts : 0, p95Ms: Math.round(times[Math.floor(times.length * 0.95)] ?? 0) };
    },
  };
}

/** `count` distinct loopback source addresses in 127.0.<block>.x. */
export function sources(block: number, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `127.0.${block}.${index + 2}`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
