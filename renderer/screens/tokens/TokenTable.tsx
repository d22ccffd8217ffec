// The live-token table: TanStack Table for columns and row selection, TanStack Virtual so only
// the rows in view (plus a margin) are in the DOM however many are loaded; it asks for the next
// page when the operator scrolls near the end of what is loaded.
import { memo, useEffect, useRef } from 'react';
import { Table, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { FlexRender, useTable, type Row, type RowSelectionState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Token } from '../../../shared/admin-contract.ts';
import { columns, features } from './columns.tsx';
import type { Order, Sort } from './useLiveTokens.ts';
import { useTranslation } from 'react-i18next';

const ROW_HEIGHT = 44;
/** Rows rendered beyond each edge of the view: enough for a wheel's step, few enough that a page jump stays one frame. */
const OVERSCAN = 5;
/** Rows from the end of what is loaded at which the next page is asked for. */
const PREFETCH_ROWS = 20;
const SORTABLE: Record<string, { sort: Sort; label: 'console.tokens.issued' | 'console.tokens.expires' }> = { issuedAt: { sort: 'issued', label: 'console.tokens.issued' }, expiresAt: { sort: 'expires', label: 'console.tokens.expires' } };

type SortProps = { sort: Sort; order: Order; onSort: (sort: Sort, order: Order) => void };

function SortHeader({ label, column, sort, order, onSort }: SortProps & { label: string; column: Sort }) {
  const { t } = useTranslation();
  const active = sort === column;
  const Icon = active ? (order === 'desc' ? IconArrowDown : IconArrowUp) : IconArrowsSort;
  return (
    <UnstyledButton
      onClick={() => onSort(column, active && order === 'desc' ? 'asc' : 'desc')}
      aria-label={active ? t(order === 'desc' ? 'console.tokens.sortNewest' : 'console.tokens.sortOldest', { column: label.toLocaleLowerCase() }) : t('console.tokens.sortBy', { column: label.toLocaleLowerCase() })}
      style={{ display: 'inline-flex', alignItems: 'center', gap: 4, fontWeight: 700 }}
    >
      {label}
      <Icon size={14} aria-hidden />
    </UnstyledButton>
  );
}

/**
 * One token's row. Memoized: a scroll re-renders the table, and only rows coming into view (or
 * whose selection or language changed) need rendering. Plain `tr`/`td` with the classes and
 * data attributes Mantine's `Table.Tr`/`Table.Td` would give them under the `<Table>` below
 * (row borders, `highlightOnHover`; change both together): a row is rendered each time it
 * scrolls into view, and those two are a Mantine Box per cell. A row that stays in view keeps
 * its "5 min ago" until its token, its selection or the language changes.
 */
const TokenRow = memo(function TokenRow({ row, index, selected }: {
  row: Row<typeof features, Token>;
  index: number;
  selected: boolean;
  /** Not read: the cells translate through i18n directly, so a change of language must re-render the row. */
  language: string;
}) {
  return (
    <tr className={Table.classes.tr} data-with-row-border data-hover data-index={index} aria-rowindex={index + 2} aria-selected={selected} style={{ height: ROW_HEIGHT }}>
      {row.getAllCells().map((cell) => (
        <td key={cell.id} className={Table.classes.td} style={{ whiteSpace: 'nowrap' }}>
          <FlexRender cell={cell} />
        </td>
      ))}
    </tr>
  );
});

/** A spacer row standing in for the rows scrolled out of the DOM. */
const Spacer = ({ height }: { height: number }) =>
  height > 0 ? (
    <tr aria-hidden style={{ height }}>
      <td colSpan={columns.length} />
    </tr>
  ) : null;

export function TokenTable(props: SortProps & {
  rows: Token[];
  /** Live tokens matching the filters, for screen readers' row count. */
  total: number | undefined;
  selection: RowSelectionState;
  onSelectionChange: (change: RowSelectionState | ((current: RowSelectionState) => RowSelectionState)) => void;
  onRevoke: (token: Token) => void;
  /** Whether a next page exists and none is loading: then scrolling near the end asks for it. */
  canLoadMore: boolean;
  onLoadMore: () => unknown;
}) {
  const { rows, sort, order, canLoadMore, onLoadMore } = props;
  const { t, i18n } = useTranslation();
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (t) => t.id,
    enableRowSelection: true,
    state: { rowSelection: props.selection },
    onRowSelectionChange: props.onSelectionChange,
    meta: { onRevoke: props.onRevoke },
  });
  const tableRows = table.getRowModel().rows;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey: (index) => tableRows[index]?.id ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (canLoadMore && lastIndex >= tableRows.length - PREFETCH_ROWS) onLoadMore();
  }, [lastIndex, tableRows.length, canLoadMore, onLoadMore]);
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;

  return (
    <div ref={scrollRef} className="virtual-table-scroll" tabIndex={0} role="region" aria-label={t('console.tokens.region')}>
      <Table highlightOnHover verticalSpacing={8} fz="sm" miw={960} aria-rowcount={props.total ?? -1}>
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => {
                const sortable = SORTABLE[header.column.id];
                return (
                  <Table.Th
                    key={header.id}
                    aria-sort={sortable?.sort === sort ? (order === 'desc' ? 'descending' : 'ascending') : undefined}
                    style={header.column.id === 'select' || header.column.id === 'actions' ? { width: 44 } : undefined}
                  >
                    {sortable ? (
                      <SortHeader label={t(sortable.label)} column={sortable.sort} sort={sort} order={order} onSort={props.onSort} />
                    ) : header.isPlaceholder ? null : (
                      <table.FlexRender header={header} />
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          <Spacer height={paddingTop} />
          {items.map((item) => {
            const row = tableRows[item.index];
            return row ? <TokenRow key={row.id} row={row} index={item.index} selected={row.getIsSelected()} language={i18n.language} /> : null;
          })}
          <Spacer height={paddingBottom} />
        </Table.Tbody>
      </Table>
    </div>
  );
}
