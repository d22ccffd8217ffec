// The AdminApi in React: the provider screens find it through, and calls that turn its
// AdminResults into values or AdminErrors.
import { createContext, useContext, type ReactNode } from 'react';
import type { AdminApi, AdminError, OperationInput, OperationName, OperationOutput } from '../../shared/admin-contract.ts';
import { i18n } from './i18n.ts';

const ApiContext = createContext<AdminApi | null>(null);

export function ApiProvider({ api, children }: { api: AdminApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): AdminApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi needs an <ApiProvider>');
  return api;
}

/** Thrown by `callOrThrow`; carries the hub's AdminError. */
class AdminCallError extends Error {
  readonly error: AdminError;
  constructor(error: AdminError) {
    super(error.message);
    this.error = error;
  }
}

export const toAdminError = (cause: unknown): AdminError =>
  cause instanceof AdminCallError
    ? cause.error
    : { code: 'internal', message: cause instanceof Error ? cause.message : i18n.t('console.transport.wentWrong') };

export async function callOrThrow<K extends OperationName>(api: AdminApi, operation: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
  let result;
  try {
    result = await api.call(operation, input);
  } catch (cause) {
    throw new AdminCallError({ code: 'internal', message: i18n.t('console.transport.unreachable', { reason: cause instanceof Error ? cause.message : String(cause) }) });
  }
  if (!result.ok) throw new AdminCallError(result.error);
  return result.value;
}
