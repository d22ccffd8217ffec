// `lanyard backup`: a consistent copy of the hub's database while it serves, optionally encrypted.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createBackup, BackupError } from '../../hub/backup/create.ts';
import { backupName, backupsDir } from '../../hub/backup/files.ts';
import { masterKeyCustody } from '../../hub/backup/key-custody.ts';
import { formatBytes } from '../../hub/backup/service.ts';
import { resolveDataDir } from '../../hub/options.ts';
import { DB_FILE } from '../../hub/store/db.ts';
import { common, type Common } from '../common.ts';
import { CliError, Output } from '../output.ts';
import { progressLine } from '../progress.ts';
import { readNewPassphrase } from '../passphrase.ts';

/** 16 MB between progress updates. */
const CLI_PAGES_PER_STEP = 4096;

type Options = Common & { out?: string; passphraseStdin?: boolean };

export function registerBackup(root: Command): void {
  common(root.command('backup'))
    .description("write a consistent copy of the hub's database, even while the hub serves")
    .option('--out <file>', 'the file to write (default: a new file in <data>/backups/)')
    .option('--passphrase-stdin', 'encrypt the backup with a passphrase read from standard input (typed twice without echo on a terminal)')
    .action(async (options: Options) => {
      const out = new Output(!!options.json);
      const dataDir = resolveDataDir(options.data);
      if (!existsSync(join(dataDir, DB_FILE))) throw new CliError(`There is no Lanyard database in ${dataDir}; check --data.`);
      const passphrase = options.passphraseStdin ? await readNewPassphrase() : undefined;
      const file = options.out ? resolve(options.out) : join(backupsDir(dataDir), backupName('manual', passphrase !== undefined, new Date()));
      const progress = progressLine('Backing up');
      let result;
      try {
        result = await createBackup({
          dataDir,
          out: file,
          passphrase,
          custody: masterKeyCustody(),
          pagesPerStep: CLI_PAGES_PER_STEP,
          onProgress: options.json ? undefined : ({ totalPages, remainingPages, pageSize }) => progress.update((totalPages - remainingPages) * pageSize, totalPages * pageSize),
        });
      } catch (error) {
        if (error instanceof BackupError) throw new CliError(error.message);
        throw error;
      } finally {
        progress.end();
      }
      out.print(result, () =>
        [
          `Backup written: ${result.file}`,
          `Size:           ${formatBytes(result.size)} (${result.size} bytes)`,
          `SHA-256:        ${result.sha256}`,
          '',
          result.encrypted
            ? `Encrypted with your passphrase (AES-256-GCM, key from scrypt). ${result.carriesKeys ? "It carries the master key, so a restore on another machine keeps the hub's keys and sessions. " : "It does not carry the master key (not readable here: a desktop app's is in its keychain), so a restore on another machine makes new keys. "}Without the passphrase nobody can read it — nor restore it.`
            : "Unencrypted: it holds every password hash, but not the master key, so restored on another machine the hub makes new keys and everyone signs in again. It is readable only by you; keep it that way, or use --passphrase-stdin.",
        ].join('\n'));
    });
}
