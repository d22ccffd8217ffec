// The Devices screen's "Waiting to pair" section (RFC 8628): devices without a keyboard show a
// code and wait; an operator approves one for a user's account, or denies it, right here. The
// list reloads on live events and, as a slow safety net, every PENDING_POLL_MS.
import { useEffect } from 'react';
import { Alert, Badge, Group, SimpleGrid, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceTv } from '@tabler/icons-react';
import { Trans, useTranslation } from 'react-i18next';
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
const PENDING_POLL_MS = 15_000;
const REFRESH: readonly EventType[] = ['device.requested', 'login.succeeded', 'grant.refused', 'token.issued', 'client.changed'];

function NoneWaiting() {
  const { t } = useTranslation();
  return (
    <Alert variant="light" color="gray" icon={<IconDeviceTv aria-hidden />} title={t('console.pending.noneTitle')}>
      <Trans i18nKey="console.pending.noneText" components={{ b: <b /> }} />
    </Alert>
  );
}

export function PendingDevices({ pollMs = PENDING_POLL_MS }: { pollMs?: number }) {
  const pending = useOperation('devices.pending', {}, { refreshOn: REFRESH });
  const { reload } = pending;
  const now = useNow();
  const approving = useDialog<DeviceRequest>();
  const { t } = useTranslation();
  const denying = useConfirmedAction(
    'devices.decide',
    (r: DeviceRequest) => ({ userCode: r.userCode, decision: 'deny' as const }),
    (result, r) => {
      notifications.show({ color: 'teal', message: t('console.pending.denied', { name: deviceName(r), code: result.userCode }) });
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
          {t('console.pending.title')}
        </Title>
        {items.length ? (
          <Badge color="orange" variant="filled" aria-label={t('console.pending.waiting', { count: items.length })}>
            {items.length}
          </Badge>
        ) : null}
      </Group>
      {/* Announced to screen readers whenever the number of waiting devices changes. */}
      <VisuallyHidden role="status">{pending.data ? t('console.pending.announce', { count: items.length }) : ''}</VisuallyHidden>
      <ErrorAlert error={pending.error} title={t('console.pending.loadFailed')} />
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
      <ConfirmModal {...denying.modal} title={t('console.pending.denyTitle', { name: denying.target ? deviceName(denying.target) : '' })} confirmLabel={t('console.pending.denyConfirm')}>
        <Text size="sm">
          <Trans i18nKey="console.pending.denyText" values={{ code: denying.target?.userCode ?? '' }} components={{ code: <Text span ff="monospace" fw={700} /> }} />
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
