// Backups, restores and configuration as code: the commands of issue 11, wired in one call.
import type { Command } from 'commander';
import { registerBackup } from './backup.ts';
import { registerExport } from './export.ts';
import { registerImport } from './import.ts';
import { registerRestore } from './restore.ts';

export function registerBackupCommands(root: Command): void {
  registerBackup(root);
  registerRestore(root);
  registerExport(root);
  registerImport(root);
}
