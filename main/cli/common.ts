// What every `lanyard` subcommand shares: the --data and --json options, running admin
// operations on the data directory as the actor "cli", following paged listings, finding a user.
import type { Command } from 'commander';
import type { OperationName, OperationOutput, User } from '../../shared/admin-contract.ts';
import { openAdmin } from '../hub/admin/open.ts';
import { resolveDataDir } from '../hub/options.ts';
import { CliError, Output } from './output.ts';

/** The options every subcommand has. */
export type Common = { data?: string; json?: boolean };

/** Runs one admin operation; what the admin service returns, or its AdminFailure thrown. */
export type Call = <K extends OperationName>(operation: K, input: unknown) => Promise<OperationOutput<K>>;

const ACTOR = 'cli';
/** The most rows one listing call asks for. */
const PAGE_SIZE = 500;

/** Adds --data and --json to a subcommand. */
export function common(command: Command): Command {
  return command
    .option('--data <dir>', 'data directory (default: $LANYARD_DATA, else the per-user application-data folder)')
    .option('--json', 'machine-readable output');
}

/** Opens the data directory's admin service for `work`, then closes it. */
export async function withAdmin<T>(options: Common, work: (call: Call, out: Output) => Promise<T>): Promise<T> {
  const out = new Output(!!options.json);
  const { admin, close } = openAdmin(resolveDataDir(options.data));
  try {
    return await work((operation, input) => admin.run(operation, input, ACTOR), out);
  } finally {
    close();
  }
}

/** Follows a paged listing's cursors until the end or `max` rows, asking for at most what is still wanted. */
export async function collectPages<T>(page: (cursor: string | undefined, limit: number) => Promise<{ items: T[]; nextCursor: string | null }>, max = Infinity): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  while (items.length < max) {
    const next = await page(cursor, Math.min(PAGE_SIZE, max - items.length));
    items.push(...next.items);
    if (!next.nextCursor) break;
    cursor = next.nextCursor;
  }
  return items;
}

/** The user with exactly this username (any case), or a one-line error. */
export async function userOf(call: Call, username: string): Promise<User> {
  const matches = await collectPages<User>((cursor, limit) => call('users.list', { query: username, cursor, limit }));
  const match = matches.find((u) => u.username.toLowerCase() === username.toLowerCase());
  if (!match) throw new CliError(`There is no user "${username}".`);
  return match;
}

/** The id of the user with exactly this username (any case), or a one-line error. */
export const userIdOf = async (call: Call, username: string): Promise<string> => (await userOf(call, username)).id;
