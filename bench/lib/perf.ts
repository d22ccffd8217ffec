// Where a server's main thread spends its time below JavaScript, sampled by Linux `perf` over a
// span: by shared object (better-sqlite3's addon, which holds SQLite; the node binary, which
// holds V8 and its GC; libc; the kernel, i.e. system calls and page faults) and by symbol.
// V8's own profile cannot split its "(anonymous)" native frames this way, and callgrind counts
// instructions, not the time system calls and cache misses take.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Starts `perf record` on `pid`'s main thread; the function returned stops it and gives the two tables. */
export function samplePerf(pid: number, top: number): () => Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-perf-'));
  const data = join(dir, 'perf.data');
  // -t: the main thread only (its tid is the pid); 1 kHz keeps perf's own cost small.
  const child = spawn('perf', ['record', '-q', '-F', '1000', '-t', String(pid), '-o', data], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk) => { errors += chunk; });
  let missing = false;
  child.once('error', () => { missing = true; }); // no perf binary: said when the round ends
  const report = (sort: string, lines: number) => {
    const result = spawnSync('perf', ['report', '-i', data, '--stdio', '--sort', sort, '--percent-limit', '0.5'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return result.stdout.split('\n').filter((line) => line.trim() && !line.startsWith('#')).slice(0, lines).join('\n');
  };
  return () => new Promise((resolve) => {
    if (missing) {
      rmSync(dir, { recursive: true, force: true });
      resolve('perf is not installed: apt-get install linux-perf');
      return;
    }
    child.once('exit', () => {
      const text = errors.includes('failed') || errors.includes('Permission')
        ? `perf could not sample: ${errors.trim()}`
        : `by shared object:\n${report('dso', 12)}\n\nby symbol:\n${report('dso,sym', top)}`;
      rmSync(dir, { recursive: true, force: true });
      resolve(text);
    });
    child.kill('SIGINT');
  });
}
