// `lanyard user …`: people who sign in; passwords are read from standard input, never from flags.
import type { Command } from 'commander';
import type { User } from '../../../shared/admin-contract.ts';
import { repeatable } from '../arguments.ts';
import { collectPages, common, withAdmin, type Common } from '../common.ts';
import { CliError, table } from '../output.ts';
import { readPasswordFromStdin } from '../secret-input.ts';

export function registerUser(root: Command): void {
  const user = root.command('user').description('manage users');
  for (const declare of [add, list, disableAndEnable, setPassword, setRoles, unlock, remove]) declare(user);
}

function add(user: Command): void {
  common(user.command('add <username>'))
    .description('create a user; the password is read from standard input')
    .option('--role <role>', 'a role to give (repeat for several)', repeatable, [])
    .option('--password-stdin', 'read the password from standard input (typed without echo on a terminal)')
    .action(async (username: string, options: Common & { role: string[]; passwordStdin?: boolean }) => {
      if (!options.passwordStdin) throw new CliError('give the password on standard input with --password-stdin, e.g. printf %s "$PASSWORD" | lanyard user add NAME --role ROLE --password-stdin');
      const password = await readPasswordFromStdin();
      await withAdmin(options, async (call, out) => {
        const created = await call('users.create', { username, password, roles: options.role });
        out.print(created, () => `User ${created.username} created (id ${created.id})${created.roles.length ? ` with role ${created.roles.join(', ')}` : ''}`);
      });
    });
}

function list(user: Command): void {
  common(user.command('list'))
    .description('list users')
    .option('--search <text>', 'only usernames containing this')
    .action((options: Common & { search?: string }) =>
      withAdmin(options, async (call, out) => {
        const users = await collectPages<User>((cursor, limit) => call('users.list', { query: options.search, cursor, limit }));
        out.print(users, () => table(users, ['username', 'roles', 'disabled', 'lastLoginAt', 'id']));
      }));
}

function disableAndEnable(user: Command): void {
  for (const [name, disabled] of [['disable', true], ['enable', false]] as const) {
    common(user.command(`${name} <username>`))
      .description(disabled ? 'disable a user and revoke every token they hold' : 'enable a disabled user')
      .action((username: string, options: Common) =>
        withAdmin(options, async (call, out) => {
          const updated = await call('users.update', { id: username, disabled });
          out.print(updated, () => `User ${updated.username} ${disabled ? 'disabled; their tokens are revoked' : 'enabled'}`);
        }));
  }
}

function setPassword(user: Command): void {
  common(user.command('set-password <username>'))
    .description("reset a user's password, read from standard input")
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, options: Common & { passwordStdin?: boolean }) => {
      if (!options.passwordStdin) throw new CliError('give the new password on standard input with --password-stdin.');
      const password = await readPasswordFromStdin('New password: ');
      await withAdmin(options, async (call, out) => {
        const updated = await call('users.setPassword', { id: username, password });
        out.print(updated, () => `Password of ${updated.username} changed`);
      });
    });
}

function setRoles(user: Command): void {
  common(user.command('set-roles <username>'))
    .description("replace a user's roles")
    .option('--role <role>', 'a role (repeat for several; none removes all)', repeatable, [])
    .action((username: string, options: Common & { role: string[] }) =>
      withAdmin(options, async (call, out) => {
        const updated = await call('users.update', { id: username, roles: options.role });
        out.print(updated, () => `User ${updated.username} now has roles: ${updated.roles.join(', ') || '(none)'}`);
      }));
}

function unlock(user: Command): void {
  common(user.command('unlock <username>'))
    .description('forget the failed sign-ins counted against a user, so they may sign in again from everywhere (a running hub applies it within a second)')
    .action((username: string, options: Common) =>
      withAdmin(options, async (call, out) => {
        const unlocked = await call('users.unlock', { id: username });
        out.print(unlocked, () => `Failed sign-ins of ${unlocked.username} forgotten`);
      }));
}

function remove(user: Command): void {
  common(user.command('delete <username>'))
    .description('delete a user and revoke their tokens')
    .action((username: string, options: Common) =>
      withAdmin(options, async (call, out) => {
        await call('users.delete', { id: username });
        out.print({ deleted: username }, () => `User ${username} deleted`);
      }));
}
