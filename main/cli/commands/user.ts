// `lanyard user …`: people who sign in; passwords are read from standard input, never from flags.
import type { Command } from 'commander';
import type { User } from '../../../shared/admin-contract.ts';
import { DURATION_FORMS, duration, repeatable } from '../arguments.ts';
import { collectPages, common, userOf, withAdmin, type Common } from '../common.ts';
import { CliError, table } from '../output.ts';
import { readPasswordFromStdin } from '../secret-input.ts';

export function registerUser(root: Command): void {
  const user = root.command('user').description('manage users');
  for (const declare of [add, list, disableAndEnable, setPassword, setRoles, grantRole, revokeRole, setExpiry, resetSecondFactors, unlock, remove]) declare(user);
}

/** A guest's account lasts from a minute to ten years. */
const expiry = duration('--expires', 60, 10 * 365 * 86_400);
/** `--expires 24h` as the moment the account ends. */
const expiresAt = (seconds: number): string => new Date(Date.now() + seconds * 1000).toISOString();
const until = (user: User) => (user.expiresAt ? `, until ${user.expiresAt}` : '');
/** "guest until 2026-…": a role as people read it, with its end if it has one. */
const roleHeld = (user: User, role: string) => (user.roleExpiries?.[role] ? `${role} until ${user.roleExpiries[role]}` : role);
const rolesHeld = (user: User) => user.roles.map((role) => roleHeld(user, role)).join(', ');

function add(user: Command): void {
  common(user.command('add <username>'))
    .description('create a user; the password is read from standard input')
    .option('--role <role>', 'a role to give (repeat for several)', repeatable, [])
    .option('--password-stdin', 'read the password from standard input (typed without echo on a terminal)')
    .option('--expires <duration>', `a guest: the account ends after ${DURATION_FORMS}`, expiry)
    .action(async (username: string, options: Common & { role: string[]; passwordStdin?: boolean; expires?: number }) => {
      if (!options.passwordStdin) throw new CliError('give the password on standard input with --password-stdin, e.g. printf %s "$PASSWORD" | lanyard user add NAME --role ROLE --password-stdin');
      const password = await readPasswordFromStdin();
      await withAdmin(options, async (call, out) => {
        const created = await call('users.create', { username, password, roles: options.role, ...(options.expires ? { expiresAt: expiresAt(options.expires) } : {}) });
        out.print(created, () => `User ${created.username} created (id ${created.id})${created.roles.length ? ` with role ${created.roles.join(', ')}` : ''}${until(created)}`);
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
        out.print(users, () => table(users.map((u) => ({ ...u, roles: rolesHeld(u) })), ['username', 'roles', 'disabled', 'expiresAt', 'lastLoginAt', 'id']));
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
        out.print(updated, () => `User ${updated.username} now has roles: ${rolesHeld(updated) || '(none)'}`);
      }));
}

function grantRole(user: Command): void {
  common(user.command('grant-role <username> <role>'))
    .description("give a user one more role, for good or until a time (--expires 48h: a weekend's guest role on a resident's account); giving it again sets its end anew")
    .option('--expires <duration>', `the role ends after ${DURATION_FORMS}; without it the role is held for good`, expiry)
    .action((username: string, role: string, options: Common & { expires?: number }) =>
      withAdmin(options, async (call, out) => {
        const current = await userOf(call, username);
        const roles = [...new Set([...current.roles, role])];
        const updated = await call('users.update', { id: current.id, roles, roleExpiries: { [role]: options.expires ? expiresAt(options.expires) : null } });
        out.print(updated, () => `User ${updated.username} holds ${roleHeld(updated, role)}${updated.roleExpiries?.[role] ? '' : ' for good'}`);
      }));
}

function revokeRole(user: Command): void {
  common(user.command('revoke-role <username> <role>'))
    .description('take one role from a user; their tokens carrying its permissions stop working at once')
    .action((username: string, role: string, options: Common) =>
      withAdmin(options, async (call, out) => {
        const current = await userOf(call, username);
        if (!current.roles.includes(role)) throw new CliError(`User ${current.username} does not hold the role "${role}".`);
        const updated = await call('users.update', { id: current.id, roles: current.roles.filter((held) => held !== role) });
        out.print(updated, () => `User ${updated.username} no longer holds ${role}; roles: ${rolesHeld(updated) || '(none)'}`);
      }));
}

function resetSecondFactors(user: Command): void {
  common(user.command('reset-2fa <username>'))
    .description("remove a user's authenticator app, passkeys and recovery codes (they lost them)")
    .action((username: string, options: Common) =>
      withAdmin(options, async (call, out) => {
        const updated = await call('users.resetSecondFactors', { id: username });
        out.print(updated, () => `Second factors of ${updated.username} removed; they set new ones up at their next sign-in or at /account.`);
      }));
}

function setExpiry(user: Command): void {
  common(user.command('set-expiry <username>'))
    .description("end a user's account after a while (a guest), or never")
    .option('--expires <duration>', `the account ends after ${DURATION_FORMS}`, expiry)
    .option('--never', 'the account does not expire')
    .action((username: string, options: Common & { expires?: number; never?: boolean }) => {
      if (!options.expires === !options.never) throw new CliError('give exactly one of --expires DURATION or --never.', 2);
      return withAdmin(options, async (call, out) => {
        const updated = await call('users.update', { id: username, expiresAt: options.expires ? expiresAt(options.expires) : null });
        out.print(updated, () => `User ${updated.username} ${updated.expiresAt ? `expires at ${updated.expiresAt}` : 'does not expire'}`);
      });
    });
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
