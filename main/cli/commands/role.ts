// `lanyard role …`: roles are a name and the scopes (permissions) their users hold; an assignable
// role may also be given by applications that create users (POST /api/users).
import { Argument, type Command } from 'commander';
import type { Role } from '../../../shared/admin-contract.ts';
import { scopeList } from '../arguments.ts';
import { common, withAdmin, type Common } from '../common.ts';
import { table } from '../output.ts';

export function registerRole(root: Command): void {
  const role = root.command('role').description('manage roles: a name and the scopes (permissions) its users hold');
  for (const declare of [add, list, setScopes, setAssignable, remove]) declare(role);
}

const scopesOf = (role: Role) => role.scopes.join(' ') || '(none)';

function add(role: Command): void {
  common(role.command('add <name>'))
    .description('create a role')
    .option('--scopes <scopes>', 'space- or comma-separated scopes', '')
    .option('--description <text>', 'what the role is for', '')
    .option('--assignable', 'applications that create users (users:create) may give this role')
    .action((name: string, options: Common & { scopes: string; description: string; assignable?: boolean }) =>
      withAdmin(options, async (call, out) => {
        const created = await call('roles.create', { name, description: options.description, scopes: scopeList(options.scopes), assignable: !!options.assignable });
        out.print(created, () => `Role ${created.name} created with scopes: ${scopesOf(created)}${created.assignable ? '; applications may give it' : ''}`);
      }));
}

function list(role: Command): void {
  common(role.command('list'))
    .description('list roles and their scopes')
    .action((options: Common) =>
      withAdmin(options, async (call, out) => {
        const roles = await call('roles.list', {});
        out.print(roles, () => table(roles, ['name', 'scopes', 'userCount', 'builtin', 'assignable']));
      }));
}

function setScopes(role: Command): void {
  common(role.command('set-scopes <name>'))
    .description("replace a role's scopes")
    .requiredOption('--scopes <scopes>', 'space- or comma-separated scopes')
    .action((name: string, options: Common & { scopes: string }) =>
      withAdmin(options, async (call, out) => {
        const updated = await call('roles.update', { name, scopes: scopeList(options.scopes) });
        out.print(updated, () => `Role ${updated.name} now has scopes: ${scopesOf(updated)}`);
      }));
}

function setAssignable(role: Command): void {
  common(role.command('set-assignable').argument('<name>').addArgument(new Argument('<state>', 'on: applications may give the role; off: only administrators').choices(['on', 'off'])))
    .description('let applications that create users give a role, or stop them')
    .action((name: string, state: 'on' | 'off', options: Common) =>
      withAdmin(options, async (call, out) => {
        const updated = await call('roles.update', { name, assignable: state === 'on' });
        out.print(updated, () => `Role ${updated.name} ${updated.assignable ? 'may now be given by applications' : 'may now be given only by administrators'}`);
      }));
}

function remove(role: Command): void {
  common(role.command('delete <name>'))
    .description('delete a role nobody holds')
    .action((name: string, options: Common) =>
      withAdmin(options, async (call, out) => {
        await call('roles.delete', { name });
        out.print({ deleted: name }, () => `Role ${name} deleted`);
      }));
}
