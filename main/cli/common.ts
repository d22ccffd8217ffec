// What every `lanyard` command shares: the --data and --json options.
import type { Command } from 'commander';

export type Common = { data?: string; json?: boolean };

export function common(command: Command): Command {
  return command
    .option('--data <dir>', 'data directory (default: $LANYARD_DATA, else the per-user application-data folder)')
    .option('--json', 'machine-readable output');
}
