// React access to the AdminApi: a context, a loader hook that refetches on matching live
// events, and a mutation helper that turns AdminResults into values or AdminErrors.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { AdminApi, AdminError, EventType, HubEvent, OperationInput, OperationName, OperationOutput } from '../../shared/admin-contract.ts';

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
export class AdminCallError extends Error {
  readonly error: AdminError;
  constructor(error: AdminError) {
    super(error.message);
    this.error = error;
  }
}

export const toAdminError = (cause: unknown): AdminError =>
  cause instanceof AdminCallError
    ? cause.error
    : { code: 'internal', message: cause instanceof Error ? cause.message : 'Something went wrong; try again.' };

export async function callOrThrow<K extends OperationName>(api: AdminApi, operation: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
  let result;
  try {
    result = await api.call(operation, input);
  } catch (cause) {
    throw new AdminCallError({ code: 'internal', message: `The hub could not be reached (${cause instanceof Error ? cause.message : String(cause)}).` });
  }
  if (!result.ok) throw new AdminCallError(result.error);
  return result.value;
}

/** Calls the live-event listener with each event; the listener may change between renders. */
export function useHubEvents(listener: (event: HubEvent) => void) {
  const api = useApi();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => api.subscribe((event) => ref.current(event)), [api]);
}

/** Time between reloads caused by live events: a busy hub costs at most one request per this. */
export const REFRESH_THROTTLE_MS = 500;

/**
 * Calls `reload` after a live event of one of `types` arrives, at most once per
 * REFRESH_THROTTLE_MS (a throttle, not a debounce, so a steady stream cannot starve it).
 */
export function useThrottledRefresh(types: readonly EventType[] | undefined, reload: () => void) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useHubEvents((event) => {
    if (!types?.includes(event.type) || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      reload();
    }, REFRESH_THROTTLE_MS);
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );
}

export type Loaded<T> = { data: T | undefined; error: AdminError | null; loading: boolean; reload: () => void };

/**
 * Loads `operation(input)`, reloading when `key` changes and whenever a live event of one of
 * `refreshOn` types arrives (debounced, so a burst of events costs one request).
 */
export function useOperation<K extends OperationName>(
  operation: K,
  input: OperationInput<K>,
  options: { refreshOn?: readonly EventType[]; key?: unknown; enabled?: boolean } = {},
): Loaded<OperationOutput<K>> {
  const api = useApi();
  const [state, setState] = useState<{ data: OperationOutput<K> | undefined; error: AdminError | null; loading: boolean }>({ data: undefined, error: null, loading: options.enabled !== false });
  const [tick, setTick] = useState(0);
  const inputKey = JSON.stringify(input);
  const inputRef = useRef(input);
  inputRef.current = input;
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    if (options.enabled === false) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    callOrThrow(api, operation, inputRef.current).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (cause) => live && setState((s) => ({ data: s.data, error: toAdminError(cause), loading: false })),
    );
    return () => {
      live = false;
    };
  }, [api, operation, inputKey, tick, options.enabled, options.key]);

  useThrottledRefresh(options.refreshOn, reload);

  return { ...state, reload };
}

/** Runs one operation from a button or form: loading flag, AdminError, and the value. */
export function useMutation<K extends OperationName>(operation: K) {
  const api = useApi();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<AdminError | null>(null);
  const run = useCallback(
    async (input: OperationInput<K>): Promise<OperationOutput<K> | undefined> => {
      setLoading(true);
      setError(null);
      try {
        return await callOrThrow(api, operation, input);
      } catch (cause) {
        setError(toAdminError(cause));
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

/** The message for one form field from an AdminError's `fields` (also matches `field.0` etc.). */
export function fieldError(error: AdminError | null | undefined, field: string): string | undefined {
  const fields = error?.fields;
  if (!fields) return undefined;
  if (fields[field]) return fields[field];
  const nested = Object.entries(fields).find(([key]) => key.startsWith(`${field}.`));
  return nested ? nested[1] : undefined;
}

/** Cursor paging for list operations: the first page on change, more on demand. */
export function usePaged<K extends 'clients.list' | 'users.list'>(
  operation: K,
  input: OperationInput<K>,
  options: { refreshOn?: readonly EventType[] } = {},
) {
  type Item = OperationOutput<K>['items'][number];
  const api = useApi();
  const [items, setItems] = useState<Item[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<AdminError | null>(null);
  const [tick, setTick] = useState(0);
  const inputKey = JSON.stringify(input);
  const inputRef = useRef(input);
  inputRef.current = input;
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    let live = true;
    setLoading(true);
    callOrThrow(api, operation, inputRef.current).then(
      (page) => {
        if (!live) return;
        setItems(page.items as Item[]);
        setCursor(page.nextCursor);
        setError(null);
        setLoading(false);
        setLoaded(true);
      },
      (cause) => {
        if (!live) return;
        setError(toAdminError(cause));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [api, operation, inputKey, tick]);

  const more = useCallback(async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await callOrThrow(api, operation, { ...inputRef.current, cursor } as OperationInput<K>);
      setItems((current) => [...current, ...(page.items as Item[])]);
      setCursor(page.nextCursor);
    } catch (cause) {
      setError(toAdminError(cause));
    } finally {
      setLoading(false);
    }
  }, [api, operation, cursor]);

  useThrottledRefresh(options.refreshOn, reload);

  return { items, hasMore: cursor !== null, more, loading, loaded, error, reload };
}
