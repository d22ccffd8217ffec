// A log file that rotates by size and keeps a bounded number of old files (pino-roll), so a
// hub left running for months — or flooded with failing requests — never fills the disk.
// Writes are synchronous: the lines just before a crash are the ones worth having.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/** Each file holds at most this much; a new numbered file starts after it. */
const LOG_FILE_BYTES = 5 * 1024 * 1024;
/** Files kept in all, the current one included (on rotation the oldest goes, this run's or an earlier one's): ≤ 20 MB a log. */
const LOG_FILES_KEPT = 4;

export interface RotatingLog {
  stream: NodeJS.WritableStream & { flushSync?(): void };
  /** The file being written now (`hub.3.log`); the number grows with each rotation. */
  readonly currentFile: string;
}

/**
 * Opens `<dir>/<name>.N.log` for appending, continuing the highest N already there.
 * `file` is the base path without the number: `/…/logs/hub.log`.
 */
export async function openRotatingLog(file: string, options: { maxBytes?: number; keep?: number } = {}): Promise<RotatingLog> {
  const ext = path.extname(file) || '.log';
  const base = file.slice(0, file.length - path.extname(file).length);
  await mkdir(path.dirname(file), { recursive: true });
  // Loaded here, not with the module: pino-roll brings all of date-fns (~300 modules), which a
  // hub logging to stderr (`lanyard serve` from the sources) would otherwise load and keep for
  // nothing. In a bundle their code is there either way, but is not run until here.
  const { default: pinoRoll } = await import('pino-roll');
  const stream = await pinoRoll({
    file: base,
    extension: ext,
    size: `${Math.max(1, Math.round((options.maxBytes ?? LOG_FILE_BYTES) / 1024))}k`,
    limit: { count: options.keep ?? LOG_FILES_KEPT, removeOtherLogFiles: true },
    sync: true,
    mkdir: true,
  });
  return {
    stream,
    get currentFile() {
      return stream.file;
    },
  };
}
