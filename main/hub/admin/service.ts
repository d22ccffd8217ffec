// The admin service: the one implementation of the shared admin contract. The CLI, the Electron
// IPC relay and the console's HTTP API all call `call()`; none holds business logic. The
// handlers live with their domain (users.ts, clients.ts, …); the rules they apply in domain/.
import { parseInput, type AdminError, type AdminResult, type OperationName, type OperationOutput, type Settings } from '../../../shared/admin-contract.ts';
import { RuleError } from '../domain/errors.ts';
import { combine, type AdminDeps, type Handler, type Handlers } from './app.ts';
import { backupHandlers } from './backups.ts';
import { clientHandlers } from './clients.ts';
import { deviceHandlers } from './devices.ts';
import { factorHandlers } from './factors.ts';
import { personalTokenHandlers } from './personal-tokens.ts';
import { pairingHandlers } from './pairings.ts';
import { roleHandlers } from './roles.ts';
import { securityHandlers } from './security.ts';
import { readSettings, settingsHandlers } from './settings.ts';
import { statusHandlers } from './status.ts';
import { tokenHandlers } from './tokens.ts';
import { userHandlers } from './users.ts';

export type { Runtime } from './app.ts';

const NO_MASTER_KEY: AdminDeps['security'] = { masterKey: () => undefined, masterKeySource: 'no master key was given to this admin service', serving: false };

export class AdminService {
  readonly #deps: AdminDeps;
  readonly #log: (error: unknown, operation: string) => void;
  readonly #handlers: Handlers;

  /** Without `security`, key operations say the master key is not available here, and sealed user codes stay hidden. */
  constructor(deps: Omit<AdminDeps, 'devices' | 'security'> & { devices?: AdminDeps['devices'] | undefined; security?: AdminDeps['security'] | undefined; logError?: (error: unknown, operation: string) => void }) {
    this.#deps = { ...deps, devices: deps.devices ?? (() => undefined), security: deps.security ?? NO_MASTER_KEY };
    this.#log = deps.logError ?? (() => {});
    const d = this.#deps;
    this.#handlers = combine(statusHandlers(d), settingsHandlers(d), roleHandlers(d), userHandlers(d), clientHandlers(d), tokenHandlers(d), deviceHandlers(d), securityHandlers(d), factorHandlers(d), personalTokenHandlers(d), backupHandlers(d), pairingHandlers(d));
  }

  /** Validates, runs and reports one operation. Never throws; errors come back as values. */
  async call<K extends OperationName>(operation: K, input: unknown, actor: string): Promise<AdminResult<OperationOutput<K>>> {
    const parsed = parseInput(operation, input);
    if (!parsed.ok) return parsed;
    try {
      const handler = this.#handlers[operation] as Handler<K>;
      return { ok: true, value: await handler(parsed.value, actor) };
    } catch (error) {
      return { ok: false, error: this.#toAdminError(error, operation) };
    }
  }

  /** For callers that prefer exceptions (the CLI): throws an AdminFailure. */
  async run<K extends OperationName>(operation: K, input: unknown, actor: string): Promise<OperationOutput<K>> {
    const result = await this.call(operation, input, actor);
    if (!result.ok) throw new AdminFailure(result.error);
    return result.value;
  }

  settings(): Settings {
    return readSettings(this.#deps.store);
  }

  #toAdminError(error: unknown, operation: string): AdminError {
    if (error instanceof RuleError) {
      return { code: error.code, message: error.message, ...(error.field ? { fields: { [error.field]: error.message } } : {}) };
    }
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
    if (code.startsWith('SQLITE_CONSTRAINT')) return { code: 'conflict', message: 'That change conflicts with existing data; reload and try again.' };
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return { code: 'conflict', message: 'The database is busy with another change; try again in a moment.' };
    this.#log(error, operation);
    return { code: 'internal', message: `The hub could not complete "${operation}"; the hub's log has the details.` };
  }
}

export class AdminFailure extends Error {
  readonly error: AdminError;
  constructor(error: AdminError) {
    super(error.message);
    this.name = 'AdminFailure';
    this.error = error;
  }
}
