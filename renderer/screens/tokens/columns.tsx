// The live-token table's columns (TanStack Table): select, type, application, user, scope,
// issued, expires, and a revoke button that calls the table's `meta.onRevoke`.
import { ActionIcon, Badge, Checkbox, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { createColumnHelper, metaHelper, rowSelectionFeature, tableFeatures } from '@tanstack/react-table';
import type { Token } from '../../../shared/admin-contract.ts';
import { formatAgo, formatTime } from '../../lib/format.ts';
import { TYPE_COLOR, TYPE_LABEL } from './token-types.ts';

export const features = tableFeatures({ rowSelectionFeature, tableMeta: metaHelper<{ onRevoke: (token: Token) => void }>() });
const helper = createColumnHelper<typeof features, Token>();

const Time = ({ iso }: { iso: string }) => <span title={formatTime(iso)}>{formatAgo(iso)}</span>;

export const columns = helper.columns([
  helper.display({
    id: 'select',
    header: ({ table }) => (
      <Checkbox aria-label="Select every loaded token" checked={table.getIsAllRowsSelected()} indeterminate={table.getIsSomeRowsSelected()} onChange={table.getToggleAllRowsSelectedHandler()} />
    ),
    cell: ({ row }) => <Checkbox aria-label={`Select token ${row.original.id}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />,
  }),
  helper.accessor('type', {
    header: 'Type',
    cell: (info) => (
      <Badge variant="light" color={TYPE_COLOR[info.getValue()]} style={{ textTransform: 'none' }}>
        {TYPE_LABEL[info.getValue()]}
      </Badge>
    ),
  }),
  helper.accessor((t) => t.clientName ?? t.clientId, { id: 'client', header: 'Application' }),
  helper.accessor((t) => t.username ?? t.subject ?? '—', { id: 'user', header: 'User' }),
  helper.accessor('scope', {
    header: 'Scope',
    cell: (info) => (
      <Text size="xs" ff="monospace">
        {info.getValue()}
      </Text>
    ),
  }),
  helper.accessor('issuedAt', { header: 'Issued', cell: (info) => <Time iso={info.getValue()} /> }),
  helper.accessor('expiresAt', { header: 'Expires', cell: (info) => <Time iso={info.getValue()} /> }),
  helper.display({
    id: 'actions',
    header: () => <VisuallyHidden>Revoke</VisuallyHidden>,
    cell: ({ row, table }) => (
      <Tooltip label="Revoke this token">
        <ActionIcon variant="subtle" color="red" onClick={() => table.options.meta?.onRevoke(row.original)} aria-label={`Revoke token ${row.original.id}`}>
          <IconTrash size={16} aria-hidden />
        </ActionIcon>
      </Tooltip>
    ),
  }),
]);
