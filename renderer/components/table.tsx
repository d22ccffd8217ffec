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

/**
 * A table in a card with a header row of `columns`; `children` are its body rows. `caption`
 * names the table for screen readers (and shows above it).
 */
export function ColumnsTable({ columns, caption, children, ...card }: TableProps & { minWidth: number; columns: Column[]; caption?: string; children: ReactNode }) {
  return (
    <TableCard verticalSpacing="sm" {...card}>
      {caption ? <Table.Caption>{caption}</Table.Caption> : null}
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
      <Table.Tbody>{children}</Table.Tbody>
    </TableCard>
  );
}

/** A list screen's table: a header row of `columns` and a last, unlabelled one for each row's menu. */
export function ListTable({ minWidth, columns, children }: { minWidth: number; columns: (string | { label: string; miw: number })[]; children: ReactNode }) {
  const { t } = useTranslation();
  const headings: Column[] = columns.map((c) => (typeof c === 'string' ? c : { key: c.label, ...c }));
  return (
    <ColumnsTable minWidth={minWidth} highlightOnHover columns={[...headings, { key: 'actions', label: <VisuallyHidden>{t('console.common.actions')}</VisuallyHidden> }]}>
      {children}
    </ColumnsTable>
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
