// Live tokens: every token still valid, in a virtualized table that pages through tokens.list as
// the operator scrolls and follows the hub live (screens/tokens/useLiveTokens.ts), with filters,
// revoke per row, and bulk revocation of a selection, an application or a user.
import { useState } from 'react';
import { Badge, Button, Group, Loader, Stack, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey } from '@tabler/icons-react';
import type { Token } from '../../shared/admin-contract.ts';
import { useMutation } from '../lib/mutation.ts';
import { useOperation } from '../lib/operation.ts';
import { ErrorAlert, PageHeader } from '../components/common.tsx';
import { ListEmptyState } from '../components/empty.tsx';
import { BulkRevokeDialog, type BulkTarget } from './tokens/BulkRevokeDialog.tsx';
import { TokenFilters, useFilterChoices } from './tokens/TokenFilters.tsx';
import { TokenTable } from './tokens/TokenTable.tsx';
import { TYPE_LABEL } from './tokens/token-types.ts';
import { useLiveTokens } from './tokens/useLiveTokens.ts';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format.ts';

export function Tokens() {
  const live = useLiveTokens();
  const { t } = useTranslation();
  const { list, filters } = live;
  const choices = useFilterChoices(filters, list.loaded);
  const count = useOperation('tokens.count', filters, { refreshOn: ['token.issued', 'token.revoked', 'client.changed', 'user.changed'], enabled: list.loaded });
  const revokeOne = useMutation('tokens.revoke');
  const [bulk, setBulk] = useState<BulkTarget | null>(null);

  const revoke = async (token: Token) => {
    if (!(await revokeOne.run({ ids: [token.id] }))) return;
    live.remove([token.id]);
    notifications.show({ color: 'teal', message: t('console.tokens.revokedOne', { type: t(TYPE_LABEL[token.type]), name: token.clientName ?? token.clientId }) });
  };

  const selectedIds = Object.keys(live.selection);
  const filtered = !!(filters.clientId || filters.userId || filters.type);
  const total = count.data?.count;
  const rows = list.items;
  return (
    <Stack>
      <PageHeader
        title={t('console.nav.tokens')}
        description={t('console.tokens.description')}
        actions={
          <Badge size="xl" variant="light" tt="none" aria-live="polite">
            {total === undefined ? '…' : t(filtered ? 'console.tokens.countMatch' : 'console.tokens.count', { count: total, formatted: formatNumber(total) })}
          </Badge>
        }
      />
      <Group align="flex-end" wrap="wrap">
        <TokenFilters filters={filters} choices={choices} onChange={live.setFilters} />
        <Group gap="xs" ml="auto">
          <Button color="red" variant="light" disabled={selectedIds.length === 0} onClick={() => setBulk({ kind: 'selected', ids: selectedIds })}>
            {t('console.tokens.revokeSelected', { count: selectedIds.length })}
          </Button>
          {filters.clientId ? (
            <Button color="red" variant="light" onClick={() => setBulk({ kind: 'client', clientId: filters.clientId!, name: choices.clientName ?? '' })}>
              {t('console.tokens.revokeAllOf', { name: choices.clientName })}
            </Button>
          ) : null}
          {filters.userId ? (
            <Button color="red" variant="light" onClick={() => setBulk({ kind: 'user', userId: filters.userId!, name: choices.userName ?? '' })}>
              {t('console.tokens.revokeAllOf', { name: choices.userName })}
            </Button>
          ) : null}
        </Group>
      </Group>
      <ErrorAlert error={list.error ?? revokeOne.error} onClose={revokeOne.error ? revokeOne.reset : undefined} />
      {/* Announced to screen readers as tokens arrive that the current order does not show. */}
      <VisuallyHidden role="status">{live.newElsewhere ? t('console.tokens.newElsewhere', { count: live.newElsewhere }) : ''}</VisuallyHidden>
      {live.newElsewhere ? (
        <Button variant="light" w="fit-content" onClick={live.showNew}>
          {t('console.tokens.newElsewhere', { count: live.newElsewhere })}
        </Button>
      ) : null}
      {list.loaded && !list.error && rows.length === 0 && !list.loading ? (
        <ListEmptyState
          filtered={filtered}
          icon={<IconKey aria-hidden />}
          empty={{
            title: t('console.tokens.emptyTitle'),
            description: t('console.tokens.emptyText'),
          }}
          noMatch={{ title: t('console.tokens.noMatchTitle'), description: t('console.tokens.noMatchText') }}
        />
      ) : null}
      {rows.length ? (
        <TokenTable
          rows={rows}
          total={total}
          selection={live.selection}
          onSelectionChange={live.setSelection}
          sort={live.sort}
          order={live.order}
          onSort={live.setSort}
          onRevoke={(token) => void revoke(token)}
          canLoadMore={list.hasMore && !list.loading}
          onLoadMore={list.more}
        />
      ) : null}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {rows.length ? t(list.hasMore ? 'console.tokens.loadedMore' : 'console.tokens.loaded', { count: rows.length, formatted: formatNumber(rows.length) }) : null}
        </Text>
        {list.loading ? <Loader size="sm" aria-label={t('console.tokens.loading')} /> : null}
      </Group>
      <BulkRevokeDialog
        target={bulk}
        onBatchRevoked={live.remove}
        onDone={() => {
          setBulk(null);
          if (bulk?.kind === 'selected') live.setSelection({});
          count.reload();
        }}
        onClose={() => setBulk(null)}
      />
    </Stack>
  );
}
