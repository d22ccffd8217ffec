// waitForExitSync holds the thread until another process has exited (Windows session end),
// and gives up at its deadline.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isRunning, waitForExitSync } from '../../main/electron/process-wait.ts';

describe('waitForExitSync', () => {
  it('returns true once the process has exited, even before the event loop reaps it', () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300)'], { stdio: 'ignore' });
    expect(isRunning(child.pid!)).toBe(true);
    const started = Date.now();
    expect(waitForExitSync(child.pid!, 10_000)).toBe(true); // the event loop is blocked the whole time
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('returns false at its deadline while the process still runs', () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      expect(waitForExitSync(child.pid!, 200)).toBe(false);
      expect(isRunning(child.pid!)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
