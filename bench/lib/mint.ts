// A side door for single-use material: a loopback HTTP server, on its own port, inside the
// server process under test, that mints authorization codes on request (GET /mint?n=200).
// The load generator refills its pool from it during a run: the baseline's in-memory adapter
// is an LRU of 1,000 entries, so codes minted long before use would be evicted there.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

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
