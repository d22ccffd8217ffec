// `lanyard token …`: list live tokens (by the public id the console also shows), create a user's
// personal access token, and revoke them.
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Token, TokenType } from '../../../shared/admin-contract.ts';
import { integer, parseDuration, scopeList } from '../arguments.ts';
import { collectPages, common, userIdOf, withAdmin, type Common } from '../common.ts';
import { CliError, table } from '../output.ts';

export function registerToken(root: Command): void {
  const token = root.command('token').description('list, create (personal access tokens) and revoke live tokens');
  for (const declare of [list, create, revoke]) declare(token);
}

function list(token: Command): void {
  common(token.command('list'))
    .description('list live tokens, newest first')
    .option('--client <clientId>', 'only this client')
    .option('--user <username>', 'only this user')
    .addOption(new Option('--type <type>', 'only this kind of token').choices(['access_token', 'client_credentials', 'refresh_token']))
    .option('--limit <n>', 'at most this many rows', integer('--limit', 1, 100_000), 100)
    .action((options: Common & { client?: string; user?: string; type?: TokenType; limit: number }) =>
      withAdmin(options, async (call, out) => {
        const userId = options.user === undefined ? undefined : await userIdOf(call, options.user);
        const tokens = await collectPages<Token>((cursor, limit) => call('tokens.list', { clientId: options.client, userId, type: options.type, cursor, limit }), options.limit);
        const rows = tokens.map((t) => ({ id: t.id, type: t.type, client_id: t.clientId, subject: t.username ?? t.subject, name: t.name, scope: t.scope, expires_at: t.expiresAt }));
        out.print(rows, () => table(rows, ['id', 'type', 'client_id', 'subject', 'name', 'scope', 'expires_at']));
      }));
}

/** `--expires 30d`: a duration (as for every other flag) in seconds, or "never". */
function lifetime(value: string): number | 'never' {
  if (value.trim() === 'never') return 'never';
  const seconds = parseDuration(value);
  if (seconds === undefined) throw new InvalidArgumentError('--expires takes a duration such as 30d, 12h or 1y (s, m, h, d, w, y), or "never".');
  return seconds;
}

function create(token: Command): void {
  common(token.command('create'))
    .description("create a personal access token for a user, with some of their roles' scopes; prints it once")
    .requiredOption('--user <username>', 'whose token it is')
    .requiredOption('--name <label>', 'what it is for, e.g. "backup script"')
    .requiredOption('--scopes <scopes>', "space- or comma-separated scopes, each held by the user's roles")
    .option('--expires <duration>', 'lifetime: 30d, 12h, 1y … or "never" (the default; the token then works until revoked)', lifetime)
    .action((options: Common & { user: string; name: string; scopes: string; expires?: number | 'never' }) =>
      withAdmin(options, async (call, out) => {
        const expiresIn = typeof options.expires === 'number' ? options.expires : null;
        const created = await call('personalTokens.create', { userId: await userIdOf(call, options.user), name: options.name, scopes: scopeList(options.scopes), expiresIn });
        if (created.expiresAt === null) process.stderr.write('lanyard: warning: this token never expires; revoke it ("lanyard token revoke ID") when it is no longer needed.\n');
        const result = { id: created.id, token: created.token, name: created.name, scope: created.scope, expires_at: created.expiresAt };
        out.print(result, () => [`Personal access token "${created.name}" created (id ${created.id}).`, `token:   ${created.token}`, `scope:   ${created.scope}`, `expires: ${created.expiresAt ?? 'never'}`, '', 'Store it now: it is not kept and will not be shown again.'].join('\n'));
      }));
}

function revoke(token: Command): void {
  common(token.command('revoke <ids...>'))
    .description('revoke tokens by the id `token list` shows')
    .action((ids: string[], options: Common) =>
      withAdmin(options, async (call, out) => {
        const { revoked } = await call('tokens.revoke', { ids });
        if (revoked === 0) throw new CliError(`No live token has the id ${ids.join(', ')}; run "lanyard token list" to see the ids.`);
        out.print({ revoked }, () => `${revoked} token(s) revoked`);
      }));
}
