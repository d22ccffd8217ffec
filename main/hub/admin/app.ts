// How the admin service is put together: handlers grouped by domain (one file each), joined by
// combine(), and every change made through commit(): one transaction, then its audit events.
// (Actual Budget's createApp/combine and mutator() wrappers were the model.)
import type { OperationName, OperationOutput, OperationParsedInput, Status } from '../../../shared/admin-contract.ts';
import type { BackupService } from '../backup/service.ts';
import type { EventBus, EventInput } from '../events.ts';
import type { DeviceDecider } from '../oauth/device-decisions.ts';
import type { PersonalTokenMinter } from '../oauth/personal-tokens.ts';
import type { SecurityOptions } from './security.ts';
import type { Store } from '../store/index.ts';
import type { RevokedToken } from '../store/tokens.ts';

/** What only a running hub knows; the CLI without a server passes what it can. */
export type Runtime = { issuer: string; urls: string[]; startedAt: Date; warnings: string[]; dataDir: string; version: string; tls: Status['tls'] };

export type AdminDeps = {
  store: Store;
  events: EventBus;
  runtime: () => Runtime;
  /** Decides device requests through the provider, so only a running hub has one. */
  devices: () => DeviceDecider | undefined;
  /** Mints personal access tokens through a provider: the running hub's, or one made for the CLI. */
  personalTokens?: (() => PersonalTokenMinter | Promise<PersonalTokenMinter> | undefined) | undefined;
  /** The backups folder, the schedule's status, and restores (which only a running hub can take). */
  backups: BackupService;
  /** The master key and the running hub's lockout (admin/security.ts). */
  security: SecurityOptions;
};

export type Handler<K extends OperationName> = (input: OperationParsedInput<K>, actor: string) => Promise<OperationOutput<K>> | OperationOutput<K>;
export type Handlers = { [K in OperationName]: Handler<K> };

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Joins the domains' handler groups into one table, refusing an operation defined twice. */
export function combine<G extends Partial<Handlers>[]>(...groups: G): UnionToIntersection<G[number]> {
  const table: Record<string, unknown> = {};
  for (const group of groups) {
    for (const [name, handler] of Object.entries(group)) {
      if (name in table) throw new Error(`The admin operation "${name}" is defined twice.`);
      table[name] = handler;
    }
  }
  return table as UnionToIntersection<G[number]>;
}

/** What a change records while it runs; emitted only once its transaction has committed. */
export type Changes = {
  event(input: EventInput): void;
  /** Records revoked tokens as one token.revoked event (none when nothing was revoked); returns how many. */
  revoked(tokens: RevokedToken[], actor: string, describe: (count: number) => string): number;
};

/**
 * Runs `work` in one IMMEDIATE transaction: all of it lands or none of it does. Its events go to
 * the audit log and the live stream afterwards, so a change that rolled back is never reported.
 */
export function commit<T>(deps: Pick<AdminDeps, 'store' | 'events'>, work: (changes: Changes) => T): T {
  const recorded: EventInput[] = [];
  const changes: Changes = {
    event: (input) => recorded.push(input),
    revoked(tokens, actor, describe) {
      if (tokens.length > 0) {
        recorded.push({
          type: 'token.revoked',
          actor,
          summary: describe(tokens.length),
          clientId: tokens.length === 1 ? tokens[0]!.clientId : null,
          subject: tokens.length === 1 ? tokens[0]!.accountId : null,
          detail: { count: tokens.length, tokenIds: tokens.slice(0, 500).map((token) => token.id) },
        });
      }
      return tokens.length;
    },
  };
  const result = deps.store.transaction(() => work(changes));
  for (const input of recorded) deps.events.emit(input);
  return result;
}

/** A handler that is one change: commit() around it, with the input and actor passed through. */
export function mutation<K extends OperationName>(deps: Pick<AdminDeps, 'store' | 'events'>, work: (input: OperationParsedInput<K>, actor: string, changes: Changes) => OperationOutput<K>): Handler<K> {
  return (input, actor) => commit(deps, (changes) => work(input, actor, changes));
}

