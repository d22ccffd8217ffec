// The dashboard's backup line: the last backup and its age, the schedule, and a way to Settings.
import { Anchor, Card, Group, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Status } from '../../../shared/admin-contract.ts';
import { formatAgo, formatTime } from '../../lib/format.ts';
import { screenHref } from '../../lib/router.ts';

export function BackupCard({ backups }: { backups: Status['backups'] }) {
  const { t } = useTranslation();
  const { last, intervalHours, lastError } = backups;
  return (
    <Card withBorder padding="lg" data-testid="backup-card">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t('console.dashboard.backupsTitle')}
        </Title>
        <Anchor href={screenHref('settings')} size="sm">
          {t('console.dashboard.manageBackups')}
        </Anchor>
      </Group>
      <Text size="sm" c={backups.warning ? 'orange' : undefined}>
        {last ? t('console.dashboard.lastBackup', { ago: formatAgo(last.createdAt), time: formatTime(last.createdAt) }) : t('console.dashboard.noBackup')}
        {lastError ? t('console.dashboard.backupFailed', { ago: formatAgo(lastError.at) }) : ''}
      </Text>
      <Text size="sm" c="dimmed">
        {intervalHours ? t('console.dashboard.backupSchedule', { hours: intervalHours, count: backups.keep }) : t('console.dashboard.backupsOff')}
      </Text>
    </Card>
  );
}
