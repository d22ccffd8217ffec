// Live tokens: a virtualized table (TanStack Table + TanStack Virtual) that pages through
// `tokens.list` with its cursor as the operator scrolls — never loading every row — and
// follows the live stream: `token.issued` fetches the head and prepends what is new,
// `token.revoked` removes the row.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ActionIcon, Badge, Button, Checkbox, EmptyState, Group, Loader, Progress, Select, Stack, Table, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconKey, IconTrash } from '@tabler/icons-react';
import { createColumnHelper, rowSelectionFeature, tableFeatures, useTable, type RowSelectionState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { TOKEN_TYPES, type AdminError, type HubEvent, type Token, type TokenType } from '../../shared/admin-contract.ts';
import { callOrThrow, toAdminError, useApi, useHubEvents, useMutation, useOperation } from '../lib/api.tsx';
import { ConfirmModal, ErrorAlert, PageHeader } from '../components/common.tsx';
import { formatAgo, formatTime } from '../lib/format.ts';

const PAGE_SIZE = 100;
const ROW_HEIGHT = 44;
const REVOKE_BATCH = 500;

type Sort = 'issued' | 'expires';
type Order = 'asc' | 'desc';
type Filters = { clientId?: string; userId?: string; type?: TokenType };

const features = tableFeatures({ rowSelectionFeature });
const helper = createColumnHelper<typeof features, Token>();

const TYPE_LABEL: Record<TokenType, string> = { access_token: 'access', client_credentials: 'client credentials', refresh_token: 'refresh' };

/** Token ids named by a `token.revoked` event, if it names any. */
export function revokedIds(event: HubEvent): string[] | null {
  const d = event.detail;
  if (typeof d.tokenId === 'string') return [d.tokenId];
  if (Array.isArray(d.tokenIds)) return d.tokenIds.filter((x): x is string => typeof x === 'string');
  return null;
}

function SortHeader({ label, column, sort, order, onSort }: { label: string; column: Sort; sort: Sort; order: Order; onSort: (s: Sort, o: Order) => void }) {
  const active = sort === column;
  const Icon = active ? (order === 'desc' ? IconArrowDown : IconArrowUp) : IconArrowsSort;
  return (
    <UnstyledButton
      onClick={() => onSort(column, active && order === 'desc' ? 'asc' : 'desc')}
      aria-label={`Sort by ${label.toLowerCase()}${active ? (order === 'desc' ? ', now newest first' : ', now oldest first') : ''}`}
      style={{ display: 'inline-flex', alignItems: 'center', gap: 4, fontWeight: 700 }}
    >
      {label}
      <Icon size={14} aria-hidden />
    </UnstyledButton>
  );
}

export function Tokens() {
  const api = useApi();
  const [filters, setFilters] = useState<Filters>({});
  const [sort, setSort] = useState<Sort>('issued');
  const [order, setOrder] = useState<Order>('desc');
  const [rows, setRows] = useState<Token[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<AdminError | null>(null);
  const [newElsewhere, setNewElsewhere] = useState(0);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [bulk, setBulk] = useState<'selected' | 'client' | 'user' | null>(null);
  const [bulkError, setBulkError] = useState<AdminError | null>(null);
  const revokeOne = useMutation('tokens.revoke');
  const generation = useRef(0);
  const loadingMore = useRef(false);

  // Searched on the hub as the operator types: listing every client (each with its live-token
  // count) just to fill this filter cost the screen most of a second at a million tokens.
  const [clientSearchRaw, setClientSearch] = useState('');
  const [clientSearch] = useDebouncedValue(clientSearchRaw, 250);
  // The filters' lists and the count wait for the first page: the hub answers one call at a
  // time, and the rows are what the operator came for.
  const clients = useOperation('clients.list', { ...(clientSearch && !filters.clientId ? { query: clientSearch } : {}), limit: 50 }, { refreshOn: ['client.changed'], enabled: loaded });
  const [userSearchRaw, setUserSearch] = useState('');
  const [userSearch] = useDebouncedValue(userSearchRaw, 250);
  const users = useOperation('users.list', { ...(userSearch && !filters.userId ? { query: userSearch } : {}), limit: 100 }, { refreshOn: ['user.changed'], enabled: loaded });
  const count = useOperation('tokens.count', filters, { refreshOn: ['token.issued', 'token.revoked', 'client.changed', 'user.changed'], enabled: loaded });

  const [refresh, setRefresh] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const query = useMemo(() => ({ ...filters, sort, order, limit: PAGE_SIZE }), [filters, sort, order, refresh]);

  // First page whenever the query changes.
  useEffect(() => {
    const gen = ++generation.current;
    setLoading(true);
    setError(null);
    setRowSelection({});
    setNewElsewhere(0);
    callOrThrow(api, 'tokens.list', query).then(
      (page) => {
        if (gen !== generation.current) return;
        setRows(page.items);
        setCursor(page.nextCursor);
        setLoading(false);
        setLoaded(true);
      },
      (cause) => {
        if (gen !== generation.current) return;
        setError(toAdminError(cause));
        setLoading(false);
        setLoaded(true);
      },
    );
  }, [api, query]);

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore.current) return;
    loadingMore.current = true;
    const gen = generation.current;
    setLoading(true);
    try {
      const page = await callOrThrow(api, 'tokens.list', { ...query, cursor });
      if (gen !== generation.current) return;
      setRows((current) => {
        const seen = new Set(current.map((t) => t.id));
        return [...current, ...page.items.filter((t) => !seen.has(t.id))];
      });
      setCursor(page.nextCursor);
    } catch (cause) {
      setError(toAdminError(cause));
    } finally {
      loadingMore.current = false;
      setLoading(false);
    }
  }, [api, query, cursor]);

  // Live updates.
  const headTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refetchHead = useCallback(() => {
    const gen = generation.current;
    callOrThrow(api, 'tokens.list', { ...query, limit: PAGE_SIZE }).then((page) => {
      if (gen !== generation.current) return;
      setRows((current) => {
        const seen = new Set(current.map((t) => t.id));
        const fresh = page.items.filter((t) => !seen.has(t.id));
        if (!fresh.length) return current;
        if (sort === 'issued' && order === 'desc') {
          // More new tokens than a page: there is a gap, so start over from this head.
          if (fresh.length === page.items.length && page.nextCursor && current.length) {
            setCursor(page.nextCursor);
            return page.items;
          }
          return [...fresh, ...current];
        }
        setNewElsewhere((n) => n + fresh.length);
        return current;
      });
    }, () => undefined);
  }, [api, query, sort, order]);
  useHubEvents((event) => {
    if (event.type === 'token.revoked') {
      const ids = revokedIds(event);
      if (ids) {
        const gone = new Set(ids);
        setRows((current) => (current.some((t) => gone.has(t.id)) ? current.filter((t) => !gone.has(t.id)) : current));
        setRowSelection((s) => {
          if (!ids.some((id) => s[id])) return s;
          const next = { ...s };
          for (const id of ids) delete next[id];
          return next;
        });
      } else {
        // A bulk revocation that does not list ids: start over from the first page.
        const gen = ++generation.current;
        callOrThrow(api, 'tokens.list', query).then(
          (page) => {
            if (gen !== generation.current) return;
            setRows(page.items);
            setCursor(page.nextCursor);
          },
          () => undefined,
        );
      }
    } else if (event.type === 'token.issued' || event.type === 'token.refreshed') {
      if (filters.clientId && event.clientId && event.clientId !== filters.clientId) return;
      // Throttled: one head request per burst, and a steady stream cannot starve it.
      if (headTimer.current) return;
      headTimer.current = setTimeout(() => {
        headTimer.current = null;
        refetchHead();
      }, 200);
    }
  });
  useEffect(() => () => {
    if (headTimer.current) clearTimeout(headTimer.current);
  }, []);

  const askRevokeOne = useRef<(token: Token) => void>(() => undefined);
  askRevokeOne.current = async (token: Token) => {
    const result = await revokeOne.run({ ids: [token.id] });
    if (result) {
      setRows((current) => current.filter((t) => t.id !== token.id));
      notifications.show({ color: 'teal', message: `Revoked the ${TYPE_LABEL[token.type]} token of ${token.clientName ?? token.clientId}.` });
    }
  };

  const columns = useMemo(
    () =>
      helper.columns([
        helper.display({
          id: 'select',
          header: ({ table }) => (
            <Checkbox
              aria-label="Select every loaded token"
              checked={table.getIsAllRowsSelected()}
              indeterminate={table.getIsSomeRowsSelected()}
              onChange={table.getToggleAllRowsSelectedHandler()}
            />
          ),
          cell: ({ row }) => (
            <Checkbox aria-label={`Select token ${row.original.id}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />
          ),
        }),
        helper.accessor('type', {
          header: 'Type',
          cell: (info) => (
            <Badge variant="light" color={info.getValue() === 'refresh_token' ? 'grape' : info.getValue() === 'client_credentials' ? 'orange' : 'teal'} style={{ textTransform: 'none' }}>
              {TYPE_LABEL[info.getValue()]}
            </Badge>
          ),
        }),
        // A personal access token shows its name after the built-in client's.
        helper.accessor((t) => (t.name ? `${t.clientName ?? t.clientId}: ${t.name}` : (t.clientName ?? t.clientId)), { id: 'client', header: 'Application' }),
        helper.accessor((t) => t.username ?? t.subject ?? '—', { id: 'user', header: 'User' }),
        helper.accessor('scope', { header: 'Scope', cell: (info) => <Text size="xs" ff="monospace">{info.getValue()}</Text> }),
        helper.accessor('issuedAt', { header: 'Issued', cell: (info) => <span title={formatTime(info.getValue())}>{formatAgo(info.getValue())}</span> }),
        helper.accessor('expiresAt', { header: 'Expires', cell: (info) => <span title={formatTime(info.getValue())}>{formatAgo(info.getValue())}</span> }),
        helper.display({
          id: 'actions',
          header: () => <VisuallyHidden>Revoke</VisuallyHidden>,
          cell: ({ row }) => (
            <Tooltip label="Revoke this token">
              <ActionIcon variant="subtle" color="red" onClick={() => askRevokeOne.current(row.original)} aria-label={`Revoke token ${row.original.id}`}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
          ),
        }),
      ]),
    [],
  );

  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (t) => t.id,
    enableRowSelection: true,
    state: { rowSelection },
    onRowSelectionChange: setRowSelection,
  });
  const tableRows = table.getRowModel().rows;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => tableRows[index]?.id ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (cursor && !loading && lastIndex >= tableRows.length - 20) void loadMore();
  }, [lastIndex, tableRows.length, cursor, loading, loadMore]);
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;

  const selectedIds = Object.keys(rowSelection);
  const clientName = clients.data?.items.find((c) => c.clientId === filters.clientId)?.name ?? filters.clientId;
  const userName = users.data?.items.find((u) => u.id === filters.userId)?.username ?? filters.userId;

  const runBulk = async () => {
    setBulkError(null);
    try {
      if (bulk === 'selected') {
        const ids = [...selectedIds];
        let done = 0;
        setProgress({ done, total: ids.length });
        for (let i = 0; i < ids.length; i += REVOKE_BATCH) {
          const batch = ids.slice(i, i + REVOKE_BATCH);
          await callOrThrow(api, 'tokens.revoke', { ids: batch });
          done += batch.length;
          const gone = new Set(batch);
          setRows((current) => current.filter((t) => !gone.has(t.id)));
          setProgress({ done, total: ids.length });
        }
        setRowSelection({});
        notifications.show({ color: 'teal', message: `Revoked ${done} token${done === 1 ? '' : 's'}.` });
      } else if (bulk === 'client' && filters.clientId) {
        setProgress({ done: 0, total: 0 });
        const result = await callOrThrow(api, 'tokens.revokeByClient', { clientId: filters.clientId });
        notifications.show({ color: 'teal', message: `Revoked ${result.revoked} token${result.revoked === 1 ? '' : 's'} of ${clientName}.` });
      } else if (bulk === 'user' && filters.userId) {
        setProgress({ done: 0, total: 0 });
        const result = await callOrThrow(api, 'tokens.revokeByUser', { id: filters.userId });
        notifications.show({ color: 'teal', message: `Revoked ${result.revoked} token${result.revoked === 1 ? '' : 's'} of ${userName}.` });
      }
      setBulk(null);
      count.reload();
    } catch (cause) {
      setBulkError(toAdminError(cause));
    } finally {
      setProgress(null);
    }
  };

  const filtered = !!(filters.clientId || filters.userId || filters.type);
  const total = count.data?.count;
  return (
    <Stack>
      <PageHeader
        title="Live tokens"
        description="Every token that is still valid. The list follows the hub live; scroll to load more. Revoking a token makes it stop working at once."
        actions={
          <Badge size="xl" variant="light" tt="none" aria-live="polite">
            {total === undefined ? '…' : `${total.toLocaleString()} live token${total === 1 ? '' : 's'}${filtered ? ' match' : ''}`}
          </Badge>
        }
      />
      <Group align="flex-end" wrap="wrap">
        <Select
          label="Application"
          placeholder="All applications"
          data={(clients.data?.items ?? []).map((c) => ({ value: c.clientId, label: c.name }))}
          value={filters.clientId ?? null}
          onChange={(v) => setFilters(({ clientId: _c, ...f }) => (v ? { ...f, clientId: v } : f))}
          onSearchChange={setClientSearch}
          clearable
          searchable
          w={240}
        />
        <Select
          label="User"
          placeholder="All users"
          data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.username }))}
          value={filters.userId ?? null}
          onChange={(v) => setFilters(({ userId: _u, ...f }) => (v ? { ...f, userId: v } : f))}
          onSearchChange={setUserSearch}
          clearable
          searchable
          w={200}
        />
        <Select
          label="Type"
          placeholder="All types"
          data={TOKEN_TYPES.map((t) => ({ value: t, label: TYPE_LABEL[t] }))}
          value={filters.type ?? null}
          onChange={(v) => setFilters(({ type: _t, ...f }) => (v ? { ...f, type: v as TokenType } : f))}
          clearable
          w={180}
        />
        <Group gap="xs" ml="auto">
          <Button color="red" variant="light" disabled={selectedIds.length === 0} onClick={() => setBulk('selected')}>
            Revoke selected ({selectedIds.length})
          </Button>
          {filters.clientId ? (
            <Button color="red" variant="light" onClick={() => setBulk('client')}>
              Revoke all of {clientName}
            </Button>
          ) : null}
          {filters.userId ? (
            <Button color="red" variant="light" onClick={() => setBulk('user')}>
              Revoke all of {userName}
            </Button>
          ) : null}
        </Group>
      </Group>
      <ErrorAlert error={error ?? revokeOne.error} onClose={revokeOne.error ? revokeOne.reset : undefined} />
      {newElsewhere ? (
        <Button variant="light" w="fit-content" onClick={() => setRefresh((r) => r + 1)}>
          {newElsewhere} new token{newElsewhere === 1 ? '' : 's'} — show them
        </Button>
      ) : null}
      {loaded && !error && rows.length === 0 && !loading ? (
        <EmptyState
          icon={<IconKey aria-hidden />}
          title={filtered ? 'No live tokens match these filters' : 'No live tokens'}
          description={
            filtered
              ? 'Clear a filter to see more.'
              : 'Tokens appear here as soon as an application signs someone in or a device asks for one. Create an application first if you have none.'
          }
        />
      ) : null}
      {rows.length ? (
        <div ref={scrollRef} className="virtual-table-scroll" tabIndex={0} role="region" aria-label="Live tokens, scrollable">
          <Table highlightOnHover verticalSpacing={8} fz="sm" miw={960} aria-rowcount={total ?? -1}>
            <Table.Thead>
              {table.getHeaderGroups().map((group) => (
                <Table.Tr key={group.id}>
                  {group.headers.map((header) => (
                    <Table.Th
                      key={header.id}
                      aria-sort={
                        (header.column.id === 'issuedAt' && sort === 'issued') || (header.column.id === 'expiresAt' && sort === 'expires')
                          ? order === 'desc'
                            ? 'descending'
                            : 'ascending'
                          : undefined
                      }
                      style={header.column.id === 'select' || header.column.id === 'actions' ? { width: 44 } : undefined}
                    >
                      {header.column.id === 'issuedAt' ? (
                        <SortHeader label="Issued" column="issued" sort={sort} order={order} onSort={(s, o) => (setSort(s), setOrder(o))} />
                      ) : header.column.id === 'expiresAt' ? (
                        <SortHeader label="Expires" column="expires" sort={sort} order={order} onSort={(s, o) => (setSort(s), setOrder(o))} />
                      ) : header.isPlaceholder ? null : (
                        <table.FlexRender header={header} />
                      )}
                    </Table.Th>
                  ))}
                </Table.Tr>
              ))}
            </Table.Thead>
            <Table.Tbody>
              {paddingTop > 0 ? (
                <tr aria-hidden style={{ height: paddingTop }}>
                  <td colSpan={columns.length} />
                </tr>
              ) : null}
              {items.map((item) => {
                const row = tableRows[item.index];
                if (!row) return null;
                return (
                  <Table.Tr key={row.id} data-index={item.index} aria-rowindex={item.index + 2} aria-selected={row.getIsSelected()} style={{ height: ROW_HEIGHT }}>
                    {row.getAllCells().map((cell) => (
                      <Table.Td key={cell.id} style={{ whiteSpace: 'nowrap' }}>
                        <table.FlexRender cell={cell} />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                );
              })}
              {paddingBottom > 0 ? (
                <tr aria-hidden style={{ height: paddingBottom }}>
                  <td colSpan={columns.length} />
                </tr>
              ) : null}
            </Table.Tbody>
          </Table>
        </div>
      ) : null}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {rows.length ? `${rows.length.toLocaleString()} loaded${cursor ? '; more load as you scroll' : ''}.` : null}
        </Text>
        {loading ? <Loader size="sm" aria-label="Loading tokens" /> : null}
      </Group>
      <ConfirmModal
        opened={bulk !== null}
        title={bulk === 'selected' ? `Revoke ${selectedIds.length} selected token${selectedIds.length === 1 ? '' : 's'}?` : bulk === 'client' ? `Revoke every token of ${clientName}?` : `Revoke every token of ${userName}?`}
        confirmLabel="Revoke"
        loading={progress !== null}
        error={bulkError}
        onClose={() => progress === null && setBulk(null)}
        onConfirm={() => void runBulk()}
      >
        <Stack gap="xs">
          <Text size="sm">The tokens stop working at once; applications have to sign in or ask again.</Text>
          {progress ? (
            progress.total ? (
              <>
                <Progress value={(progress.done / progress.total) * 100} aria-label="Revocation progress" />
                <Text size="xs" c="dimmed">
                  {progress.done} of {progress.total} revoked
                </Text>
              </>
            ) : (
              <Progress value={100} animated striped aria-label="Revoking" />
            )
          ) : null}
        </Stack>
      </ConfirmModal>
    </Stack>
  );
}
