// Page cursors are opaque to callers: base64url JSON of the last row's sort key.
import { invalid } from '../domain/errors.ts';

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
