// The configuration document as YAML: written by `lanyard export`, read by `lanyard import`.
// Apart from document.ts (the format) so that the YAML library is loaded by those two commands
// only, not by the hub and every other `lanyard` command that use the format.
import { LineCounter, parseDocument, stringify } from 'yaml';
import { Settings } from '../../../shared/admin-contract.ts';
import { ConfigDocument, ConfigError, MAX_DOCUMENT_BYTES, formatPath, normalize } from './document.ts';

const SETTINGS_ORDER: (keyof Settings)[] = Object.keys(Settings.shape) as (keyof Settings)[];

export function toYaml(document: ConfigDocument): string {
  const normal = normalize(document);
  const settings = normal.settings && Object.fromEntries(SETTINGS_ORDER.filter((key) => key in normal.settings!).map((key) => [key, normal.settings![key]]));
  const header = [
    '# Lanyard configuration: scopes, roles, applications and settings' + (normal.users ? ', and users with their password hashes.' : '.'),
    '# Apply it to a hub with: lanyard import FILE --dry-run   (then without --dry-run)',
    ...(normal.users ? ['# It holds password hashes: keep it as private as a backup.'] : []),
  ];
  return `${header.join('\n')}\n${stringify({ ...normal, ...(settings ? { settings } : {}) }, { lineWidth: 0, indent: 2 })}`;
}

/** Parses and validates a YAML document; throws ConfigError naming each problem's line and path. */
export function parseConfig(text: string): ConfigDocument {
  if (Buffer.byteLength(text) > MAX_DOCUMENT_BYTES) throw new ConfigError([`the file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; that is not a Lanyard configuration`]);
  const lines = new LineCounter();
  const yaml = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (yaml.errors.length) {
    throw new ConfigError(yaml.errors.slice(0, 10).map((error) => `line ${lines.linePos(error.pos[0]).line}: ${error.message.split('\n')[0]}`));
  }
  const parsed = ConfigDocument.safeParse(yaml.toJS({ maxAliasCount: 100 }));
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.slice(0, 20).map((issue) => {
      const node = yaml.getIn(issue.path as (string | number)[], true) as { range?: [number, number, number] } | undefined;
      const at = node?.range ? `line ${lines.linePos(node.range[0]).line}, ` : '';
      return `${at}${formatPath(issue.path)}: ${issue.message}`;
    }),
  );
}

