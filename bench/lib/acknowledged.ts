// The client side of the durability check (bench/durability.ts), run in the load generator:
// keep asking for tokens until the server dies, remembering every token it answered with;
// then, against the restarted server, introspect each of them.
import { BENCH_SCOPE, type Credentials } from './common.ts';

export type ChainsJob = { url: string; credentials: Credentials; chains: number };
export type Chains = { accessTokens: string[]; refreshTokens: string[] };
export type AcknowledgeJob = { url: string; credentials: Credentials; connections: number; maxSeconds: number; chains: Chains };
export type Acknowledged = { accessTokens: string[]; firstFailure: string | null };

const basic = (c: Credentials) => `Basic ${Buffer.from(`${encodeURIComponent(c.clientId)}:${encodeURIComponent(c.clientSecret)}`).toString('base64')}`;

async function token(job: { url: string; credentials: Credentials }, body: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(`${job.url}/token`, { method: 'POST', headers: { authorization: basic(job.credentials), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`/token answered ${response.status}: ${JSON.stringify(json).slice(0, 200)}`);
  return json;
}

/** The first token of each refresh chain: password grants (scrypt), made before the load starts. */
export async function startChains(job: ChainsJob): Promise<Chains> {
  const answers = await Promise.all(Array.from({ length: job.chains }, () => token(job, { grant_type: 'password', username: job.credentials.username, password: job.credentials.password, scope: BENCH_SCOPE })));
  return { accessTokens: answers.map((answer) => String(answer.access_token)), refreshTokens: answers.map((answer) => String(answer.refresh_token)) };
}

/**
 * One connection per refresh chain keeps it going (each answer's refresh token is the next
 * request's); the other connections ask for client-credentials tokens; until a request fails
 * (the server was killed) or `maxSeconds` pass. An access token counts once its whole answer
 * was read. Refresh tokens are not counted: the one in flight when the server died may or may
 * not have been rotated, and the client cannot tell.
 */
export async function acknowledge(job: AcknowledgeJob): Promise<Acknowledged> {
  const accessTokens = [...job.chains.accessTokens];
  let firstFailure: string | null = null;
  const until = Date.now() + job.maxSeconds * 1000;
  const loop = async (next: () => Promise<Record<string, unknown>>) => {
    try {
      while (Date.now() < until) accessTokens.push(String((await next()).access_token));
    } catch (error) {
      firstFailure ??= (error as Error).message;
    }
  };
  const machines = Array.from({ length: Math.max(1, job.connections - job.chains.refreshTokens.length) }, () => loop(() => token(job, { grant_type: 'client_credentials', scope: BENCH_SCOPE })));
  const refreshers = job.chains.refreshTokens.map((first) => {
    let refreshToken = first;
    return loop(async () => {
      const answer = await token(job, { grant_type: 'refresh_token', refresh_token: refreshToken });
      refreshToken = String(answer.refresh_token);
      return answer;
    });
  });
  await Promise.all([...machines, ...refreshers]);
  return { accessTokens, firstFailure };
}

/** Introspects every token, `connections` at a time; returns the ones not active. */
export async function introspectAll(job: { url: string; credentials: Credentials; connections: number; tokens: string[] }): Promise<{ checked: number; inactive: string[] }> {
  const inactive: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < job.tokens.length) {
      const value = job.tokens[next++]!;
      const response = await fetch(`${job.url}/introspect`, { method: 'POST', headers: { authorization: basic(job.credentials), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: value }) });
      const json = (await response.json()) as { active?: boolean };
      if (json.active !== true) inactive.push(value);
    }
  };
  await Promise.all(Array.from({ length: job.connections }, worker));
  return { checked: job.tokens.length, inactive };
}
