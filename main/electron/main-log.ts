// The main process's log: readable, dated lines in <logs>/main.N.log, rotated by size (the
// same rotation as the hub's hub.N.log beside it). A GUI launch has no terminal, so this file
// is where a failed start, a crashed renderer or a refused IPC call can be read afterwards.
// Until the file is open (and when it cannot be opened) lines go to stderr.
import path from 'node:path';
import { createFileLogger } from '../hub/log.ts';

export interface MainLog {
  info(message: string): void;
  error(message: string, error?: unknown): void;
  /** The file being written now, or the folder when no file could be opened. */
  where(): string;
}

export const describeError = (error: unknown): string => (error instanceof Error ? (error.stack ?? error.message) : String(error));

/** Logs to stderr now; `open` moves it to the rotating file. `echo` keeps stderr too (development). */
export function createMainLog(logsDir: string, echo: boolean) {
  let file: Awaited<ReturnType<typeof createFileLogger>> | null = null;
  const toStderr = (level: string, message: string) => console.error(`[lanyard] ${level} ${message}`);
  const log: MainLog = {
    info(message) {
      file?.logger.info(message);
      if (!file || echo) toStderr('info', message);
    },
    error(message, error) {
      const full = error === undefined ? message : `${message}: ${describeError(error)}`;
      file?.logger.error(full);
      if (!file || echo) toStderr('error', full);
    },
    where: () => file?.currentFile() ?? logsDir,
  };
  return {
    log,
    /** Opens <logsDir>/main.N.log; on failure keeps stderr and says so. */
    async open(): Promise<void> {
      try {
        file = await createFileLogger(path.join(logsDir, 'main.log'));
      } catch (error) {
        toStderr('error', `the log file could not be opened in ${logsDir}: ${describeError(error)}`);
      }
    },
  };
}
