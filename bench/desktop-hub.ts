// The idle footprint of the hub as the desktop app runs it: the bundle the app ships
// (scripts/build-electron.mjs → hub-entry.mjs, plain JavaScript, no type stripping) started
// with the hub's V8 flags and environment, driven over the same child protocol (hub-child.ts)
// the app uses, then left alone. Here it runs under Node's fork instead of Electron's
// utilityProcess, so Electron's own share of that process (Chromium's base libraries) is not
// in the number.
// As in the app (main/electron/main.ts), the hub logs to a rotating file. Read twice: after
// `settleSeconds`, and, with `afterBackupSeconds`, once the hub's first automatic backup
// (a worker thread, 60 s after start) has run, which is where a tray app spends its day.
import { fork } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildElectron } from '../scripts/build-electron.mjs';
import { procRss } from './lib/ipc.ts';

export async function desktopHubIdle(options: { root: string; dataDir: string; execArgv: readonly string[]; env: NodeJS.ProcessEnv; settleSeconds: number; afterBackupSeconds?: number }): Promise<{ idleMB: number; afterBackupMB?: number; buildMs: number }> {
  // Inside the checkout, so the bundle's one external import (better-sqlite3) resolves.
  await mkdir(join(options.root, 'dist'), { recursive: true });
  const outdir = await mkdtemp(join(options.root, 'dist', 'bench-desktop-'));
  try {
    const built = performance.now();
    await buildElectron({ outdir, logLevel: 'error' });
    const buildMs = performance.now() - built;
    const child = fork(join(outdir, 'hub-entry.mjs'), [], { execArgv: [...options.execArgv], env: options.env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const ready = new Promise<void>((resolve, reject) => {
        child.on('message', (message: { kind?: string; message?: string }) => {
          if (message.kind === 'ready') resolve();
          if (message.kind === 'fatal') reject(new Error(message.message));
        });
        child.once('exit', (code) => reject(new Error(`the desktop hub exited with ${code}`)));
      });
      child.send({ kind: 'start', options: { dataDir: options.dataDir, port: 0, logFile: join(options.dataDir, '..', 'logs', 'hub.log') } });
      await ready;
      await sleep(options.settleSeconds * 1000);
      const idleMB = procRss(child.pid!).rss / (1024 * 1024);
      if (!options.afterBackupSeconds) return { idleMB, buildMs };
      await sleep(Math.max(0, options.afterBackupSeconds - options.settleSeconds) * 1000);
      return { idleMB, afterBackupMB: procRss(child.pid!).rss / (1024 * 1024), buildMs };
    } finally {
      if (child.connected) child.send({ kind: 'shutdown' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
