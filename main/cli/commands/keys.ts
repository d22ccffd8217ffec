// `lanyard keys`: the hub's signing, cookie and CSRF keys, sealed in the database with the
// master key (main/hub/security/keyring.ts). Shows ids and dates, never key material.
import type { Command } from 'commander';
import type { KeyStatus } from '../../../shared/admin-contract.ts';
import { common, withAdmin, type Common } from '../common.ts';
import { CliError } from '../output.ts';

function describe(status: KeyStatus): string {
  if (status.signingKeys.length === 0) return status.masterKeyId ? 'No keys yet: the hub makes them on its first start ("lanyard serve").' : `The master key is not available here (${status.masterKeySource}); it is made on the hub's first start ("lanyard serve").`;
  const lines = [`Master key:  ${status.masterKeyId ?? '(not available here)'}  (${status.masterKeySource})`, 'Signing keys:'];
  for (const key of status.signingKeys) lines.push(`  ${key.kid}  made ${key.createdAt}${key.current ? '  (signs)' : `  (verifies only, until ${key.retiresAt ?? '?'})`}`);
  lines.push(`Cookie keys: ${status.cookieKeys} (the newest signs; older ones keep sessions valid)`);
  return lines.join('\n');
}

const restartNote = (restartRequired: boolean) => (restartRequired ? '\nRestart the hub to start using them.' : '\nA running hub uses them from its next start.');

export function registerKeys(root: Command): void {
  const keys = root.command('keys').description("the hub's signing and cookie keys (sealed with the master key, kept outside the database)");
  common(keys.command('show'))
    .description('key ids and dates, and where the master key is kept')
    .action((options: Common) =>
      withAdmin(options, async (call, out) => {
        const status = await call('keys.status', {});
        out.print(status, () => describe(status));
      }));
  common(keys.command('rotate'))
    .description('make new keys; the old signing key stays published (verify only) for a day, old cookie keys keep sessions for 14 days')
    .action((options: Common) =>
      withAdmin(options, async (call, out) => {
        const { status, restartRequired } = await call('keys.rotate', {});
        out.print(status, () => `New keys made.\n${describe(status)}${restartNote(restartRequired)}`);
      }));
  common(keys.command('reset'))
    .description('replace every key, for a database whose master key is lost: everyone signs in again, ID tokens already issued stop verifying')
    .option('--yes', 'confirm: discard every key this database has')
    .action((options: Common & { yes?: boolean }) => {
      if (!options.yes) throw new CliError('This discards every key of this hub (everyone signs in again). Run it again with --yes to go ahead.');
      return withAdmin(options, async (call, out) => {
        const { status, restartRequired } = await call('keys.reset', { confirm: true });
        out.print(status, () => `Every key replaced.\n${describe(status)}${restartNote(restartRequired)}`);
      });
    });
}
