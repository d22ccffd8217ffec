// Cursor paging, the one way every list loads (applications, users, devices, the audit log,
// live tokens): the first page whenever the input changes or `reload()` is called, the next
// page on demand, and edits for lists that follow the hub live. Answers to an input that has
// since changed are dropped, so a slow page never lands in the wrong list.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AdminError, EventType, OperationInput, OperationName, OperationOutput } from '../../shared/admin-contract.ts';
import { callOrThrow, toAdminError, useApi } from './api.tsx';
import { useThrottledRefresh } from './live.ts';

/** The operations that answer one page and take a cursor to the next. */
export type PagedOperation = {
  [K in OperationName]: OperationOutput<K> extends { items: unknown[]; nextCursor: string | null } ? (OperationInput<K> extends { cursor?: unknown } ? K : never) : never;
}[OperationName];
type Item<K extends PagedOperation> = OperationOutput<K>['items'][number];
export type Page<T> = { items: T[]; nextCursor: string | null };

type List<T> = { items: T[]; cursor: string | null };

export type Paged<T> = {
  items: T[];
  hasMore: boolean;
  /** A first page or the next one is on its way. */
  loading: boolean;
  /** The first page has been answered (with items or an error). */
  loaded: boolean;
  error: AdminError | null;
  /** Appends the next page; does nothing while one is loading or when there is none. */
  more: () => Promise<void>;
  /** Loads the first page again, replacing what is shown once it arrives. */
  reload: () => void;
  /** Changes what is loaded in place (a live list removing or adding rows); `change` must be pure. */
  update: (change: (list: List<T>) => List<T>) => void;
  /** The first page for the current input, without showing it; undefined if it failed or the input changed meanwhile. */
  peekFirst: () => Promise<Page<T> | undefined>;
};

/** `items` followed by those of `more` it does not hold yet (by `key`, when given). */
function append<T>(items: T[], more: T[], key?: (item: T) => string): T[] {
  if (!key) return [...items, ...more];
  const seen = new Set(items.map(key));
  return [...items, ...more.filter((item) => !seen.has(key(item)))];
}

export function usePaged<K extends PagedOperation>(
  operation: K,
  input: OperationInput<K>,
  options: {
    /** Live events after which the first page is loaded again (throttled). */
    refreshOn?: readonly EventType[];
    /** Identifies an item, so a page never adds one the list already holds. Keep it stable (module level). */
    key?: (item: Item<K>) => string;
  } = {},
): Paged<Item<K>> {
  type T = Item<K>;
  const api = useApi();
  const { key } = options;
  const [tick, setTick] = useState(0);
  // Which first-page request the list answers: loading is "the current one has no answer yet".
  const request = JSON.stringify([input, tick]);
  const [list, setList] = useState<List<T> & { request: string | null; error: AdminError | null }>({ request: null, items: [], cursor: null, error: null });
  const [loadingMore, setLoadingMore] = useState(false);
  const moreInFlight = useRef(false);
  /** Bumped with every first page: later answers to earlier requests are ignored. */
  const generation = useRef(0);
  const activeRequest = useRef<string | null>(null);
  const firstInput = useCallback(() => (JSON.parse(request) as [OperationInput<K>])[0], [request]);

  useEffect(() => {
    const gen = ++generation.current;
    activeRequest.current = request;
    callOrThrow(api, operation, firstInput()).then(
      (page) => gen === generation.current && setList({ request, items: page.items as T[], cursor: page.nextCursor, error: null }),
      (cause) => gen === generation.current && setList((l) => ({ ...l, request, error: toAdminError(cause) })),
    );
  }, [api, operation, request, firstInput]);

  const more = useCallback(async () => {
    if (!list.cursor || moreInFlight.current) return;
    moreInFlight.current = true;
    setLoadingMore(true);
    const gen = generation.current;
    try {
      const page = await callOrThrow(api, operation, { ...firstInput(), cursor: list.cursor });
      if (gen === generation.current) setList((l) => ({ ...l, items: append(l.items, page.items as T[], key), cursor: page.nextCursor }));
    } catch (cause) {
      if (gen === generation.current) setList((l) => ({ ...l, error: toAdminError(cause) }));
    } finally {
      moreInFlight.current = false;
      setLoadingMore(false);
    }
  }, [api, operation, firstInput, list.cursor, key]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const update = useCallback((change: (list: List<T>) => List<T>) => setList((l) => ({ ...l, ...change({ items: l.items, cursor: l.cursor }) })), []);
  const peekFirst = useCallback(async () => {
    // A caller holding an earlier render's peekFirst gets nothing: its input is not the list's.
    const current = () => activeRequest.current === request;
    if (!current()) return undefined;
    const gen = generation.current;
    try {
      const page = await callOrThrow(api, operation, firstInput());
      return gen === generation.current && current() ? { items: page.items as T[], nextCursor: page.nextCursor } : undefined;
    } catch {
      return undefined;
    }
  }, [api, operation, firstInput, request]);

  useThrottledRefresh(options.refreshOn, reload);

  return {
    items: list.items,
    hasMore: list.cursor !== null,
    loading: list.request !== request || loadingMore,
    loaded: list.request !== null,
    error: list.error,
    more,
    reload,
    update,
    peekFirst,
  };
}
