// Pending device requests (RFC 8628): devices without a keyboard show a code and wait; an
// admin approves one for a user's account, or denies it, right here.
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDeviceTv } from '@tabler/icons-react';
import type { DeviceRequest, EventType } from '../../shared/admin-contract.ts';
import { fieldError, useMutation } from '../lib/mutation.ts';
import { useOperation } from '../lib/operation.ts';
import { ConfirmModal, CopyIcon, ErrorAlert, FormModal, QrCode } from '../components/common.tsx';
import { useConfirmedAction } from '../lib/confirm.ts';

/** A slow safety net: the hub announces new requests (device.requested), expiry it does not. */
export const PENDING_POLL_MS = 15_000;
const REFRESH: readonly EventType[] = ['device.requested', 'login.succeeded', 'grant.refused', 'token.issued', 'client.changed'];

const deviceName = (r: DeviceRequest) => r.clientName ?? r.clientId;

/** Ticks every second, for countdowns. */
function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function formatCountdown(ms: number): string {
  if (ms <= 0) return 'expired';
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function RequestCard({ request, now, onApprove, onDeny }: { request: DeviceRequest; now: number; onApprove: () => void; onDeny: () => void }) {
  const left = Date.parse(request.expiresAt) - now;
  const expired = left <= 0;
  const name = deviceName(request);
  const scopes = request.scope.split(' ').filter(Boolean);
  return (
    <Card withBorder padding="lg" component="article" aria-label={`${name} is waiting, code ${request.userCode}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg">
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Text fw={700} size="lg">
              {name}
            </Text>
            {request.inProgress ? (
              <Badge color="blue" variant="light">
                someone is signing in on it
              </Badge>
            ) : null}
          </Group>
          <Text size="xs" c="dimmed" ff="monospace">
            {request.clientId}
          </Text>
          <Text size="xs" c="dimmed" mt={4}>
            Code on the device
          </Text>
          <Text ff="monospace" fz={34} fw={700} lh={1.1} style={{ letterSpacing: '0.08em' }} data-testid="user-code">
            {request.userCode}
          </Text>
          <Text size="sm" c={expired ? 'red' : left < 60_000 ? 'orange' : 'dimmed'} aria-live="off">
            {expired ? 'Expired — the device must ask again' : `Expires in ${formatCountdown(left)}`}
          </Text>
          <Group gap={4}>
            <Text size="sm" c="dimmed">
              Asks for:
            </Text>
            {scopes.length ? (
              scopes.map((s) => (
                <Badge key={s} variant="outline" tt="none">
                  {s}
                </Badge>
              ))
            ) : (
              <Text size="sm">everything its application may have</Text>
            )}
          </Group>
          <Group gap="sm" mt="xs">
            <Button color="teal" onClick={onApprove} disabled={expired} aria-label={`Approve ${name} (code ${request.userCode})`}>
              Approve…
            </Button>
            <Button color="red" variant="light" onClick={onDeny} disabled={expired} aria-label={`Deny ${name} (code ${request.userCode})`}>
              Deny…
            </Button>
          </Group>
        </Stack>
        <Stack gap={4} align="center" style={{ flexShrink: 0 }}>
          <QrCode value={request.verificationUriComplete} size={132} />
          <Group gap={2} wrap="nowrap">
            <Text size="xs" c="dimmed">
              Scan to approve on a phone
            </Text>
            <CopyIcon value={request.verificationUriComplete} label={`Copy the approval link for ${name}`} />
          </Group>
        </Stack>
      </Group>
    </Card>
  );
}

/** The last non-null value, so a closing modal keeps its text while it fades out. */
function useLast<T>(value: T | null): T | null {
  const [last, setLast] = useState(value);
  useEffect(() => {
    if (value) setLast(value);
  }, [value]);
  return value ?? last;
}

function ApproveModal({ request: current, onClose, onDone }: { request: DeviceRequest | null; onClose: () => void; onDone: () => void }) {
  const request = useLast(current);
  const [username, setUsername] = useState<string | null>(null);
  const [searchRaw, setSearch] = useState('');
  const [search] = useDebouncedValue(searchRaw, 250);
  const decide = useMutation('devices.decide');
  const users = useOperation('users.list', { ...(search && search !== username ? { query: search } : {}), limit: 50 }, { refreshOn: ['user.changed'], enabled: !!current });
  useEffect(() => {
    if (!current) {
      setUsername(null);
      setSearch('');
      decide.reset();
    }
  }, [current, decide.reset]);
  const options = (users.data?.items ?? []).map((u) => ({ value: u.username, label: u.username, disabled: u.disabled }));
  if (username && !options.some((o) => o.value === username)) options.unshift({ value: username, label: username, disabled: false });
  const name = request ? deviceName(request) : '';

  const approve = async () => {
    if (!current) return;
    const result = await decide.run({ userCode: current.userCode, decision: 'approve', ...(username ? { username } : {}) });
    if (!result) return;
    notifications.show({
      color: 'teal',
      message: `${name} now uses ${result.username}'s account${result.scope ? ` (${result.scope})` : ' with no scopes: none that it asked for is allowed to that user'}.`,
    });
    onDone();
  };

  return (
    <FormModal
      opened={!!current}
      onClose={onClose}
      title={`Approve ${name}?`}
      submitLabel="Approve"
      submit={{ color: 'teal', disabled: !username }}
      loading={decide.loading}
      error={decide.error && !fieldError(decide.error, 'username') ? decide.error : null}
      onSubmit={() => void approve()}
    >
      <Text size="sm">
        Check that <b>{name}</b> shows the code <Text span ff="monospace" fw={700}>{request?.userCode}</Text>. It gets tokens for the account you choose, with the scopes it asked
        for that both its application and that user&apos;s roles allow.
      </Text>
      <Select
        label="Whose account does the device get?"
        placeholder="Search users"
        searchable
        data={options}
        value={username}
        onChange={setUsername}
        searchValue={searchRaw}
        onSearchChange={setSearch}
        nothingFoundMessage={users.loading ? 'Searching…' : 'No user by that name'}
        error={fieldError(decide.error, 'username')}
        data-autofocus
        comboboxProps={{ withinPortal: true }}
      />
    </FormModal>
  );
}

