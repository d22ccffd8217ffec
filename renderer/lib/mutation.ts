// Running one operation from a button or form, saying so when it worked, and showing what the
// hub said about each field.
import { useCallback, useState } from 'react';
import { notifications } from '@mantine/notifications';
import type { AdminError, OperationInput, OperationName, OperationOutput } from '../../shared/admin-contract.ts';
import { callOrThrow, toAdminError, useApi } from './api.tsx';

/** Runs one operation from a button or form: loading flag, AdminError, and the value. */
export function useMutation<K extends OperationName>(operation: K) {
  const api = useApi();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<AdminError | null>(null);
  const run = useCallback(
    /** Resolves to the value, or to undefined after the error is shown (and passed to `onError`). */
    async (input: OperationInput<K>, onError?: (error: AdminError) => void): Promise<OperationOutput<K> | undefined> => {
      setLoading(true);
      setError(null);
      try {
        return await callOrThrow(api, operation, input);
      } catch (cause) {
        const error = toAdminError(cause);
        setError(error);
        onError?.(error);
        return undefined;
      } finally {
        setLoading(false);
      }
    },
    [api, operation],
  );
  const reset = useCallback(() => setError(null), []);
  return { run, loading, error, reset };
}

/**
 * A form that saves with one operation: when the hub accepts, a notification says so in the
 * words `said` makes from the answer, and `then` runs (usually: close the dialog).
 */
export function useSave<K extends OperationName>(operation: K, said: (result: OperationOutput<K>) => string, then: () => void) {
  const mutation = useMutation(operation);
  const { run } = mutation;
  const save = async (input: OperationInput<K>) => {
    const result = await run(input);
    if (result) {
      notifications.show({ color: 'teal', message: said(result) });
      then();
    }
  };
  return { ...mutation, save };
}

/** The message for one form field from an AdminError's `fields` (also matches `field.0` etc.). */
export function fieldError(error: AdminError | null | undefined, field: string): string | undefined {
  const fields = error?.fields;
  if (!fields) return undefined;
  if (fields[field]) return fields[field];
  const nested = Object.entries(fields).find(([key]) => key.startsWith(`${field}.`));
  return nested ? nested[1] : undefined;
}
