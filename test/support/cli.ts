// Runs the `lanyard` command as people and scripts do: a real process (on the Node running the
// tests, the project's Node 24) with real arguments, standard input and environment.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const LANYARD_BIN = join(import.meta.dirname, '..', '..', 'bin', 'lanyard.js');

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** `lanyard ...args`; never throws for a non-zero exit: the test looks at code and stderr. */
export function lanyard(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [LANYARD_BIN, ...args], { input: options.input, encoding: 'utf8', env: { ...process.env, ...options.env }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `lanyard ...args --data DIR --json`, parsed; throws with stderr when the command fails. */
export function lanyardJson<T>(dataDir: string, args: string[], input?: string): T {
  const result = lanyard([...args, '--data', dataDir, '--json'], { input });
  if (result.code !== 0) throw new Error(`lanyard ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
