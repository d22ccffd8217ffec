// Errors the store raises for conditions callers must handle; the admin service turns them
// into contract errors (code + a sentence that says what to do).
import type { AdminErrorCode } from '../../../shared/admin-contract.ts';

export class StoreError extends Error {
  readonly code: AdminErrorCode;
  readonly field: string | undefined;
  constructor(code: AdminErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
    this.field = field;
  }
}

export const notFound = (message: string, field?: string) => new StoreError('not_found', message, field);
export const conflict = (message: string, field?: string) => new StoreError('conflict', message, field);
export const invalid = (message: string, field?: string) => new StoreError('invalid_input', message, field);

/** Cursor strings are opaque to callers: base64url JSON of the last row's sort key. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
export function decodeCursor<T>(cursor: string | undefined, check: (value: unknown) => value is T): T | undefined {
  if (!cursor) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('The page cursor is not valid; start again from the first page.', 'cursor');
  }
  if (!check(value)) throw invalid('The page cursor is not valid; start again from the first page.', 'cursor');
  return value;
}

export const iso = (seconds: number | null | undefined): string | null =>
  seconds === null || seconds === undefined ? null : new Date(seconds * 1000).toISOString();
