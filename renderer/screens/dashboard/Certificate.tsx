// The HTTPS certificate devices may pin: its SHA-256 fingerprint (copy, QR code), who it is for,
// and when it expires — or, on plain HTTP, that there is none.
import type { ReactNode } from 'react';
import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { Status } from '../../../shared/admin-contract.ts';
import { CopyIcon } from '../../components/copy.tsx';
import { QrCode } from '../../components/QrCode.tsx';
import { useNow } from '../../lib/clock.ts';
import { formatAgo, formatTime } from '../../lib/format.ts';
import { useTranslation } from 'react-i18next';

const DAY = 86_400_000;
/** Expiry closer than this shows in orange. */
const EXPIRY_WARNING = 30 * DAY;

function Heading({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" mb="xs">
      <Title order={2} size="h4">
        {t('console.certificate.title')}
      </Title>
      {children}
    </Group>
  );
}

function Expiry({ notAfter }: { notAfter: string }) {
  const left = Date.parse(notAfter) - useNow(60_000);
  const { t } = useTranslation();
  return (
    <Text size="sm" c={left <= 0 ? 'red' : left < EXPIRY_WARNING ? 'orange' : undefined}>
      {t(left <= 0 ? 'console.certificate.expired' : 'console.certificate.validUntil', { time: formatTime(notAfter), relative: formatAgo(notAfter) })}
    </Text>
  );
}

export function Certificate({ tls }: { tls: Status['tls'] }) {
  const { t } = useTranslation();
  if (!tls)
    return (
      <Card withBorder padding="lg">
        <Heading />
        <Text size="sm" c="dimmed">
          {t('console.certificate.none')}
        </Text>
      </Card>
    );
  return (
    <Card withBorder padding="lg">
      <Heading>
        {tls.selfSigned ? (
          <Badge variant="light" color="gray" tt="none">
            {t('console.certificate.selfSigned')}
          </Badge>
        ) : null}
      </Heading>
      <Group wrap="nowrap" align="flex-start">
        <QrCode value={tls.fingerprint256} size={112} />
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Text size="sm" c="dimmed">
            {t('console.certificate.fingerprint')}
          </Text>
          <Group gap={4} wrap="nowrap" align="flex-start">
            <Text ff="monospace" size="sm" style={{ wordBreak: 'break-all' }} data-testid="tls-fingerprint">
              {tls.fingerprint256}
            </Text>
            <CopyIcon value={tls.fingerprint256} label={t('console.certificate.copy')} />
          </Group>
          <Expiry notAfter={tls.notAfter} />
          {tls.sans.length ? (
            <Group gap={4}>
              <Text size="xs" c="dimmed">
                {t('console.certificate.for')}
              </Text>
              {tls.sans.map((name) => (
                <Badge key={name} variant="outline" size="sm" tt="none">
                  {name}
                </Badge>
              ))}
            </Group>
          ) : null}
        </Stack>
      </Group>
    </Card>
  );
}
