// The top of Settings → Backups: a restore in progress (or a hub that has not come back from
// one), a listing that failed, the schedule's warning, and the last backup with the schedule.
import { Alert, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { AdminError, BackupStatus } from '../../../shared/admin-contract.ts';
import { ErrorAlert } from '../../components/common.tsx';
import { formatAgo, formatTime } from '../../lib/format.ts';
import { formatSize } from './BackupTable.tsx';
import type { RestartState } from './useHubRestart.ts';

/** `restored`: what the restore said (the backup's name and what became of its keys), once one was started. */
export function BackupSummary({ restored, restart, status, listError }: { restored: string | null; restart: RestartState; status: BackupStatus | undefined; listError: AdminError | null | undefined }) {
  const { t } = useTranslation();
  const lost = restart.phase === 'lost';
  return (
    <>
      {restored ? (
        <Alert color="blue" variant="light" title={lost ? t('console.backups.notBack') : t('console.backups.restarting')} role="status" icon={lost ? <IconAlertTriangle aria-hidden /> : <Loader size="xs" />}>
          {t('console.backups.restoredFrom', { what: restored })} {lost ? t('console.backups.checkHub') : t('console.backups.reloadsWhenBack')}
        </Alert>
      ) : null}
      <ErrorAlert error={listError} title={t('console.backups.listFailed')} />
      {status?.warning ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('console.backups.check')}>
          {status.warning}
        </Alert>
      ) : null}
      {status ? (
        <Text size="sm" data-testid="last-backup">
          {status.last ? t('console.backups.lastBackup', { ago: formatAgo(status.last.createdAt), time: formatTime(status.last.createdAt), size: formatSize(status.last.size) }) : t('console.backups.noBackup')}{' '}
          {status.intervalHours ? t('console.backups.automatic', { hours: status.intervalHours, count: status.keep }) : t('console.backups.automaticOff')}
        </Text>
      ) : null}
    </>
  );
}
