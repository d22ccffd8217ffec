// Devices: the requests waiting to pair (PendingDevices), then the registered devices and
// background services with their live tokens, which the operator can revoke all at once.
import { Badge, Button, EmptyState, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCpu } from '@tabler/icons-react';
import type { Client } from '../../shared/admin-contract.ts';
import { usePaged } from '../lib/paged.ts';
import { ErrorAlert, PageHeader, SectionHeader } from '../components/common.tsx';
import { ConfirmModal } from '../components/modals.tsx';
import { ColumnsTable } from '../components/table.tsx';
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
      <SectionHeader title={t('console.devices.registered')} />
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
      <RegisteredDevices clients={items} onRevoke={revoking.ask} />
      <ConfirmModal {...revoking.modal} title={t('console.devices.revokeTitle', { name: target?.name ?? '' })} confirmLabel={t('console.devices.revokeConfirm')}>
        <Text size="sm">{t('console.devices.revokeText', { name: target?.name ?? '', count: target?.liveTokens ?? 0 })}</Text>
      </ConfirmModal>
    </Stack>
  );
}

/** The registered devices and services, each with its live tokens and "Revoke all…"; nothing when there is none. */
function RegisteredDevices({ clients, onRevoke }: { clients: Client[]; onRevoke: (c: Client) => void }) {
  const { t } = useTranslation();
  return (
    <ColumnsTable
      minWidth={760}
      highlightOnHover
      columns={[t('console.common.name'), t('console.applications.kind'), t('console.applications.clientId'), t('console.applications.lastSeen'), t('console.nav.tokens'), t('console.devices.revoke')]}
      rows={clients}
      rowKey={clientKey}
      cells={(c) => (
        <>
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
            <Button size="xs" variant="light" color="red" disabled={c.liveTokens === 0} onClick={() => onRevoke(c)} aria-label={t('console.devices.revokeAllOf', { name: c.name })}>
              {t('console.devices.revokeAll')}
            </Button>
          </Table.Td>
        </>
      )}
    />
  );
}
