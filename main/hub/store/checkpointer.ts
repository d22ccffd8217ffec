// Keeps WAL checkpoints off the request path. The hub's connection stops checkpointing on
// commit (wal_autocheckpoint = 0); a worker thread with a connection of its own copies the WAL
// back into the database (PASSIVE: it never blocks the hub's reads or writes) every
// CHECKPOINT_INTERVAL_MS while the WAL keeps changing. A checkpoint copies pages and fsyncs the
// WAL and the database file: done by the committing request it stalled every answer queued
// behind it (tens of ms on a slow disk), which was most of the hub's p99.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db.ts';

/** How often the worker looks at the WAL; one checkpoint per look while it keeps growing. */
export const CHECKPOINT_INTERVAL_MS = 500;
/** A WAL that grew past this under a burst is cut back to it after its next reset. */
const WAL_SIZE_LIMIT = 32 * 1024 * 1024;
/** SQLite's own default, for the connection to fall back to if the worker stops. */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * The worker: plain JavaScript, run with `eval` so that the hub needs no second entry file in
 * its bundles. It opens the database with better-sqlite3 (the path comes from the hub's own
 * resolution) and checkpoints whenever the WAL's mtime moved since the last complete one.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
let seen = 0;
const look = () => {
  let mtime = 0;
  try { mtime = statSync(workerData.file + '-wal').mtimeMs; } catch { return; }
  if (mtime === seen) return;
  const [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)');
  // Frames a reader still needed are left for the next look.
  seen = checkpointed >= log ? mtime : 0;
};
const timer = setInterval(look, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage('stopped');
});
`;

export type Checkpointer = { stop(): Promise<void> };

/**
 * Starts checkpointing `db` from a worker thread. If the worker cannot start or fails later,
 * the connection goes back to checkpointing on commit, so the WAL never grows without bound.
 */
export function startCheckpointer(db: Db, onError: (error: unknown) => void = () => {}): Checkpointer {
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file: db.name, sqlite, intervalMs: CHECKPOINT_INTERVAL_MS },
    // A checkpoint needs next to no JavaScript memory: keep this isolate's heaps tiny.
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8 },
  });
  worker.unref();
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  db.pragma('wal_autocheckpoint = 0');
  let stopped = false;
  const fallBack = (error: unknown) => {
    if (stopped || !db.open) return;
    stopped = true;
    db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    onError(error);
  };
  worker.on('error', fallBack);
  worker.on('exit', (code) => fallBack(new Error(`the checkpoint worker exited (${code})`)));
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      const done = new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (message) => message === 'stopped' && void worker.terminate());
      });
      worker.postMessage('stop');
      await done;
      if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    },
  };
}