export function PendingDevices({ pollMs = PENDING_POLL_MS }: { pollMs?: number }) {
  const pending = useOperation('devices.pending', {}, { refreshOn: REFRESH });
  const { reload } = pending;
  const now = useNow();
  const [approving, setApproving] = useState<DeviceRequest | null>(null);
  const denying = useConfirmedAction(
    'devices.decide',
    (r: DeviceRequest) => ({ userCode: r.userCode, decision: 'deny' as const }),
    (result, r) => {
      notifications.show({ color: 'teal', message: `Denied ${deviceName(r)} (code ${result.userCode}); it stops waiting.` });
      reload();
    },
  );
  const denyShown = useLast(denying.target);
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
      {pending.data && items.length === 0 ? (
        <Alert variant="light" color="gray" icon={<IconDeviceTv aria-hidden />} title="No device is waiting">
          A TV, speaker or other device without a keyboard pairs with a code (add it on the Applications screen as a <b>Device</b> that pairs with a code): the
          device shows a short code and an address; someone opens the address on a phone or computer (or scans the device&apos;s QR code), enters the code and signs in. While a device waits, its request
          shows up here with the same code, so you can approve it for a user&apos;s account or deny it. Requests expire after a few minutes.
        </Alert>
      ) : null}
      {items.length ? (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          {items.map((r) => (
            <RequestCard
              key={r.userCode}
              request={r}
              now={now}
              onApprove={() => setApproving(r)}
              onDeny={() => denying.ask(r)}
            />
          ))}
        </SimpleGrid>
      ) : null}
      <ApproveModal
        request={approving}
        onClose={() => setApproving(null)}
        onDone={() => {
          setApproving(null);
          reload();
        }}
      />
      <ConfirmModal {...denying.modal} title={`Deny ${denyShown ? deviceName(denyShown) : ''}?`} confirmLabel="Deny request">
        <Text size="sm">
          The device with the code <Text span ff="monospace" fw={700}>{denyShown?.userCode}</Text> is refused the next time it asks, and stops waiting. It can start over with a new code.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
