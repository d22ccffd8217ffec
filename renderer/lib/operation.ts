// Loading what a screen shows: one operation's answer, loaded again when its input changes or a
// live event says it may be stale.
import { useCallback, useEffect, useState } from 'react';
import type { AdminError, EventType, OperationInput, OperationName, OperationOutput } from '../../shared/admin-contract.ts';
import { callOrThrow, toAdminError, useApi } from './api.tsx';
import { useThrottledRefresh } from './live.ts';

export type Loaded<T> = { data: T | undefined; error: AdminError | null; loading: boolean; reload: () => void };

/**
 * Loads `operation(input)`, again when the input (compared as JSON) or `key` changes and
 * whenever a live event of one of `refreshOn` types arrives (throttled: a burst costs one request).
 */
export function useOperation<K extends OperationName>(
  operation: K,
  input: OperationInput<K>,
  options: { refreshOn?: readonly EventType[]; key?: unknown; enabled?: boolean } = {},
): Loaded<OperationOutput<K>> {
  const api = useApi();
  const enabled = options.enabled !== false;
  const [tick, setTick] = useState(0);
  // Which request the state answers: loading is "the current request has no answer yet".
  const request = JSON.stringify([operation, input, tick, options.key ?? null]);
  const [state, setState] = useState<{ request: string | null; data: OperationOutput<K> | undefined; error: AdminError | null }>({ request: null, data: undefined, error: null });
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const [, input] = JSON.parse(request) as [K, OperationInput<K>];
    callOrThrow(api, operation, input).then(
      (data) => live && setState({ request, data, error: null }),
      (cause) => live && setState((s) => ({ request, data: s.data, error: toAdminError(cause) })),
    );
    return () => {
      live = false;
    };
  }, [api, operation, request, enabled]);

  useThrottledRefresh(options.refreshOn, reload);

  return { data: state.data, error: state.error, loading: enabled && state.request !== request, reload };
}
