// The live-token table's columns (TanStack Table): select, type, application, user, scope,
// issued, expires, and a revoke button that calls the table's `meta.onRevoke`.
import { ActionIcon, Badge, Checkbox, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { createColumnHelper, metaHelper, rowSelectionFeature, tableFeatures } from '@tanstack/react-table';
import type { Token } from '../../../shared/admin-contract.ts';
import { formatAgo, formatTime } from '../../lib/format.ts';
import { TYPE_COLOR, TYPE_LABEL } from './token-types.ts';
import { i18n } from '../../lib/i18n.ts';

export const features = tableFeatures({ rowSelectionFeature, tableMeta: metaHelper<{ onRevoke: (token: Token) => void }>() });
const helper = createColumnHelper<typeof features, Token>();

const Time = ({ iso }: { iso: string }) => <span title={formatTime(iso)}>{formatAgo(iso)}</span>;

export const columns = helper.columns([
  helper.display({
    id: 'select',
    header: ({ table }) => (
      <Checkbox aria-label={i18n.t('console.tokens.selectAll')} checked={table.getIsAllRowsSelected()} indeterminate={table.getIsSomeRowsSelected()} onChange={table.getToggleAllRowsSelectedHandler()} />
    ),
    cell: ({ row }) => <Checkbox aria-label={i18n.t('console.tokens.select', { id: row.original.id })} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />,
  }),
  helper.accessor('type', {
    header: () => i18n.t('console.tokens.type'),
    cell: (info) => (
      <Badge variant="light" color={TYPE_COLOR[info.getValue()]} style={{ textTransform: 'none' }}>
        {i18n.t(TYPE_LABEL[info.getValue()])}
      </Badge>
    ),
  }),
  // A personal access token shows its name after the built-in client's.
  helper.accessor((t) => (t.name ? `${t.clientName ?? t.clientId}: ${t.name}` : (t.clientName ?? t.clientId)), { id: 'client', header: () => i18n.t('console.events.application') }),
  helper.accessor((t) => t.username ?? t.subject ?? '—', { id: 'user', header: () => i18n.t('console.tokens.user') }),
  helper.accessor('scope', {
    header: () => i18n.t('console.roles.scope'),
    cell: (info) => (
      <Text size="xs" ff="monospace">
        {info.getValue()}
      </Text>
    ),
  }),
  helper.accessor('issuedAt', { header: () => i18n.t('console.tokens.issued'), cell: (info) => <Time iso={info.getValue()} /> }),
  helper.accessor('expiresAt', { header: () => i18n.t('console.tokens.expires'), cell: (info) => <Time iso={info.getValue()} /> }),
  helper.display({
    id: 'actions',
    header: () => <VisuallyHidden>{i18n.t('console.devices.revoke')}</VisuallyHidden>,
    cell: ({ row, table }) => (
      <Tooltip label={i18n.t('console.tokens.revokeThis')}>
        <ActionIcon variant="subtle" color="red" onClick={() => table.options.meta?.onRevoke(row.original)} aria-label={i18n.t('console.tokens.revokeId', { id: row.original.id })}>
          <IconTrash size={16} aria-hidden />
        </ActionIcon>
      </Tooltip>
    ),
  }),
]);
