// The top of Settings → Backups: a restore in progress (or a hub that has not come back from
// one), a listing that failed, the schedule's warning, and the last backup with the schedule.
import { Alert, Loader, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { AdminError, BackupStatus } from '../../../shared/admin-contract.ts';
import { ErrorAlert } from '../../components/common.tsx';
import { formatAgo, formatTime } from '../../lib/format.ts';
import { formatSize } from './BackupTable.tsx';
import type { RestartState } from './useHubRestart.ts';

/** `restored`: what the restore said (the backup's name and what became of its keys), once one was started. */
export function BackupSummary({ restored, restart, status, listError }: { restored: string | null; restart: RestartState; status: BackupStatus | undefined; listError: AdminError | null | undefined }) {
  const lost = restart.phase === 'lost';
  return (
    <>
      {restored ? (
        <Alert color="blue" variant="light" title={lost ? 'The hub has not come back' : 'Restoring — the hub is restarting'} role="status" icon={lost ? <IconAlertTriangle aria-hidden /> : <Loader size="xs" />}>
          Restored from {restored} {lost ? 'Check the hub (its log, or the desktop app), then reload this page.' : 'This page reloads when the hub is back.'}
        </Alert>
      ) : null}
      <ErrorAlert error={listError} title="The backups could not be listed" />
      {status?.warning ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Check the backups">
          {status.warning}
        </Alert>
      ) : null}
      {status ? (
        <Text size="sm" data-testid="last-backup">
          {status.last ? `Last backup ${formatAgo(status.last.createdAt)} (${formatTime(status.last.createdAt)}, ${formatSize(status.last.size)}).` : 'No backup yet.'}{' '}
          {status.intervalHours ? `Automatic backups every ${status.intervalHours} h, the last ${status.keep} kept.` : 'Automatic backups are off.'}
        </Text>
      ) : null}
    </>
  );
}
