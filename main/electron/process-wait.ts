// Waiting for another process to exit without the event loop: at Windows session end the
// OS may end this process as soon as the `session-end` handler returns, so the handler has
// to hold the main thread until the hub's process — which does the closing — is gone.
import { readFileSync } from 'node:fs';

/**
 * True while `pid` runs. On POSIX an exited child stays a zombie (and answers kill 0) until its
 * parent's event loop reaps it — the loop this wait is holding — so Linux also reads its state.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, but not ours to signal
  }
  if (process.platform !== 'linux') return true;
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Blocks until `pid` has exited or `timeoutMs` has passed; true if it exited. Checks every `stepMs`. */
export function waitForExitSync(pid: number, timeoutMs: number, stepMs = 25, alive: (pid: number) => boolean = isRunning): boolean {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    Atomics.wait(cell, 0, 0, Math.min(stepMs, left));
  }
  return true;
}
