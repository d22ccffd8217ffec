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
import { formatAgo, formatTime } from '../lib/format.ts';
import { useConfirmedAction } from '../lib/confirm.ts';
import { ClientId, ClientName } from './applications/cells.tsx';
import { KIND_INFO } from './applications/kinds.ts';
import { Pairings } from './devices/Pairings.tsx';
import { PendingDevices } from './devices/PendingDevices.tsx';

const REFRESH = ['client.changed', 'token.issued', 'token.revoked'] as const;
const clientKey = (c: Client) => c.clientId;

export function Devices() {
  const devices = usePaged('clients.list', { kind: 'device', limit: 200 }, { refreshOn: REFRESH, key: clientKey });
  const services = usePaged('clients.list', { kind: 'service', limit: 200 }, { refreshOn: REFRESH, key: clientKey });
  const items = [...devices.items, ...services.items].sort((a, b) => (b.lastSeenAt ?? '').localeCompare(a.lastSeenAt ?? '') || a.name.localeCompare(b.name));
  const revoking = useConfirmedAction(
    'tokens.revokeByClient',
    (c: Client) => ({ clientId: c.clientId }),
    (result, c) => {
      notifications.show({ color: 'teal', message: `Revoked ${result.revoked} token${result.revoked === 1 ? '' : 's'} of ${c.name}.` });
      devices.reload();
      services.reload();
    },
  );
  const target = revoking.target;
  const loaded = devices.loaded && services.loaded;

  return (
    <Stack>
      <PageHeader
        title="Devices"
        description="Devices waiting to be paired, and the devices and background services that get tokens. Revoke their tokens if one is lost, stolen or misbehaving."
      />
      <PendingDevices />
      <Pairings />
      <Title order={2} size="h4" mt="md">
        Devices and services
      </Title>
      <ErrorAlert error={devices.error ?? services.error} />
      {loaded && items.length === 0 ? (
        <EmptyState
          icon={<IconCpu aria-hidden />}
          title="No devices or services yet"
          description="Add a thermostat, camera, sensor or backup job on the Applications screen (kind “Device” or “Background service”); it will show up here."
        >
          <EmptyState.Actions>
            <Button onClick={() => navigate('applications')}>Go to Applications</Button>
          </EmptyState.Actions>
        </EmptyState>
      ) : null}
      {items.length ? (
        <TableCard minWidth={760} highlightOnHover verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Client id</Table.Th>
              <Table.Th>Last seen</Table.Th>
              <Table.Th>Live tokens</Table.Th>
              <Table.Th>Revoke</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.clientId}>
                <Table.Td>
                  <ClientName client={c} />
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">{KIND_INFO[c.kind].short}</Badge>
                </Table.Td>
                <Table.Td>
                  <ClientId client={c} />
                </Table.Td>
                <Table.Td title={formatTime(c.lastSeenAt)}>{formatAgo(c.lastSeenAt)}</Table.Td>
                <Table.Td>{c.liveTokens}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    disabled={c.liveTokens === 0}
                    onClick={() => revoking.ask(c)}
                    aria-label={`Revoke all tokens of ${c.name}`}
                  >
                    Revoke all
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </TableCard>
      ) : null}
      <ConfirmModal {...revoking.modal} title={`Revoke every token of ${target?.name ?? ''}?`} confirmLabel="Revoke all tokens">
        <Text size="sm">
          {target?.name} loses its {target?.liveTokens} live token{target?.liveTokens === 1 ? '' : 's'} now. It can get new ones with its secret; rotate or disable it on the
          Applications screen to stop that.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
