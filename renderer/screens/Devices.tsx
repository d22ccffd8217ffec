// Devices: the requests waiting to pair (PendingDevices), then the registered devices and
// background services with their live tokens, which the operator can revoke all at once.
import { Badge, Button, EmptyState, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCpu } from '@tabler/icons-react';
import type { Client } from '../../shared/admin-contract.ts';
import { usePaged } from '../lib/paged.ts';
import { ErrorAlert, PageHeader } from '../components/common.tsx';
import { ConfirmModal } from '../components/modals.tsx';
import { TableCard } from '../components/table.tsx';
import { navigate } from '../lib/router.ts';
import { formatAgo, formatNumber, formatTime } from '../lib/format.ts';
import { useConfirmedAction } from '../lib/confirm.ts';
import { ClientId, ClientName } from './applications/cells.tsx';
import { KIND_INFO } from './applications/kinds.ts';
import { useTranslation } from 'react-i18next';
import { Pairings } from './devices/Pairings.tsx';
import { PendingDevices } from './devices/PendingDevices.tsx';

const REFRESH = ['client.changed', 'token.issued', 'token.revoked'] as const;
const clientKey = (c: Client) => c.clientId;

export function Devices() {
  const devices = usePaged('clients.list', { kind: 'device', limit: 200 }, { refreshOn: REFRESH, key: clientKey });
  const { t } = useTranslation();
  const services = usePaged('clients.list', { kind: 'service', limit: 200 }, { refreshOn: REFRESH, key: clientKey });
  const items = [...devices.items, ...services.items].sort((a, b) => (b.lastSeenAt ?? '').localeCompare(a.lastSeenAt ?? '') || a.name.localeCompare(b.name));
  const revoking = useConfirmedAction(
    'tokens.revokeByClient',
    (c: Client) => ({ clientId: c.clientId }),
    (result, c) => {
      notifications.show({ color: 'teal', message: t('console.devices.revoked', { count: result.revoked, name: c.name }) });
      devices.reload();
      services.reload();
    },
  );
  const target = revoking.target;
  const loaded = devices.loaded && services.loaded;

  return (
    <Stack>
      <PageHeader
        title={t('console.nav.devices')}
        description={t('console.devices.description')}
      />
      <PendingDevices />
      <Pairings />
      <Title order={2} size="h4" mt="md">
        {t('console.devices.registered')}
      </Title>
      <ErrorAlert error={devices.error ?? services.error} />
      {loaded && items.length === 0 ? (
        <EmptyState
          icon={<IconCpu aria-hidden />}
          title={t('console.devices.emptyTitle')}
          description={t('console.devices.emptyText')}
        >
          <EmptyState.Actions>
            <Button onClick={() => navigate('applications')}>{t('console.devices.goToApplications')}</Button>
          </EmptyState.Actions>
        </EmptyState>
      ) : null}
      {items.length ? (
        <TableCard minWidth={760} highlightOnHover verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('console.common.name')}</Table.Th>
              <Table.Th>{t('console.applications.kind')}</Table.Th>
              <Table.Th>{t('console.applications.clientId')}</Table.Th>
              <Table.Th>{t('console.applications.lastSeen')}</Table.Th>
              <Table.Th>{t('console.nav.tokens')}</Table.Th>
              <Table.Th>{t('console.devices.revoke')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.clientId}>
                <Table.Td>
                  <ClientName client={c} />
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">{t(KIND_INFO[c.kind].short)}</Badge>
                </Table.Td>
                <Table.Td>
                  <ClientId client={c} />
                </Table.Td>
                <Table.Td title={formatTime(c.lastSeenAt)}>{formatAgo(c.lastSeenAt)}</Table.Td>
                <Table.Td>{formatNumber(c.liveTokens)}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    disabled={c.liveTokens === 0}
                    onClick={() => revoking.ask(c)}
                    aria-label={t('console.devices.revokeAllOf', { name: c.name })}
                  >
                    {t('console.devices.revokeAll')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </TableCard>
      ) : null}
      <ConfirmModal {...revoking.modal} title={t('console.devices.revokeTitle', { name: target?.name ?? '' })} confirmLabel={t('console.devices.revokeConfirm')}>
        <Text size="sm">{t('console.devices.revokeText', { name: target?.name ?? '', count: target?.liveTokens ?? 0 })}</Text>
      </ConfirmModal>
    </Stack>
  );
}
