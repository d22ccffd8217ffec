// Instruction counts of a server under valgrind's callgrind: repeatable whatever else the
// machine is doing, unlike req/s or CPU time. Valgrind runs the server with counting switched
// off; it is switched on for exactly the measured requests (callgrind_control) and the dump is
// summed per object file (node = V8, builtins and GC; ??? = JIT code; linux-x64.node =
// better-sqlite3 and SQLite; libc.so.6) and per function.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type Instructions = { total: number; byObject: Record<string, number>; top: { ir: number; fn: string }[] };

/** The `wrapper` for lib/ipc.ts's start(): valgrind, counting nothing until told to. */
export function callgrindWrapper(dir: string) {
  mkdirSync(dir, { recursive: true });
  return { command: 'valgrind', args: ['--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file', `--callgrind-out-file=${join(dir, 'cg.%p.out')}`] };
}

/** Counts the instructions `pid` (started with callgrindWrapper(dir)) runs during `work`. */
export async function countInstructions(pid: number, dir: string, work: () => Promise<unknown>, top = 15): Promise<Instructions> {
  execFileSync('callgrind_control', ['-i', 'on', String(pid)]);
  try {
    await work();
  } finally {
    execFileSync('callgrind_control', ['-i', 'off', String(pid)]);
  }
  const before = new Set(readdirSync(dir));
  execFileSync('callgrind_control', ['-d', String(pid)]);
  const dump = readdirSync(dir).find((file) => !before.has(file));
  if (!dump) throw new Error('callgrind wrote no dump');
  const annotate = execFileSync('callgrind_annotate', ['--inclusive=no', '--threshold=100', join(dir, dump)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const total = Number(/([\d,]+)\s+\(100\.0%\)\s+PROGRAM TOTALS/.exec(annotate)?.[1]?.replace(/,/g, '') ?? NaN);
  const byObject: Record<string, number> = {};
  const functions: { ir: number; fn: string }[] = [];
  for (const line of annotate.split('\n')) {
    const match = /^\s*([\d,]+)\s+\([^)]*\)\s+(.*?):(.*?)(?: \[(.*)\])?$/.exec(line);
    if (!match) continue;
    const ir = Number(match[1]!.replace(/,/g, ''));
    const object = (match[4] ?? match[2] ?? '?').split('/').pop()!;
    byObject[object] = (byObject[object] ?? 0) + ir;
    if (functions.length < top) functions.push({ ir, fn: `${match[3]} [${object}]` });
  }
  return { total, byObject, top: functions };
}
