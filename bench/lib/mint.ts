// A side door for single-use material: a loopback HTTP server, on its own port, inside the
// server process under test, that mints authorization codes on request (GET /mint?n=32).
// The load generator refills a small pool from it during a run, just ahead of use: the
// baseline's in-memory adapter is an LRU of 1,000 entries and evicts codes minted long before
// use (lib/code-pool.ts has the sizes and why).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import { API_RESOURCE, BENCH_SCOPE, CODE_CHALLENGE, REDIRECT_URI } from './common.ts';

/**
 * Mints `count` authorization codes the way the authorization endpoint does after login and
 * consent (a saved Grant, then AuthorizationCode models), saved together as one write batch.
 * The hub and the baseline both call this, so both pay the same minting cost.
 */
export async function mintAuthorizationCodes(provider: Provider, input: { clientId: string; accountId: string; count: number }): Promise<string[]> {
  const client = await provider.Client.find(input.clientId);
  const grant = new provider.Grant({ accountId: input.accountId, clientId: input.clientId });
  grant.addResourceScope(API_RESOURCE, BENCH_SCOPE);
  const grantId = await grant.save();
  const saves: Promise<string>[] = [];
  for (let i = 0; i < input.count; i += 1) {
    const code = new provider.AuthorizationCode({
      accountId: input.accountId, client, grantId, redirectUri: REDIRECT_URI, scope: BENCH_SCOPE, resource: API_RESOURCE,
      codeChallenge: CODE_CHALLENGE, codeChallengeMethod: 'S256',
    } as never);
    saves.push(code.save());
  }
  return Promise.all(saves);
}

export async function serveMint(mint: (count: number) => Promise<string[]>): Promise<string> {
  const server = createServer(async (req, res) => {
    try {
      const count = Math.min(5000, Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n')) || 100);
      const codes = await mint(count);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(codes));
    } catch (error) {
      res.writeHead(500).end(String((error as Error).stack));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mint`;
}
