// The hub's and the desktop's log files rotate by size and keep a bounded number of files,
// across restarts too, so a long-running or flooded hub cannot fill the disk.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger } from '../../main/hub/log.ts';
import { openRotatingLog } from '../../main/hub/log-file.ts';
import { tempDir } from './tls/helpers.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('rotating log files', () => {
  it('starts a new numbered file past the size limit and deletes the oldest beyond the kept count, across runs', async () => {
    const dir = await tempDir();
    for (let run = 0; run < 3; run++) {
      const log = await openRotatingLog(path.join(dir, 'hub.log'), { maxBytes: 1024, keep: 2 });
      for (let i = 0; i < 40; i++) {
        log.stream.write(`${'x'.repeat(99)}\n`); // 4 KB a run
        await new Promise((resolve) => setTimeout(resolve, 2)); // rotation happens between writes, as lines arrive
      }
      await settle();
      log.stream.end();
      await settle();
    }
    const files = readdirSync(dir).filter((f) => f.startsWith('hub.')).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    expect(files.length).toBeLessThanOrEqual(2); // two files in all, the current one included
    expect(Number(files.at(-1)!.split('.')[1])).toBeGreaterThanOrEqual(9); // numbering went on across runs
    for (const file of files) expect(readFileSync(path.join(dir, file)).length).toBeLessThanOrEqual(1024 + 100);
  });

  it('writes readable, dated lines through the hub logger', async () => {
    const dir = await tempDir();
    const { logger, currentFile } = await createFileLogger(path.join(dir, 'logs', 'hub.log'));
    logger.warn({ port: 54443 }, 'hello from the hub');
    logger.error({ err: new Error('boom') }, 'it failed');
    expect(currentFile()).toBe(path.join(dir, 'logs', 'hub.1.log'));
    const text = readFileSync(currentFile(), 'utf8');
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z warn {2}hello from the hub {2}port=54443$/m);
    expect(text).toMatch(/error it failed\n {2}Error: boom/);
  });
});

describe('a log file that cannot be opened', () => {
  it('does not stop the hub: it logs to stderr and says why', async () => {
    const dir = await tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'not-a-folder'), 'x');
    const { openLogFile } = await import('../../main/hub/log.ts');
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const logger = await openLogFile(path.join(dir, 'not-a-folder', 'hub.log'));
      logger.info('still logging');
    } finally {
      process.stderr.write = original;
    }
    expect(written.join('')).toMatch(/could not be opened; logging to stderr[\s\S]*still logging/);
  });
});
