// Instruction counts of a server under valgrind's callgrind: repeatable whatever else the
// machine is doing, unlike req/s or CPU time. Valgrind runs the server with counting switched
// off; it is switched on for exactly the measured requests (callgrind_control) and the dump is
// summed per thread, per object file (node = V8, builtins and GC; ??? = JIT code;
// linux-x64.node = better-sqlite3 and SQLite; libc.so.6) and per function.
// Threads are counted apart (--separate-threads): the main thread is what each request waits
// for; V8's helper threads (concurrent marking, sweeping, scavenging) and node Worker threads
// (the checkpoint worker, whose start-up of a whole isolate would otherwise land in the count
// of whatever window it started in) are shown beside it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type Instructions = {
  total: number;
  /** The main thread's instructions (thread 1): the request path itself. */
  main: number;
  /** Instructions of node Worker threads (e.g. the checkpoint worker), start-up included. */
  workers: number;
  byObject: Record<string, number>;
  /** The main thread's objects and functions. */
  mainByObject: Record<string, number>;
  top: { ir: number; fn: string }[];
};

/** The `wrapper` for lib/ipc.ts's start(): valgrind, counting nothing until told to. */
export function callgrindWrapper(dir: string) {
  mkdirSync(dir, { recursive: true });
  return { command: 'valgrind', args: ['--tool=callgrind', '--instr-atstart=no', '--separate-threads=yes', '--smc-check=all-non-file', `--callgrind-out-file=${join(dir, 'cg.%p.out')}`] };
}

type Annotated = { total: number; byObject: Record<string, number>; functions: { ir: number; fn: string }[]; isWorker: boolean };

function annotate(file: string): Annotated {
  const text = execFileSync('callgrind_annotate', ['--inclusive=no', '--threshold=100', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const total = Number(/([\d,]+)\s+\(100\.0%\)\s+PROGRAM TOTALS/.exec(text)?.[1]?.replace(/,/g, '') ?? 0);
  const byObject: Record<string, number> = {};
  const functions: { ir: number; fn: string }[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*([\d,]+)\s+\([^)]*\)\s+(.*?):(.*?)(?: \[(.*)\])?$/.exec(line);
    if (!match) continue;
    const ir = Number(match[1]!.replace(/,/g, ''));
    const object = (match[4] ?? match[2] ?? '?').split('/').pop()!;
    byObject[object] = (byObject[object] ?? 0) + ir;
    functions.push({ ir, fn: `${match[3]} [${object}]` });
  }
  // A node Worker's thread runs its own isolate's bootstrap and event loop; V8's helpers do not.
  const inclusive = execFileSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { total, byObject, functions, isWorker: /node::worker::Worker::Run\(\)/.test(inclusive) };
}

/** Counts the instructions `pid` (started with callgrindWrapper(dir)) runs during `work`, per thread. */
export async function countInstructions(pid: number, dir: string, work: () => Promise<unknown>, top = 15): Promise<Instructions> {
  execFileSync('callgrind_control', ['-i', 'on', String(pid)]);
  try {
    await work();
  } finally {
    execFileSync('callgrind_control', ['-i', 'off', String(pid)]);
  }
  const before = new Set(readdirSync(dir));
  execFileSync('callgrind_control', ['-d', String(pid)]);
  // One file per thread: cg.<pid>.out.<dump>-<thread>; thread 01 is the main thread.
  const dumps = readdirSync(dir).filter((file) => !before.has(file) && file.startsWith(`cg.${pid}.out`));
  if (dumps.length === 0) throw new Error('callgrind wrote no dump');
  const result: Instructions = { total: 0, main: 0, workers: 0, byObject: {}, mainByObject: {}, top: [] };
  for (const dump of dumps) {
    const threads = annotate(join(dir, dump));
    result.total += threads.total;
    for (const [object, ir] of Object.entries(threads.byObject)) result.byObject[object] = (result.byObject[object] ?? 0) + ir;
    if (/-0*1$/.test(dump)) {
      result.main = threads.total;
      result.mainByObject = threads.byObject;
      result.top = threads.functions.slice(0, top);
    } else if (threads.isWorker) result.workers += threads.total;
  }
  return result;
}
