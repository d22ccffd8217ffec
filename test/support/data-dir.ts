// Data directories for tests: a fresh folder under the OS temp dir, and its removal.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A new empty folder named lanyard-<name>-XXXXXX; the test removes it with removeDataDir. */
export function newDataDir(name = 'test'): string {
  return mkdtempSync(join(tmpdir(), `lanyard-${name}-`));
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
