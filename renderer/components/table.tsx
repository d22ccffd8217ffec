// The pieces every list screen builds its table from, so they look and behave alike.
import type { ReactNode } from 'react';
import { ActionIcon, Button, Card, Menu, Table, type TableProps } from '@mantine/core';
import { IconDots } from '@tabler/icons-react';

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

/** The "…" menu at the end of a row (or in a column header with `small`); `label` names it for screen readers. */
export function RowMenu({ label, small = false, children }: { label: string; small?: boolean; children: ReactNode }) {
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <ActionIcon {...(small ? { size: 'sm' } : {})} variant="subtle" aria-label={label}>
          <IconDots size={small ? 14 : 18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>{children}</Menu.Dropdown>
    </Menu>
  );
}

/** Fetches the next page of a `usePaged` list; shown only while there is one. */
export function LoadMoreButton({ list }: { list: { hasMore: boolean; loading: boolean; more: () => Promise<void> } }) {
  if (!list.hasMore) return null;
  return (
    <Button variant="default" onClick={() => void list.more()} loading={list.loading} w="fit-content">
      Load more
    </Button>
  );
}
