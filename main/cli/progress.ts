// A one-line progress display on a terminal (rewritten in place); silent when output is piped.
import { formatBytes } from '../hub/backup/service.ts';

/** Below this, work is over before a progress line would help. */
const WORTH_SHOWING = 8 * 1024 * 1024;

export function progressLine(label: string, stream: NodeJS.WriteStream = process.stderr): { update(done: number, total: number): void; end(): void } {
  let shown = false;
  let last = -1;
  return {
    update(done, total) {
      if (!stream.isTTY || total < WORTH_SHOWING) return;
      const percent = Math.floor((done / total) * 100);
      if (percent === last) return;
      last = percent;
      shown = true;
      stream.write(`\r${label} ${String(percent).padStart(3)}%  (${formatBytes(done)} of ${formatBytes(total)})\x1b[K`);
    },
    end() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
