// The Devices screen's "Waiting to pair" section (RFC 8628): devices without a keyboard show a
// code and wait; an operator approves one for a user's account, or denies it, right here. The
// list reloads on live events and, as a slow safety net, every PENDING_POLL_MS.
import { useEffect } from 'react';
import { Alert, Badge, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceTv } from '@tabler/icons-react';
import type { DeviceRequest, EventType } from '../../../shared/admin-contract.ts';
import { ErrorAlert } from '../../components/common.tsx';
import { ConfirmModal } from '../../components/modals.tsx';
import { useNow } from '../../lib/clock.ts';
import { useConfirmedAction } from '../../lib/confirm.ts';
import { useDialog } from '../../lib/dialog.ts';
import { useOperation } from '../../lib/operation.ts';
import { ApproveModal } from './ApproveModal.tsx';
import { RequestCard, deviceName } from './RequestCard.tsx';

/** The hub announces new requests (device.requested) but not expiry, nor someone entering a code on the device page. */
export const PENDING_POLL_MS = 15_000;
const REFRESH: readonly EventType[] = ['device.requested', 'login.succeeded', 'grant.refused', 'token.issued', 'client.changed'];

function NoneWaiting() {
  return (
    <Alert variant="light" color="gray" icon={<IconDeviceTv aria-hidden />} title="No device is waiting">
      A TV, speaker or other device without a keyboard pairs with a code (add it on the Applications screen as a <b>Device</b> that pairs with a code): the device shows a short
      code and an address; someone opens the address on a phone or computer (or scans the device&apos;s QR code), enters the code and signs in. While a device waits, its
      request shows up here with the same code, so you can approve it for a user&apos;s account or deny it. Requests expire after a few minutes.
    </Alert>
  );
}

export function PendingDevices({ pollMs = PENDING_POLL_MS }: { pollMs?: number }) {
  const pending = useOperation('devices.pending', {}, { refreshOn: REFRESH });
  const { reload } = pending;
  const now = useNow();
  const approving = useDialog<DeviceRequest>();
  const denying = useConfirmedAction(
    'devices.decide',
    (r: DeviceRequest) => ({ userCode: r.userCode, decision: 'deny' as const }),
    (result, r) => {
      notifications.show({ color: 'teal', message: `Denied ${deviceName(r)} (code ${result.userCode}); it stops waiting.` });
      reload();
    },
  );
  useEffect(() => {
    const timer = setInterval(reload, pollMs);
    return () => clearInterval(timer);
  }, [reload, pollMs]);
  const items = pending.data ?? [];

  return (
    <Stack gap="sm" component="section" aria-labelledby="pending-devices-title">
      <Group gap="xs">
        <Title order={2} size="h4" id="pending-devices-title">
          Waiting to pair
        </Title>
        {items.length ? (
          <Badge color="orange" variant="filled" aria-label={`${items.length} waiting`}>
            {items.length}
          </Badge>
        ) : null}
      </Group>
      <ErrorAlert error={pending.error} title="The pending device requests could not be loaded" />
      {pending.data && items.length === 0 ? <NoneWaiting /> : null}
      {items.length ? (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          {items.map((r) => (
            <RequestCard key={r.userCode} request={r} now={now} onApprove={() => approving.open(r)} onDeny={() => denying.ask(r)} />
          ))}
        </SimpleGrid>
      ) : null}
      {approving.target ? (
        <ApproveModal
          key={approving.key}
          request={approving.target}
          opened={approving.opened}
          onClose={approving.close}
          onDone={() => {
            approving.close();
            reload();
          }}
        />
      ) : null}
      <ConfirmModal {...denying.modal} title={`Deny ${denying.target ? deviceName(denying.target) : ''}?`} confirmLabel="Deny request">
        <Text size="sm">
          The device with the code{' '}
          <Text span ff="monospace" fw={700}>
            {denying.target?.userCode}
          </Text>{' '}
          is refused the next time it asks, and stops waiting. It can start over with a new code.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
