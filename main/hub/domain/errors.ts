// The one error a rule or a lookup raises for a condition the caller must handle. It carries a
// contract error code and one sentence that says what is wrong and what to do, in the words of
// whoever reads it (console, CLI, API) — never a command line's syntax. The admin service turns
// it into an AdminError; the HTTP API into a status (http/status.ts).
import type { AdminErrorCode } from '../../../shared/admin-contract.ts';

export class RuleError extends Error {
  readonly code: AdminErrorCode;
  /** The input field the problem is about, for forms. */
  readonly field: string | undefined;
  constructor(code: AdminErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'RuleError';
    this.code = code;
    this.field = field;
  }
}

export const notFound = (message: string, field?: string) => new RuleError('not_found', message, field);
export const conflict = (message: string, field?: string) => new RuleError('conflict', message, field);
export const invalid = (message: string, field?: string) => new RuleError('invalid_input', message, field);
export const forbidden = (message: string, field?: string) => new RuleError('forbidden', message, field);
