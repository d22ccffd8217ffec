// Runs the heavy work of backups and restores (work.ts) in a worker thread, so the hub's thread
// only passes messages. Measured on the hub's thread instead (120 MB, 2 cores): copying in steps
// kept most pauses to ~1.5 ms, but SQLite's final commit of the copy wrote and fsynced up to
// 16 MB there (90 ms), and hashing the file stalled the loop up to 78 ms.
//
// The worker runs this very module: the file itself in a source checkout, its own small bundle
// beside a bundled hub (worker-file.ts).
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { CopyProgress } from '../store/backup.ts';
import { RestoreRefused, unpackCandidate, writeBackup } from './work.ts';
import { workerFile } from './worker-file.ts';

const ROLE = 'lanyard:backup-work';

const TASKS = { writeBackup, unpackCandidate };
type Tasks = typeof TASKS;
type TaskName = keyof Tasks;

type Job = { role: typeof ROLE; task: TaskName; input: unknown; progress: boolean };
type Message = { kind: 'progress'; progress: CopyProgress } | { kind: 'done'; output: unknown } | { kind: 'failed'; message: string; refused: boolean };

/** Runs `task(input)` in a new worker thread; a RestoreRefused thrown there is thrown here too. */
export function inWorker<K extends TaskName>(task: K, input: Parameters<Tasks[K]>[0], onProgress?: (progress: CopyProgress) => void): Promise<Awaited<ReturnType<Tasks[K]>>> {
  const job: Job = { role: ROLE, task, input, progress: !!onProgress };
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile(import.meta.url), { workerData: job });
    worker.on('message', (message: Message) => {
      if (message.kind === 'progress') onProgress?.(message.progress);
      else if (message.kind === 'done') resolve(message.output as Awaited<ReturnType<Tasks[K]>>);
      else reject(message.refused ? new RestoreRefused(message.message) : new Error(message.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`The backup's worker thread stopped early (exit code ${code}).`))); // ignored once settled
  });
}

/** Whether this thread is a backup worker. */
const isBackupWorker = (): boolean => !isMainThread && (workerData as Partial<Job> | null)?.role === ROLE;

if (isBackupWorker()) {
  const job = workerData as Job;
  const post = (message: Message) => parentPort!.postMessage(message);
  const run = TASKS[job.task] as (input: unknown, onProgress?: (progress: CopyProgress) => void) => Promise<unknown>;
  run(job.input, job.progress ? (progress) => post({ kind: 'progress', progress }) : undefined).then(
    (output) => post({ kind: 'done', output }),
    (error: unknown) => post({ kind: 'failed', message: error instanceof Error ? error.message : String(error), refused: error instanceof RestoreRefused }),
  );
}
