// Devices screen, "Pairings": where the operator lets devices register themselves (Pair a
// device), sees each pairing's state and uses, revokes one, and approves the devices waiting
// for it. Reloaded on pairing.changed and client.changed (a device registering itself).
import { Badge, Button, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { notifications } from '@mantine/notifications';
import { IconQrcode } from '@tabler/icons-react';
import type { Client, Pairing } from '../../../shared/admin-contract.ts';
import { ErrorAlert, SectionHeader } from '../../components/common.tsx';
import { ConfirmModal } from '../../components/modals.tsx';
import { ColumnsTable } from '../../components/table.tsx';
import { useConfirmedAction } from '../../lib/confirm.ts';
import { useDialog } from '../../lib/dialog.ts';
import { formatTime } from '../../lib/format.ts';
import { useSave } from '../../lib/mutation.ts';
import { useOperation } from '../../lib/operation.ts';
import { usePaged } from '../../lib/paged.ts';
import { PairDeviceDialog } from './PairDeviceDialog.tsx';

const REFRESH = ['pairing.changed', 'client.changed'] as const;
const STATE_COLORS: Record<Pairing['state'], string> = { active: 'teal', used: 'gray', expired: 'gray', revoked: 'red' };
const STATE_LABELS = { active: 'console.pairings.stateActive', used: 'console.pairings.stateUsed', expired: 'console.pairings.stateExpired', revoked: 'console.pairings.stateRevoked' } as const satisfies Record<Pairing['state'], string>;
const clientKey = (c: Client) => c.clientId;
type Approving = { save: (input: { clientId: string }) => Promise<void>; loading: boolean };

export function Pairings() {
  const { t } = useTranslation();
  const pairings = useOperation('pairings.list', {}, { refreshOn: REFRESH });
  const devices = usePaged('clients.list', { kind: 'device', limit: 200 }, { refreshOn: REFRESH, key: clientKey });
  // Approving a device that registered itself with a pairing requiring approval.
  const approving = useSave('clients.approve', (approved) => t('console.pairings.approved', { name: approved.name }), devices.reload);
  const pairing = useDialog();
  const revoking = useConfirmedAction(
    'pairings.revoke',
    (p: Pairing) => ({ id: p.id }),
    (p) => {
      notifications.show({ color: 'teal', message: t('console.pairings.revoked', { name: p.name }) });
      pairings.reload();
    },
  );

  return (
    <Stack gap="sm">
      <SectionHeader
        title={t('console.pairings.title')}
        action={
          <Button leftSection={<IconQrcode size={16} aria-hidden />} onClick={() => pairing.open(true)}>
            {t('console.pairing.title')}
          </Button>
        }
      />
      <Text size="sm" c="dimmed">
        {t('console.pairings.intro')}
      </Text>
      <ErrorAlert error={pairings.error ?? devices.error ?? approving.error} onClose={approving.error ? approving.reset : undefined} />
      <WaitingDevices devices={devices.items.filter((c) => c.pendingApproval)} approving={approving} />
      <PairingsTable pairings={pairings.data ?? []} onRevoke={revoking.ask} />
      <PairDeviceDialog key={pairing.key} opened={pairing.opened} onClose={pairing.close} />
      <ConfirmModal {...revoking.modal} title={t('console.pairings.revokeTitle', { name: revoking.target?.name ?? '' })} confirmLabel={t('console.pairings.revokeConfirm')}>
        <Text size="sm">{t('console.pairings.revokeText')}</Text>
      </ConfirmModal>
    </Stack>
  );
}

/** The devices that registered themselves and wait for the operator's approval; nothing when none does. */
function WaitingDevices({ devices, approving }: { devices: Client[]; approving: Approving }) {
  const { t } = useTranslation();
  return (
    <ColumnsTable
      minWidth={560}
      caption={t('console.pairings.waiting')}
      columns={[t('console.pairings.device'), t('console.pairings.pairing'), t('console.pairings.registered'), t('console.pairings.approve')]}
      rows={devices}
      rowKey={clientKey}
      cells={(c) => (
        <>
          <Table.Td>{c.name}</Table.Td>
          <Table.Td>{c.pairing?.name ?? '—'}</Table.Td>
          <Table.Td>{formatTime(c.createdAt)}</Table.Td>
          <Table.Td>
            <Button size="xs" onClick={() => void approving.save({ clientId: c.clientId })} loading={approving.loading} aria-label={t('console.pairings.approveNamed', { name: c.name })}>
              {t('console.pairings.approve')}
            </Button>
          </Table.Td>
        </>
      )}
    />
  );
}

/** Every pairing with its state and uses; an active one can be revoked. Nothing when there is none. */
function PairingsTable({ pairings, onRevoke }: { pairings: Pairing[]; onRevoke: (p: Pairing) => void }) {
  const { t } = useTranslation();
  return (
    <ColumnsTable
      minWidth={720}
      columns={[t('console.pairings.name'), t('console.pairings.state'), t('console.pairings.devices'), t('console.pairings.scopes'), t('console.pairings.until'), t('console.pairings.revoke')]}
      rows={pairings}
      rowKey={(p) => p.id}
      cells={(p) => (
        <>
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
          <Table.Td>{t('console.pairings.usesOf', { uses: p.uses, allowed: p.usesAllowed })}</Table.Td>
          <Table.Td>{p.scopes.join(' ') || '—'}</Table.Td>
          <Table.Td>{formatTime(p.expiresAt)}</Table.Td>
          <Table.Td>
            <Button size="xs" variant="light" color="red" disabled={p.state !== 'active'} onClick={() => onRevoke(p)} aria-label={t('console.pairings.revokeNamed', { name: p.name })}>
              {t('console.pairings.revoke')}
            </Button>
          </Table.Td>
        </>
      )}
    />
  );
}
