// The dashboard's backup line: the last backup and its age, the schedule, and a way to Settings.
import { Anchor, Card, Group, Text, Title } from '@mantine/core';
import type { Status } from '../../../shared/admin-contract.ts';
import { formatAgo, formatTime } from '../../lib/format.ts';
import { screenHref } from '../../lib/router.ts';

export function BackupCard({ backups }: { backups: Status['backups'] }) {
  const { last, intervalHours, lastError } = backups;
  return (
    <Card withBorder padding="lg" data-testid="backup-card">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Backups
        </Title>
        <Anchor href={screenHref('settings')} size="sm">
          Manage backups
        </Anchor>
      </Group>
      <Text size="sm" c={backups.warning ? 'orange' : undefined}>
        {last ? `Last backup ${formatAgo(last.createdAt)}, ${formatTime(last.createdAt)}.` : 'No backup yet.'}
        {lastError ? ` The last attempt failed ${formatAgo(lastError.at)}.` : ''}
      </Text>
      <Text size="sm" c="dimmed">
        {intervalHours ? `The hub backs itself up every ${intervalHours} h and keeps the last ${backups.keep}.` : 'Automatic backups are off.'}
      </Text>
    </Card>
  );
}
