// `lanyard import FILE`: applies a configuration document — the plan first, then all of it in one
// transaction or nothing. Deletes only with --prune; prints new secrets once.
import type { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openAdmin } from '../../hub/admin/open.ts';
import { ConfigError, MAX_DOCUMENT_BYTES } from '../../hub/config/document.ts';
import type { ConfigDocument } from '../../hub/config/document.ts';
import { importConfig, type ImportResult, type PlanItem } from '../../hub/config/import.ts';
import { resolveDataDir } from '../../hub/options.ts';
import { DB_FILE } from '../../hub/store/db.ts';
import { common, type Common } from '../common.ts';
import { CliError, Output, table } from '../output.ts';

type Options = Common & { dryRun?: boolean; prune?: boolean };

export function registerImport(root: Command): void {
  common(root.command('import <file>'))
    .description('apply a configuration file from `lanyard export`: prints the plan, then applies all of it or nothing')
    .option('--dry-run', 'print the plan and check every change, but change nothing')
    .option('--prune', 'also delete scopes, roles, applications (and, if the file lists users, users) that the file does not list')
    .action(async (file: string, options: Options) => {
      const out = new Output(!!options.json);
      // The YAML library is loaded for an import only, not by every `lanyard` command (serve included).
      const { parseConfig } = await import('../../hub/config/yaml.ts');
      const document = read(file, parseConfig);
      const dataDir = resolveDataDir(options.data);
      if (options.dryRun && !existsSync(join(dataDir, DB_FILE))) {
        throw new CliError(`There is no Lanyard database in ${dataDir}, and a dry run creates nothing: on a new hub every object in the file would be created. Run it without --dry-run to set the hub up.`);
      }
      const { store, events, close } = openAdmin(dataDir);
      let result: ImportResult;
      try {
        result = importConfig({ store, events }, document, { dryRun: !!options.dryRun, prune: !!options.prune, actor: 'cli' });
      } catch (error) {
        if (error instanceof ConfigError) throw new CliError(`${file}: ${error.message}\nNothing was changed.`);
        throw error;
      } finally {
        close();
      }
      out.print(result, () => describe(result));
    });
}

function read(file: string, parseConfig: (text: string) => ConfigDocument) {
  let text: string;
  try {
    if (statSync(file).size > MAX_DOCUMENT_BYTES) throw new CliError(`${file} is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; that is not a Lanyard configuration.`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file} cannot be read: ${(error as Error).message}`);
  }
  try {
    return parseConfig(text);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`${file}: ${error.message}\nNothing was changed.`);
    throw error;
  }
}

const ORDER: PlanItem['action'][] = ['create', 'update', 'delete', 'unchanged'];

function describe(result: ImportResult): string {
  const counts = ORDER.map((action) => [action, result.plan.filter((item) => item.action === action).length] as const).filter(([, count]) => count > 0);
  const rows = result.plan.filter((item) => item.action !== 'unchanged').map((item) => ({ action: item.action, what: item.section, name: item.name, changes: item.changes }));
  const lines = [
    rows.length ? table(rows, ['action', 'what', 'name', 'changes']) : 'Nothing to change: the hub already matches the file.',
    '',
    `${counts.map(([action, count]) => `${count} ${action === 'unchanged' ? 'unchanged' : `to ${action}`}`).join(', ') || 'an empty file'}.`,
    result.applied ? 'Applied, all in one transaction.' : 'Dry run: nothing was changed. Run it again without --dry-run to apply.',
  ];
  if (result.secrets.length) {
    lines.push('', 'New client secrets — store them now: they are not kept and will not be shown again.');
    for (const secret of result.secrets) lines.push(`  ${secret.name} (${secret.clientId}): ${secret.clientSecret}`);
  }
  return lines.join('\n');
}
