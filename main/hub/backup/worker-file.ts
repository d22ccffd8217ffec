// Which file a backup worker thread runs. From the sources, backup/worker.ts itself. In a bundle
// (the desktop app's hub process, the built `lanyard` command) it is a small bundle of just that
// module, written beside the big one (scripts/node-bundle.mjs): a worker that ran the whole
// hub's bundle parsed and evaluated all of it (~5 MB of JavaScript) for every backup, and the
// memory that took stayed in the hub's malloc arenas after the thread ended (+21 MB of idle
// RSS after the desktop hub's first automatic backup).
import { fileURLToPath } from 'node:url';

/** The worker's bundle, in the directory of the bundle that holds the hub. */
export const WORKER_BUNDLE = 'backup-worker.mjs';

/** The file to start a backup worker from, given the URL of the module that starts it (backup/worker.ts, or the bundle it is in). */
export function workerFile(launcherUrl: string): string {
  return fileURLToPath(launcherUrl.endsWith('.ts') ? launcherUrl : new URL(WORKER_BUNDLE, launcherUrl));
}
