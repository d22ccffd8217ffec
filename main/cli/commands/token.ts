// `lanyard token …`: list live tokens (by the public id the console also shows) and revoke them.
import { Option, type Command } from 'commander';
import type { Token, TokenType } from '../../../shared/admin-contract.ts';
import { integer } from '../arguments.ts';
import { collectPages, common, userIdOf, withAdmin, type Common } from '../common.ts';
import { CliError, table } from '../output.ts';

export function registerToken(root: Command): void {
  const token = root.command('token').description('list and revoke live tokens');
  for (const declare of [list, revoke]) declare(token);
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
        const rows = tokens.map((t) => ({ id: t.id, type: t.type, client_id: t.clientId, subject: t.username ?? t.subject, scope: t.scope, expires_at: t.expiresAt }));
        out.print(rows, () => table(rows, ['id', 'type', 'client_id', 'subject', 'scope', 'expires_at']));
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
