// Where to reach the hub: the issuer applications are configured with, and every address on
// this network, each with a QR code for phones and a copy button.
import { Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Status } from '../../../shared/admin-contract.ts';
import { CopyIcon } from '../../components/copy.tsx';
import { QrCode } from '../../components/QrCode.tsx';
import { useTranslation } from 'react-i18next';

function Address({ url }: { url: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="xs">
      <Stack gap={4} align="center">
        <QrCode value={url} size={96} />
        <Group gap={2} wrap="nowrap">
          <Text size="xs" style={{ wordBreak: 'break-all' }}>
            {url}
          </Text>
          <CopyIcon value={url} label={t('console.reach.copyAddress', { url })} />
        </Group>
      </Stack>
    </Card>
  );
}

export function Reach({ status: s }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb="xs">
        {t('console.reach.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('console.reach.issuer')}
      </Text>
      <Group wrap="nowrap" align="flex-start" mb="md">
        <QrCode value={s.issuer} size={112} />
        <Stack gap={4}>
          <Group gap={4} wrap="nowrap">
            <Text fw={600} style={{ wordBreak: 'break-all' }}>
              {s.issuer}
            </Text>
            <CopyIcon value={s.issuer} label={t('console.reach.copyIssuer')} />
          </Group>
          <Text size="xs" c="dimmed">
            {t('console.reach.dataDir', { dir: s.dataDir })}
          </Text>
        </Stack>
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        {t('console.reach.addresses')}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2, lg: 3 }} spacing="sm">
        {s.urls.map((url) => (
          <Address key={url} url={url} />
        ))}
      </SimpleGrid>
    </Card>
  );
}
