// The live-token list: tokens.list paged by cursor as the operator scrolls (never every row),
// its filters, sort and row selection, and the live stream on top: `token.issued` fetches the
// head and prepends what is new, `token.revoked` removes the rows it names.
import { useEffect, useRef, useState } from 'react';
import type { RowSelectionState } from '@tanstack/react-table';
import type { HubEvent, Token, TokenType } from '../../../shared/admin-contract.ts';
import { useHubEvents } from '../../lib/live.ts';
import { usePaged, type Page } from '../../lib/paged.ts';

const PAGE_SIZE = 100;
/** A burst of issued tokens costs one head request per this. */
const HEAD_THROTTLE_MS = 200;

export type Sort = 'issued' | 'expires';
export type Order = 'asc' | 'desc';
export type TokenFilters = { clientId?: string; userId?: string; type?: TokenType };

const tokenKey = (token: Token) => token.id;

/** Token ids a `token.revoked` event names, or null when it does not name every token it revoked. */
function revokedIds(event: HubEvent): string[] | null {
  const d = event.detail;
  if (typeof d.tokenId === 'string') return [d.tokenId];
  if (!Array.isArray(d.tokenIds)) return null;
  const ids = d.tokenIds.filter((x): x is string => typeof x === 'string');
  // The hub lists at most a few hundred ids of a bulk revocation, with the full count.
  return typeof d.count === 'number' && d.count > ids.length ? null : ids;
}

/** The loaded tokens with a fetched head page on top; starts over from the head when more than a page is new (a gap). */
function withHead(list: { items: Token[]; cursor: string | null }, head: Page<Token>) {
  const seen = new Set(list.items.map(tokenKey));
  const fresh = head.items.filter((t) => !seen.has(t.id));
  if (!fresh.length) return list;
  if (fresh.length === head.items.length && head.nextCursor && list.items.length) return { items: head.items, cursor: head.nextCursor };
  return { items: [...fresh, ...list.items], cursor: list.cursor };
}

const without = <T>(record: Record<string, T>, ids: string[]) => {
  if (!ids.some((id) => id in record)) return record;
  const next = { ...record };
  for (const id of ids) delete next[id];
  return next;
};

export function useLiveTokens() {
  const [filters, setFiltersState] = useState<TokenFilters>({});
  const [{ sort, order }, setSortState] = useState<{ sort: Sort; order: Order }>({ sort: 'issued', order: 'desc' });
  const [selection, setSelection] = useState<RowSelectionState>({});
  /** New tokens that sort somewhere other than the top of the list, so they are not shown until asked. */
  const [newElsewhere, setNewElsewhere] = useState(0);
  const list = usePaged('tokens.list', { ...filters, sort, order, limit: PAGE_SIZE }, { key: tokenKey });
  const { update, peekFirst, reload } = list;

  const startOver = () => {
    setSelection({});
    setNewElsewhere(0);
  };
  const setFilters = (change: (current: TokenFilters) => TokenFilters) => {
    setFiltersState(change);
    startOver();
  };
  const setSort = (next: Sort, nextOrder: Order) => {
    setSortState({ sort: next, order: nextOrder });
    startOver();
  };
  const showNew = () => {
    startOver();
    reload();
  };
  const remove = (ids: string[]) => {
    const gone = new Set(ids);
    update((l) => (l.items.some((t) => gone.has(t.id)) ? { ...l, items: l.items.filter((t) => !gone.has(t.id)) } : l));
    setSelection((s) => without(s, ids));
  };

  const rows = useRef(list.items);
  useEffect(() => {
    rows.current = list.items;
  });
  const refetchHead = async () => {
    const head = await peekFirst();
    if (!head) return;
    if (sort === 'issued' && order === 'desc') return update((l) => withHead(l, head));
    const seen = new Set(rows.current.map(tokenKey));
    setNewElsewhere(head.items.filter((t) => !seen.has(t.id)).length);
  };

  const headTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (headTimer.current) clearTimeout(headTimer.current);
    },
    [],
  );
  useHubEvents((event) => {
    if (event.type === 'token.revoked') {
      const ids = revokedIds(event);
      // A revocation that does not list its tokens: start over from the first page.
      if (ids) remove(ids);
      else reload();
    } else if (event.type === 'token.issued' || event.type === 'token.refreshed') {
      if (filters.clientId && event.clientId && event.clientId !== filters.clientId) return;
      // Throttled: one head request per burst, and a steady stream cannot starve it.
      if (headTimer.current) return;
      headTimer.current = setTimeout(() => {
        headTimer.current = null;
        void refetchHead();
      }, HEAD_THROTTLE_MS);
    }
  });

  return { list, filters, setFilters, sort, order, setSort, selection, setSelection, newElsewhere, showNew, remove };
}

