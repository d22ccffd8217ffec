// Devices screen, "Pairings": where the operator lets devices register themselves (Pair a
// device), sees each pairing's state and uses, revokes one, and approves the devices waiting
// for it. Reloaded on pairing.changed and client.changed (a device registering itself).
import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
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
const STATE_LABELS = { active: 'console.pairings.stateActive', used: 'console.pairings.stateUsed', expired: 'console.pairings.stateExpired', revoked: 'console.pairings.stateRevoked' } as const satisfies Record<Pairing['state'], string>;
const clientKey = (c: Client) => c.clientId;

export function Pairings() {
  const { t } = useTranslation();
  const pairings = useOperation('pairings.list', {}, { refreshOn: REFRESH });
  const devices = usePaged('clients.list', { kind: 'device', limit: 200 }, { refreshOn: REFRESH, key: clientKey });
  const waiting = devices.items.filter((c) => c.pendingApproval);
  const pairing = useDialog();
  const revoking = useConfirmedAction(
    'pairings.revoke',
    (p: Pairing) => ({ id: p.id }),
    (p) => {
      notifications.show({ color: 'teal', message: t('console.pairings.revoked', { name: p.name }) });
      pairings.reload();
    },
  );
  const approve = useMutation('clients.approve');
  const approveDevice = async (c: Client) => {
    const approved = await approve.run({ clientId: c.clientId });
    if (approved) {
      notifications.show({ color: 'teal', message: t('console.pairings.approved', { name: approved.name }) });
      devices.reload();
    }
  };
  const list = pairings.data ?? [];

  return (
    <Stack gap="sm">
      <Group justify="space-between" mt="md">
        <Title order={2} size="h4">
          {t('console.pairings.title')}
        </Title>
        <Button leftSection={<IconQrcode size={16} aria-hidden />} onClick={() => pairing.open(true)}>
          {t('console.pairing.title')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('console.pairings.intro')}
      </Text>
      <ErrorAlert error={pairings.error ?? devices.error ?? approve.error} onClose={approve.error ? approve.reset : undefined} />
      {waiting.length ? (
        <TableCard minWidth={560} verticalSpacing="sm">
          <Table.Caption>{t('console.pairings.waiting')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('console.pairings.device')}</Table.Th>
              <Table.Th>{t('console.pairings.pairing')}</Table.Th>
              <Table.Th>{t('console.pairings.registered')}</Table.Th>
              <Table.Th>{t('console.pairings.approve')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {waiting.map((c) => (
              <Table.Tr key={c.clientId}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>{c.pairing?.name ?? '—'}</Table.Td>
                <Table.Td>{formatTime(c.createdAt)}</Table.Td>
                <Table.Td>
                  <Button size="xs" onClick={() => void approveDevice(c)} loading={approve.loading} aria-label={t('console.pairings.approveNamed', { name: c.name })}>
                    {t('console.pairings.approve')}
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
              <Table.Th>{t('console.pairings.name')}</Table.Th>
              <Table.Th>{t('console.pairings.state')}</Table.Th>
              <Table.Th>{t('console.pairings.devices')}</Table.Th>
              <Table.Th>{t('console.pairings.scopes')}</Table.Th>
              <Table.Th>{t('console.pairings.until')}</Table.Th>
              <Table.Th>{t('console.pairings.revoke')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  {p.name}
                  {p.requiresApproval ? (
                    <Badge ml="xs" variant="outline" size="sm">
                      {t('console.pairings.approvalBadge')}
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Badge color={STATE_COLORS[p.state]} variant="light">
                    {t(STATE_LABELS[p.state])}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {t('console.pairings.usesOf', { uses: p.uses, allowed: p.usesAllowed })}
                </Table.Td>
                <Table.Td>{p.scopes.join(' ') || '—'}</Table.Td>
                <Table.Td>{formatTime(p.expiresAt)}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="light" color="red" disabled={p.state !== 'active'} onClick={() => revoking.ask(p)} aria-label={t('console.pairings.revokeNamed', { name: p.name })}>
                    {t('console.pairings.revoke')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </TableCard>
      ) : null}
      <PairDeviceDialog key={pairing.key} opened={pairing.opened} onClose={pairing.close} />
      <ConfirmModal {...revoking.modal} title={t('console.pairings.revokeTitle', { name: revoking.target?.name ?? '' })} confirmLabel={t('console.pairings.revokeConfirm')}>
        <Text size="sm">{t('console.pairings.revokeText')}</Text>
      </ConfirmModal>
    </Stack>
  );
}
