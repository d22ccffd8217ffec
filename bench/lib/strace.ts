// System calls of a server's main thread (the one that answers requests) over a span, counted
// by `strace -c`: how many fsync, pwrite, fcntl… each request costs, whatever the machine's load.
import { spawn } from 'node:child_process';

/** Attaches `strace -c` to `pid`'s main thread; the function returned detaches it and gives its table. */
export function traceSyscalls(pid: number): () => Promise<string> {
  const child = spawn('strace', ['-c', '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let out = '';
  child.stderr.on('data', (chunk) => { out += chunk; });
  return () => new Promise((resolve) => {
    child.once('exit', () => resolve(out.split('\n').filter((line) => !line.startsWith('strace: Process')).slice(0, 22).join('\n')));
    child.kill('SIGINT');
  });
}
