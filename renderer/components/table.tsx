// The pieces every list screen builds its table from, so they look and behave alike.
import type { ReactNode } from 'react';
import { ActionIcon, Button, Card, Menu, Table, VisuallyHidden, type TableProps } from '@mantine/core';
import { IconDots } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** A table in a bordered, unpadded card; it scrolls sideways below `minWidth` instead of squeezing its columns. */
export function TableCard({ minWidth, children, ...table }: TableProps & { minWidth: number; children: ReactNode }) {
  return (
    <Card withBorder padding={0}>
      <Table.ScrollContainer minWidth={minWidth}>
        <Table {...table}>{children}</Table>
      </Table.ScrollContainer>
    </Card>
  );
}

/** A column heading: its text, or a heading with a key and a minimum width. */
export type Column = string | { key: string; label: ReactNode; miw?: number };

/** The header row of `columns`. */
function HeaderRow({ columns }: { columns: Column[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map((c) =>
          typeof c === 'string' ? (
            <Table.Th key={c}>{c}</Table.Th>
          ) : (
            <Table.Th key={c.key} miw={c.miw}>
              {c.label}
            </Table.Th>
          ),
        )}
      </Table.Tr>
    </Table.Thead>
  );
}

/**
 * A list as a table in a card: a header row of `columns`, then a row of `cells` for each of
 * `rows`; nothing at all when there are none (the screen says so its own way). `caption`
 * names the table for screen readers (and shows above it).
 */
export function ColumnsTable<T>({ rows, rowKey, cells, columns, caption, ...card }: Omit<TableProps, 'children'> & {
  minWidth: number;
  columns: Column[];
  caption?: string;
  rows: readonly T[];
  rowKey: (row: T) => string;
  cells: (row: T) => ReactNode;
}) {
  if (rows.length === 0) return null;
  return (
    <TableCard verticalSpacing="sm" {...card}>
      {caption ? <Table.Caption>{caption}</Table.Caption> : null}
      <HeaderRow columns={columns} />
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={rowKey(row)}>{cells(row)}</Table.Tr>
        ))}
      </Table.Tbody>
    </TableCard>
  );
}

/** A list screen's table: a header row of `columns` and a last, unlabelled one for each row's menu; `children` are its rows. */
export function ListTable({ minWidth, columns, children }: { minWidth: number; columns: (string | { label: string; miw: number })[]; children: ReactNode }) {
  const { t } = useTranslation();
  const headings: Column[] = columns.map((c) => (typeof c === 'string' ? c : { key: c.label, ...c }));
  return (
    <TableCard minWidth={minWidth} highlightOnHover verticalSpacing="sm">
      <HeaderRow columns={[...headings, { key: 'actions', label: <VisuallyHidden>{t('console.common.actions')}</VisuallyHidden> }]} />
      <Table.Tbody>{children}</Table.Tbody>
    </TableCard>
  );
}

/**
 * The "…" menu at the end of a row (or in a column header with `small`); `label` names it for
 * screen readers. `onDelete` adds a red "Delete…" item last, set apart.
 */
export function RowMenu({ label, small = false, onDelete, children }: { label: string; small?: boolean; onDelete?: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <ActionIcon {...(small ? { size: 'sm' } : {})} variant="subtle" aria-label={label}>
          <IconDots size={small ? 14 : 18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {children}
        {onDelete ? (
          <>
            <Menu.Divider />
            <Menu.Item color="red" onClick={onDelete}>
              {t('console.common.deleteMenu')}
            </Menu.Item>
          </>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  );
}

/** Fetches the next page of a `usePaged` list; shown only while there is one. */
export function LoadMoreButton({ list }: { list: { hasMore: boolean; loading: boolean; more: () => Promise<void> } }) {
  const { t } = useTranslation();
  if (!list.hasMore) return null;
  return (
    <Button variant="default" onClick={() => void list.more()} loading={list.loading} w="fit-content">
      {t('console.common.loadMore')}
    </Button>
  );
}
