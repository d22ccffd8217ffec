// One device waiting to pair: its name, the code it shows, the time left, the scopes it asks
// for, Approve/Deny, and a QR code of the approval link for a phone.
import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import type { DeviceRequest } from '../../../shared/admin-contract.ts';
import { CopyIcon } from '../../components/copy.tsx';
import { QrCode } from '../../components/QrCode.tsx';
import { formatCountdown } from '../../lib/format.ts';
import { useTranslation } from 'react-i18next';

export const deviceName = (r: DeviceRequest) => r.clientName ?? r.clientId;

function Scopes({ scope }: { scope: string }) {
  const scopes = scope.split(' ').filter(Boolean);
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      <Text size="sm" c="dimmed">
        {t('console.pending.asksFor')}
      </Text>
      {scopes.length ? (
        scopes.map((s) => (
          <Badge key={s} variant="outline" tt="none">
            {s}
          </Badge>
        ))
      ) : (
        <Text size="sm">{t('console.pending.everything')}</Text>
      )}
    </Group>
  );
}

export function RequestCard({ request, now, onApprove, onDeny }: { request: DeviceRequest; now: number; onApprove: () => void; onDeny: () => void }) {
  const left = Date.parse(request.expiresAt) - now;
  const expired = left <= 0;
  const name = deviceName(request);
  const { t } = useTranslation();
  return (
    <Card withBorder padding="lg" component="article" aria-label={t('console.pending.cardLabel', { name, code: request.userCode })}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg">
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Text fw={700} size="lg">
              {name}
            </Text>
            {request.inProgress ? (
              <Badge color="blue" variant="light">
                {t('console.pending.inProgress')}
              </Badge>
            ) : null}
          </Group>
          <Text size="xs" c="dimmed" ff="monospace">
            {request.clientId}
          </Text>
          <Text size="xs" c="dimmed" mt={4}>
            {t('console.pending.code')}
          </Text>
          <Text ff="monospace" fz={34} fw={700} lh={1.1} style={{ letterSpacing: '0.08em' }} data-testid="user-code">
            {request.userCode}
          </Text>
          <Text size="sm" c={expired ? 'red' : left < 60_000 ? 'orange' : 'dimmed'} aria-live="off">
            {expired ? t('console.pending.expired') : t('console.pending.expiresIn', { time: formatCountdown(left) })}
          </Text>
          <Scopes scope={request.scope} />
          <Group gap="sm" mt="xs">
            <Button color="teal" onClick={onApprove} disabled={expired} aria-label={t('console.pending.approveLabel', { name, code: request.userCode })}>
              {t('console.pending.approve')}
            </Button>
            <Button color="red" variant="light" onClick={onDeny} disabled={expired} aria-label={t('console.pending.denyLabel', { name, code: request.userCode })}>
              {t('console.pending.deny')}
            </Button>
          </Group>
        </Stack>
        <Stack gap={4} align="center" style={{ flexShrink: 0 }}>
          <QrCode value={request.verificationUriComplete} size={132} />
          <Group gap={2} wrap="nowrap">
            <Text size="xs" c="dimmed">
              {t('console.pending.scan')}
            </Text>
            <CopyIcon value={request.verificationUriComplete} label={t('console.pending.copyLink', { name })} />
          </Group>
        </Stack>
      </Group>
    </Card>
  );
}
