// Devices screen, "Pairings": where the operator lets devices register themselves (Pair a
// device), sees each pairing's state and uses, revokes one, and approves the devices waiting
// for it. Reloaded on pairing.changed and client.changed (a device registering itself).
import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconQrcode } from '@tabler/icons-react';
import type { Client, Pairing } from '../../../shared/admin-contract.ts';
import { ErrorAlert } from '../../components/common.tsx';
import { ConfirmModal } from '../../components/modals.tsx';
import { TableCard } from '../../components/table.tsx';
import { useConfirmedAction } from '../../lib/confirm.ts';
import { useDialog } from '../../lib/dialog.ts';
import { formatTime } from '../../lib/format.ts';
import { useMutation } from '../../lib/mutation.ts';
import { useOperation } from '../../lib/operation.ts';
import { usePaged } from '../../lib/paged.ts';
import { PairDeviceDialog } from './PairDeviceDialog.tsx';

const REFRESH = ['pairing.changed', 'client.changed'] as const;
const STATE_COLORS: Record<Pairing['state'], string> = { active: 'teal', used: 'gray', expired: 'gray', revoked: 'red' };
const STATE_LABELS: Record<Pairing['state'], string> = { active: 'active', used: 'used up', expired: 'expired', revoked: 'revoked' };
const clientKey = (c: Client) => c.clientId;

export function Pairings() {
  const pairings = useOperation('pairings.list', {}, { refreshOn: REFRESH });
  const devices = usePaged('clients.list', { kind: 'device', limit: 200 }, { refreshOn: REFRESH, key: clientKey });
  const waiting = devices.items.filter((c) => c.pendingApproval);
  const pairing = useDialog();
  const revoking = useConfirmedAction(
    'pairings.revoke',
    (p: Pairing) => ({ id: p.id }),
    (p) => {
      notifications.show({ color: 'teal', message: `Pairing ${p.name} revoked: it admits no more devices.` });
      pairings.reload();
    },
  );
  const approve = useMutation('clients.approve');
  const approveDevice = async (c: Client) => {
    const approved = await approve.run({ clientId: c.clientId });
    if (approved) {
      notifications.show({ color: 'teal', message: `${approved.name} may now get tokens.` });
      devices.reload();
    }
  };
  const list = pairings.data ?? [];

  return (
    <Stack gap="sm">
      <Group justify="space-between" mt="md">
        <Title order={2} size="h4">
          Pairings
        </Title>
        <Button leftSection={<IconQrcode size={16} aria-hidden />} onClick={() => pairing.open(true)}>
          Pair a device
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        A pairing lets devices register themselves with a string or QR code, within the grants and scopes you choose.
      </Text>
      <ErrorAlert error={pairings.error ?? devices.error ?? approve.error} onClose={approve.error ? approve.reset : undefined} />
      {waiting.length ? (
        <TableCard minWidth={560} verticalSpacing="sm">
          <Table.Caption>Devices waiting for your approval</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Device</Table.Th>
              <Table.Th>Pairing</Table.Th>
              <Table.Th>Registered</Table.Th>
              <Table.Th>Approve</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {waiting.map((c) => (
              <Table.Tr key={c.clientId}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>{c.pairing?.name ?? '—'}</Table.Td>
                <Table.Td>{formatTime(c.createdAt)}</Table.Td>
                <Table.Td>
                  <Button size="xs" onClick={() => void approveDevice(c)} loading={approve.loading} aria-label={`Approve ${c.name}`}>
                    Approve
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </TableCard>
      ) : null}
      {list.length ? (
        <TableCard minWidth={720} verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Devices</Table.Th>
              <Table.Th>Scopes</Table.Th>
              <Table.Th>Until</Table.Th>
              <Table.Th>Revoke</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  {p.name}
                  {p.requiresApproval ? (
                    <Badge ml="xs" variant="outline" size="sm">
                      approval
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Badge color={STATE_COLORS[p.state]} variant="light">
                    {STATE_LABELS[p.state]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {p.uses} of {p.usesAllowed}
                </Table.Td>
                <Table.Td>{p.scopes.join(' ') || '—'}</Table.Td>
                <Table.Td>{formatTime(p.expiresAt)}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="light" color="red" disabled={p.state !== 'active'} onClick={() => revoking.ask(p)} aria-label={`Revoke the pairing ${p.name}`}>
                    Revoke
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </TableCard>
      ) : null}
      <PairDeviceDialog key={pairing.key} opened={pairing.opened} onClose={pairing.close} />
      <ConfirmModal {...revoking.modal} title={`Revoke the pairing ${revoking.target?.name ?? ''}?`} confirmLabel="Revoke pairing">
        <Text size="sm">No more devices can register with it. Devices it already admitted keep their registrations; disable or delete them on the Applications screen.</Text>
      </ConfirmModal>
    </Stack>
  );
}
