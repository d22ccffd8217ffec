// `lanyard restore FILE`: checks a backup and swaps it in for the hub's database, keeping the
// current one as a dated .before-restore copy. Refused while a hub serves the data folder.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { masterKeyCustody } from '../../hub/backup/key-custody.ts';
import { applyRestore, isEncryptedBackup, RestoreRefused, stageRestore, type AppliedRestore } from '../../hub/backup/restore.ts';
import { EventBus } from '../../hub/events.ts';
import { resolveDataDir } from '../../hub/options.ts';
import { runningHub } from '../../hub/presence.ts';
import { Store } from '../../hub/store/index.ts';
import { common, type Common } from '../common.ts';
import { CliError, Output } from '../output.ts';
import { readExistingPassphrase } from '../passphrase.ts';

type Options = Common & { passphraseStdin?: boolean };

const KEYS_OUTCOME: Record<AppliedRestore['keys'], string> = {
  kept: "The hub's signing, cookie and CSRF keys open with this machine's master key: sessions, tokens and the JWKS are as they were in the backup.",
  carried: "The encrypted backup carried its master key, which is now this data folder's (a replaced key is kept beside it as .before-restore): sessions, tokens and the JWKS are as they were in the backup.",
  new: "FRESH KEYS: this machine's master key cannot open the backup's keys (an unencrypted backup never carries the master key), so the hub makes new signing, cookie and CSRF keys. The backup's tokens and sessions were dropped: everyone signs in again and applications fetch the new JWKS. Applications, users and roles are restored as they were. To keep the keys, restore an encrypted backup (--passphrase-stdin) instead.",
};

export function registerRestore(root: Command): void {
  common(root.command('restore <file>'))
    .description("replace the hub's database with a backup (the current one is kept as a dated .before-restore copy)")
    .option('--passphrase-stdin', "read an encrypted backup's passphrase from standard input")
    .action(async (file: string, options: Options) => {
      const out = new Output(!!options.json);
      const dataDir = resolveDataDir(options.data);
      const hub = runningHub(dataDir);
      if (hub) {
        throw new CliError(`A hub is running on ${dataDir} (process ${hub.pid}, ${hub.url}). Stop it first, or restore from its console (Settings → Backups), which restarts it on the backup.`);
      }
      const source = resolve(file);
      let applied: AppliedRestore | undefined;
      try {
        const passphrase = (await isEncryptedBackup(source)) ? await readExistingPassphrase(source, !!options.passphraseStdin) : undefined;
        await stageRestore({ dataDir, file: source, passphrase, custody: masterKeyCustody() });
        applied = await applyRestore(dataDir, masterKeyCustody());
      } catch (error) {
        if (error instanceof RestoreRefused) throw new CliError(`${error.message} Nothing was changed.`);
        throw error;
      }
      if (!applied) throw new CliError('The restore was not applied; run it again.');
      record(dataDir, applied);
      out.print(applied, () =>
        [
          `Restored ${dataDir} from ${applied.source}`,
          `SHA-256 of the backup: ${applied.sha256}`,
          applied.beforeRestore ? `The database it replaced is kept as ${applied.beforeRestore}` : 'The folder had no database before.',
          KEYS_OUTCOME[applied.keys],
          ...unreadableAuthenticators(applied.unreadableAuthenticators),
          'Start the hub to serve the restored data.',
        ].join('\n'));
    });
}

/** What users whose authenticator app the new keys cannot open must do (their two-step sign-in stays on). */
function unreadableAuthenticators(count: number): string[] {
  if (count === 0) return [];
  const who = count === 1 ? "1 user's authenticator app" : `${count} users' authenticator apps`;
  return [`${who} cannot be checked with the new keys (they were sealed under the backup's master key). Two-step sign-in stays on: they sign in with a recovery code or a passkey and set the app up again on their account page, or you run \`lanyard user reset-2fa NAME\`.`];
}

/** Writes the restore into the restored database's audit log. */
function record(dataDir: string, applied: AppliedRestore): void {
  const store = new Store(dataDir);
  try {
    new EventBus(store).emit({ type: 'backup.restored', actor: 'cli', summary: `Restored from ${applied.source} (keys: ${applied.keys})`, detail: { ...applied } });
  } finally {
    store.close();
  }
}
