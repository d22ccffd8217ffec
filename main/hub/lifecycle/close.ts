// Stops a hub in the order that loses nothing: background jobs and backups, the mDNS goodbye while
// the hub still answers, throttled audit summaries, the server (idle connections at once, the rest
// after 2 s), WAL checkpoints, the CLI's presence file, the database.
import type { Server } from 'node:http';
import type { HubParts } from './parts.ts';

export async function closeHub({ live, jobs, backups, opened }: HubParts): Promise<void> {
  if (live.closed) return;
  live.closed = true;
  jobs.stop();
  await backups.stop();
  await live.advertiser?.stop(); // goodbye packets first, while the hub still answers
  opened.events.flushThrottled(true); // summaries of what was not logged one by one
  if (live.server) await closeServer(live.server);
  await opened.checkpoints.stop();
  live.withdraw?.();
  opened.store.close();
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
}
