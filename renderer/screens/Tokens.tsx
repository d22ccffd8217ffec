// Live tokens: every token still valid, in a virtualized table that pages through tokens.list as
// the operator scrolls and follows the hub live (screens/tokens/useLiveTokens.ts), with filters,
// revoke per row, and bulk revocation of a selection, an application or a user.
import { useState } from 'react';
import { Badge, Button, Group, Loader, Stack, Text } from '@mantine/core';
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

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

export function Tokens() {
  const live = useLiveTokens();
  const { list, filters } = live;
  const choices = useFilterChoices(filters, list.loaded);
  const count = useOperation('tokens.count', filters, { refreshOn: ['token.issued', 'token.revoked', 'client.changed', 'user.changed'], enabled: list.loaded });
  const revokeOne = useMutation('tokens.revoke');
  const [bulk, setBulk] = useState<BulkTarget | null>(null);

  const revoke = async (token: Token) => {
    if (!(await revokeOne.run({ ids: [token.id] }))) return;
    live.remove([token.id]);
    notifications.show({ color: 'teal', message: `Revoked the ${TYPE_LABEL[token.type]} token of ${token.clientName ?? token.clientId}.` });
  };

  const selectedIds = Object.keys(live.selection);
  const filtered = !!(filters.clientId || filters.userId || filters.type);
  const total = count.data?.count;
  const rows = list.items;
  return (
    <Stack>
      <PageHeader
        title="Live tokens"
        description="Every token that is still valid. The list follows the hub live; scroll to load more. Revoking a token makes it stop working at once."
        actions={
          <Badge size="xl" variant="light" tt="none" aria-live="polite">
            {total === undefined ? '…' : `${plural(total, 'live token')}${filtered ? ' match' : ''}`}
          </Badge>
        }
      />
      <Group align="flex-end" wrap="wrap">
        <TokenFilters filters={filters} choices={choices} onChange={live.setFilters} />
        <Group gap="xs" ml="auto">
          <Button color="red" variant="light" disabled={selectedIds.length === 0} onClick={() => setBulk({ kind: 'selected', ids: selectedIds })}>
            Revoke selected ({selectedIds.length})
          </Button>
          {filters.clientId ? (
            <Button color="red" variant="light" onClick={() => setBulk({ kind: 'client', clientId: filters.clientId!, name: choices.clientName ?? '' })}>
              Revoke all of {choices.clientName}
            </Button>
          ) : null}
          {filters.userId ? (
            <Button color="red" variant="light" onClick={() => setBulk({ kind: 'user', userId: filters.userId!, name: choices.userName ?? '' })}>
              Revoke all of {choices.userName}
            </Button>
          ) : null}
        </Group>
      </Group>
      <ErrorAlert error={list.error ?? revokeOne.error} onClose={revokeOne.error ? revokeOne.reset : undefined} />
      {live.newElsewhere ? (
        <Button variant="light" w="fit-content" onClick={live.showNew}>
          {live.newElsewhere} new token{live.newElsewhere === 1 ? '' : 's'} — show them
        </Button>
      ) : null}
      {list.loaded && !list.error && rows.length === 0 && !list.loading ? (
        <ListEmptyState
          filtered={filtered}
          icon={<IconKey aria-hidden />}
          empty={{
            title: 'No live tokens',
            description: 'Tokens appear here as soon as an application signs someone in or a device asks for one. Create an application first if you have none.',
          }}
          noMatch={{ title: 'No live tokens match these filters', description: 'Clear a filter to see more.' }}
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
          {rows.length ? `${rows.length.toLocaleString()} loaded${list.hasMore ? '; more load as you scroll' : ''}.` : null}
        </Text>
        {list.loading ? <Loader size="sm" aria-label="Loading tokens" /> : null}
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
