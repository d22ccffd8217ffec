// `lanyard export`: the hub's configuration as YAML (main/hub/config/), for another hub or git.
import type { Command } from 'commander';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openAdmin } from '../../hub/admin/open.ts';
import { exportConfig } from '../../hub/config/export.ts';
import { resolveDataDir } from '../../hub/options.ts';
import { common, type Common } from '../common.ts';

type Options = Common & { out?: string; includeUsers?: boolean };

export function registerExport(root: Command): void {
  common(root.command('export'))
    .description('write scopes, roles, applications (secrets only as hashes) and settings as YAML')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--include-users', 'add users with their password hashes and roles (keep such a file private)')
    .action(async (options: Options) => {
      // The YAML library is loaded for an export only, not by every `lanyard` command (serve included).
      const { toYaml } = await import('../../hub/config/yaml.ts');
      const { store, admin, close } = openAdmin(resolveDataDir(options.data));
      let text: string;
      try {
        const document = exportConfig(store, admin, { includeUsers: !!options.includeUsers });
        text = options.json ? `${JSON.stringify(document, null, 2)}\n` : toYaml(document);
      } finally {
        close();
      }
      if (!options.out) {
        process.stdout.write(text);
        return;
      }
      const file = resolve(options.out);
      if (existsSync(file)) chmodSync(file, 0o600); // private before the hashes go in
      writeFileSync(file, text, { mode: 0o600 });
      if (!options.includeUsers) chmodSync(file, 0o644); // secrets only as hashes of 256-bit values: fit for git
      process.stderr.write(`Configuration written to ${file}${options.includeUsers ? ' (with password hashes: readable only by you)' : ''}\n`);
    });
}
