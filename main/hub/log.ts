// The hub's logger: pino, as JSON lines for machines (--json) or one readable line per event.
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { openRotatingLog } from './log-file.ts';

export type { Logger };

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** Formats pino's JSON lines for people: `12:00:01 info  message key=value` (with the date for files). */
function humanStream(out: NodeJS.WritableStream, withDate = false): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          const { level, time, msg, pid: _pid, hostname: _host, err, ...rest } = JSON.parse(line) as Record<string, unknown>;
          const when = withDate ? new Date(Number(time)).toISOString() : new Date(Number(time)).toTimeString().slice(0, 8);
          const extras = Object.entries(rest).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' ');
          const error = err && typeof err === 'object' ? `\n  ${String((err as { stack?: string }).stack ?? (err as { message?: string }).message)}` : '';
          out.write(`${when} ${(LEVELS[Number(level)] ?? 'info').padEnd(5)} ${String(msg ?? '')}${extras ? `  ${extras}` : ''}${error}\n`);
        } catch {
          out.write(`${line}\n`);
        }
      }
      done();
    },
  });
}

export function createLogger(options: { json?: boolean; level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const destination = options.destination ?? process.stderr;
  return pino({ level: options.level ?? process.env.LANYARD_LOG_LEVEL ?? 'info', base: undefined }, options.json ? destination : humanStream(destination));
}

/** A logger writing readable, dated lines to a size-rotated file (`<file>` → `hub.1.log`, `hub.2.log`, …). */
export async function createFileLogger(file: string, options: { level?: string } = {}): Promise<{ logger: Logger; currentFile: () => string }> {
  const log = await openRotatingLog(file);
  const logger = pino({ level: options.level ?? process.env.LANYARD_LOG_LEVEL ?? 'info', base: undefined }, humanStream(log.stream, true));
  return { logger, currentFile: () => log.currentFile };
}

/**
 * The hub's logger for a `logFile` start option. A log file that cannot be opened must not
 * stop the hub: it then logs to stderr (which the desktop app copies into its main log), first
 * saying why.
 */
export async function openLogFile(file: string): Promise<Logger> {
  try {
    return (await createFileLogger(file)).logger;
  } catch (error) {
    const logger = createLogger();
    logger.warn({ err: error }, `the log file ${file} could not be opened; logging to stderr`);
    return logger;
  }
}

/** A logger that drops everything, for tests and library use. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
