// Keeps WAL checkpoints off the request path. The hub's connection stops checkpointing on
// commit (wal_autocheckpoint = 0); every CHECKPOINT_INTERVAL_MS the hub looks at the WAL's mtime
// and, when it moved, a worker thread with a connection of its own copies the WAL back into the
// database (PASSIVE: it never blocks the hub's reads or writes). A checkpoint copies pages and
// fsyncs the WAL and the database file: done by the committing request, it stalled every answer
// queued behind it (tens of ms on a slow disk), which was most of the hub's p99.
// The worker (a V8 isolate, ~10 MB) runs only while there is writing: it is started by the
// first change and ended after WORKER_IDLE_MS without one, so an idle hub does not carry it.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db.ts';

/** How often the WAL is looked at; one checkpoint per look while it keeps changing. */
const CHECKPOINT_INTERVAL_MS = 500;
/** The worker ends after this long without a change to the WAL. */
const WORKER_IDLE_MS = 10_000;
/** A WAL that grew past this under a burst is cut back to it after its next reset. */
const WAL_SIZE_LIMIT = 32 * 1024 * 1024;
/** SQLite's own default, for the connection to fall back to if the worker fails. */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * The worker: plain JavaScript, run with `eval` so that the hub needs no second entry file in
 * its bundles. It opens the database with better-sqlite3 (the path comes from the hub's own
 * resolution) and answers each 'checkpoint' with whether the WAL was copied completely.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close();
    process.exit(0);
  }
  const [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage({ complete: checkpointed >= log });
});
`;

export type Checkpointer = {
  /** Whether the worker thread exists now (it does only while the WAL keeps changing). */
  readonly running: boolean;
  stop(): Promise<void>;
};

export type CheckpointerOptions = { onError?: (error: unknown) => void; intervalMs?: number; idleMs?: number };

/**
 * Checkpoints `db` from a worker thread while it is being written. If the worker cannot start
 * or fails, the connection goes back to checkpointing on commit (and `onError` hears of it), so
 * the WAL never grows without bound.
 */
export function startCheckpointer(db: Db, options: CheckpointerOptions = {}): Checkpointer {
  const { onError = () => {}, intervalMs = CHECKPOINT_INTERVAL_MS, idleMs = WORKER_IDLE_MS } = options;
  const walFile = `${db.name}-wal`;
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  db.pragma('wal_autocheckpoint = 0');
  let worker: Worker | undefined;
  let busy = false; // a checkpoint request is out
  let done = mtimeOf(walFile); // the WAL as of the last complete checkpoint
  let lastChange = Date.now();
  let failed = false;

  const fallBack = (error: unknown) => {
    if (failed) return;
    failed = true;
    clearInterval(timer);
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    onError(error);
  };
  const startWorker = (): Worker => {
    const started = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: db.name, sqlite },
      // A checkpoint needs next to no JavaScript memory: keep this isolate's heaps tiny.
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8 },
    });
    started.unref();
    started.on('error', fallBack);
    started.on('exit', (code) => {
      if (code !== 0) fallBack(new Error(`the checkpoint worker exited (${code})`));
      // A worker ended by stopWorker() may exit after its successor started: leave that one be.
      if (worker !== started) return;
      worker = undefined;
      busy = false;
    });
    return started;
  };
  const look = () => {
    const mtime = mtimeOf(walFile);
    const now = Date.now();
    if (mtime === done || busy) {
      if (worker && !busy && now - lastChange > idleMs) stopWorker();
      return;
    }
    lastChange = now;
    worker ??= startWorker();
    busy = true;
    worker.once('message', ({ complete }: { complete: boolean }) => {
      busy = false;
      // Frames a reader still needed are left for the next look.
      if (complete) done = mtime;
    });
    worker.postMessage('checkpoint');
  };
  const stopWorker = () => {
    const ending = worker;
    worker = undefined;
    ending?.postMessage('stop');
  };
  const timer = setInterval(look, intervalMs);
  timer.unref();

  return {
    get running() {
      return worker !== undefined;
    },
    async stop() {
      if (failed) return;
      failed = true;
      clearInterval(timer);
      const ending = worker;
      worker = undefined;
      if (ending) {
        const exited = new Promise<void>((resolve) => ending.once('exit', () => resolve()));
        ending.postMessage('stop');
        await exited;
      }
      if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    },
  };
}

const mtimeOf = (file: string): number => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0; // no WAL yet, or removed by the last connection's close
  }
};
