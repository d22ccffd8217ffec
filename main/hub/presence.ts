// Which hub serves a data folder: `hub.json` with the hub's process id and URL, written once it
// listens and removed when it closes. The CLI reads it to refuse a restore under a running hub
// and to say where that hub is. A file left by a hub that died is recognised as stale.
import { hostname } from 'node:os';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const PRESENCE_FILE = 'hub.json';

const Presence = z.object({ pid: z.int(), hostname: z.string(), url: z.string(), startedAt: z.string() });
export type Presence = z.infer<typeof Presence>;

/** Records that this process serves `dataDir` at `url`; returns the function that withdraws it. */
export function announceHub(dataDir: string, url: string): () => void {
  const file = join(dataDir, PRESENCE_FILE);
  const mine: Presence = { pid: process.pid, hostname: hostname(), url, startedAt: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(mine, null, 2)}\n`, { mode: 0o600 });
  return () => {
    // Another hub may have started on the same folder since: its file is not ours to remove.
    if (readPresence(file)?.pid === process.pid) rmSync(file, { force: true });
  };
}

/** The hub serving `dataDir`, or undefined when none does (no file, or a stale one). */
export function runningHub(dataDir: string): Presence | undefined {
  const presence = readPresence(join(dataDir, PRESENCE_FILE));
  if (!presence) return undefined;
  // A file from another machine came with a copied folder: no hub of ours can be running.
  if (presence.hostname !== hostname()) return undefined;
  return isAlive(presence.pid) ? presence : undefined;
}

function readPresence(file: string): Presence | undefined {
  try {
    const parsed = Presence.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, but belongs to someone else
  }
}
