// Where a server's main thread spends its time below JavaScript, sampled by Linux `perf` over a
// span: by shared object (better-sqlite3's addon, which holds SQLite; the node binary, which
// holds V8 and its GC but also OpenSSL, libuv, llhttp and ICU; libc; the kernel, i.e. system
// calls and page faults; "[JIT]", V8's generated code, which perf cannot name without
// --perf-basic-prof) and by symbol. V8's own profile charges a native call with its system
// calls and the sampler's signal handling; callgrind counts instructions, not the time system
// calls and cache misses take.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Starts `perf record` on `pid`'s main thread; the function returned stops it and gives the two tables. */
export function samplePerf(pid: number, top: number): () => Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-perf-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove); // if the round fails before the tables are asked for
  const data = join(dir, 'perf.data');
  // -t: the main thread only (its tid is the pid); 1 kHz keeps perf's own cost small.
  const child = spawn('perf', ['record', '-q', '-F', '1000', '-t', String(pid), '-o', data], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk) => { errors += chunk; });
  // perf ends by itself when it cannot start (no binary, no such thread, not allowed) or the
  // target exits; SIGINT ends a recording that is running. Either way it ends exactly once.
  const ended = new Promise<{ started: boolean; sampled: boolean; code: number | string | null }>((resolve) => {
    child.once('error', () => resolve({ started: false, sampled: false, code: null }));
    // Stopped by our SIGINT it exits 0 or by that signal; one that never ran exits non-zero.
    child.once('exit', (code, signal) => resolve({ started: true, sampled: code === 0 || signal === 'SIGINT', code: code ?? signal }));
  });
  const report = (sort: string, lines: number) => {
    const result = spawnSync('perf', ['report', '-i', data, '--stdio', '--sort', sort, '--percent-limit', '0.5'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) return `perf report failed: ${result.stderr.trim().slice(0, 500)}`;
    return result.stdout.split('\n').filter((line) => line.trim() && !line.startsWith('#')).slice(0, lines).join('\n');
  };
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    const { started, sampled, code } = await ended;
    try {
      if (!started) return 'perf is not installed: apt-get install linux-perf';
      if (!sampled) return `perf could not sample (exit ${code}): ${errors.trim().slice(0, 500)}`;
      return `by shared object:\n${report('dso', 12)}\n\nby symbol:\n${report('dso,sym', top)}`;
    } finally {
      remove();
      process.off('exit', remove);
    }
  };
}
