// The load generator, in its own process: autocannon against one server, one workload per
// call. Requests that need single-use material (authorization codes, rotated refresh tokens)
// take it from a pool here, one per request. Also the client side of the durability check
// (lib/acknowledged.ts).
import autocannon from 'autocannon';
import { acknowledge, introspectAll, startChains } from './lib/acknowledged.ts';
import { serve } from './lib/ipc.ts';
import { CodePool, type CodePoolCounts } from './lib/code-pool.ts';
import { BENCH_SCOPE, CODE_VERIFIER, REDIRECT_URI, type Credentials } from './lib/common.ts';

export type Workload = 'client_credentials' | 'introspection' | 'refresh_token' | 'password' | 'authorization_code';

export type LoadJob = {
  url: string;
  workload: Workload;
  credentials: Credentials;
  duration: number;
  /** A fixed number of requests instead of a duration (instruction counts under callgrind). */
  amount?: number;
  connections: number;
  /** authorization_code: where the server under test mints codes (see lib/mint.ts). */
  mintUrl?: string;
};

export type LoadResult = {
  workload: Workload;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** Successful answers per second over the whole run. */
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Requests sent without single-use material because the pool ran dry (they fail). */
  starved: number;
  /** authorization_code: codes minted, used, dropped as stale before use, and mint requests. */
  codes?: CodePoolCounts;
  firstError?: string;
};

const FORM = 'application/x-www-form-urlencoded';

async function post(job: LoadJob, path: string, body: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(job.url + path, { method: 'POST', headers: { authorization: basic(job.credentials), 'content-type': FORM }, body: new URLSearchParams(body) });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

const basic = (c: Credentials) => `Basic ${Buffer.from(`${encodeURIComponent(c.clientId)}:${encodeURIComponent(c.clientSecret)}`).toString('base64')}`;
const form = (body: Record<string, string>) => new URLSearchParams(body).toString();

type Prepared = { job: LoadJob; request: Record<string, unknown>; tally: { starved: number; firstError: string | undefined }; codes?: CodePool };

/**
 * What one request of the workload is, and the single-use material it needs (refresh tokens
 * from real password grants, a first pool of codes), made before the measured run so that a
 * profile or a CPU count of the run covers the workload only.
 */
async function prepareRequest(job: LoadJob): Promise<Prepared> {
  const headers = { authorization: basic(job.credentials), 'content-type': FORM };
  const tally = { starved: 0, firstError: undefined as string | undefined };
  const noteError = (status: number, body: string) => {
    if (status >= 300 && !tally.firstError) tally.firstError = `${status} ${body.slice(0, 300)}`;
  };
  let request: Record<string, unknown>;
  let codes: CodePool | undefined;

  switch (job.workload) {
    case 'client_credentials':
      request = { method: 'POST', path: '/token', headers, body: form({ grant_type: 'client_credentials', scope: BENCH_SCOPE }) };
      break;
    case 'introspection': {
      const { access_token } = await post(job, '/token', { grant_type: 'client_credentials', scope: BENCH_SCOPE });
      request = { method: 'POST', path: '/introspect', headers, body: form({ token: String(access_token) }) };
      break;
    }
    case 'password':
      request = { method: 'POST', path: '/token', headers, body: form({ grant_type: 'password', username: job.credentials.username, password: job.credentials.password, scope: BENCH_SCOPE }) };
      break;
    case 'refresh_token': {
      // Rotation makes every refresh token single-use. Each connection starts from a token of
      // its own (real password grants, two per connection) and continues with the one each
      // answer returns, like a client that keeps refreshing.
      const pool: string[] = [];
      for (let i = 0; i < job.connections * 2; i += 1) {
        const answer = await post(job, '/token', { grant_type: 'password', username: job.credentials.username, password: job.credentials.password, scope: BENCH_SCOPE });
        pool.push(String(answer.refresh_token));
      }
      request = {
        method: 'POST', path: '/token', headers,
        setupRequest: (req: Record<string, unknown>) => {
          const token = pool.pop();
          if (!token) tally.starved += 1;
          return { ...req, body: form({ grant_type: 'refresh_token', refresh_token: token ?? 'exhausted' }) };
        },
        onResponse: (status: number, body: string) => {
          if (status === 200) pool.push(String((JSON.parse(body) as { refresh_token: string }).refresh_token));
          else noteError(status, body);
        },
      };
      break;
    }
    case 'authorization_code': {
      // Codes are single-use and the baseline's LRU forgets them: a small pool, refilled in
      // small batches from the server's mint door just ahead of use, oldest first, stale codes
      // dropped (lib/code-pool.ts has the sizes and why).
      const mint = async (n: number) => {
        const response = await fetch(`${job.mintUrl}?n=${n}`);
        if (!response.ok) throw new Error(`mint answered ${response.status}`);
        return (await response.json()) as string[];
      };
      const pool = new CodePool({ connections: job.connections, mint, onError: (error) => { tally.firstError ??= `mint: ${error.message}`; } });
      await pool.fill();
      codes = pool;
      request = {
        method: 'POST', path: '/token', headers,
        setupRequest: (req: Record<string, unknown>) => {
          const code = pool.take();
          return { ...req, body: form({ grant_type: 'authorization_code', code: code ?? 'starved', redirect_uri: REDIRECT_URI, code_verifier: CODE_VERIFIER }) };
        },
        onResponse: (status: number, body: string) => noteError(status, body),
      };
      break;
    }
  }
  if (!('onResponse' in request)) request.onResponse = (status: number, body: string) => noteError(status, body);
  return { job, request, tally, ...(codes ? { codes } : {}) };
}

const prepared = new Map<number, Prepared>();
let nextPrepared = 1;

async function prepare(job: LoadJob): Promise<number> {
  const id = nextPrepared++;
  prepared.set(id, await prepareRequest(job));
  return id;
}

/** Runs the workload: a job, or what prepare() returned for one (`{ prepared: id }`). */
async function run(input: LoadJob | { prepared: number }): Promise<LoadResult> {
  const ready = 'prepared' in input ? prepared.get(input.prepared) : await prepareRequest(input);
  if (!ready) throw new Error('unknown prepared workload');
  if ('prepared' in input) prepared.delete(input.prepared);
  const { job, request, tally, codes } = ready;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ url: job.url, connections: job.connections, ...(job.amount ? { amount: job.amount } : { duration: job.duration }), requests: [request as autocannon.Request], timeout: 30 }, (error, out) => (error ? reject(error) : resolve(out)));
  });
  const seconds = (performance.now() - started) / 1000;
  const ok = result['2xx'];
  return {
    workload: job.workload,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds,
    rps: ok / seconds,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    starved: tally.starved + (codes?.counts.starved ?? 0),
    ...(codes ? { codes: { ...codes.counts } } : {}),
    ...(tally.firstError ? { firstError: tally.firstError } : {}),
  };
}

serve({ prepare, run, startChains, acknowledge, introspectAll, close: () => setImmediate(() => process.exit(0)) });
