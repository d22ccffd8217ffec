// The dashboard: how the hub is doing right now — its status and warnings, counts, the last
// hour's activity, where to reach it, its certificate, its backups, and the latest events.
import { Alert, Badge, Loader, SimpleGrid, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { EVENT_TYPES } from '../../shared/admin-contract.ts';
import { useOperation } from '../lib/operation.ts';
import { ErrorAlert, PageHeader } from '../components/common.tsx';
import { formatUptime } from '../lib/format.ts';
import { ActivityChart, Counters } from './dashboard/Activity.tsx';
import { BackupCard } from './dashboard/BackupCard.tsx';
import { Certificate } from './dashboard/Certificate.tsx';
import { LatestEvents } from './dashboard/LatestEvents.tsx';
import { Reach } from './dashboard/Reach.tsx';
import { UpcomingExpiries } from './dashboard/UpcomingExpiries.tsx';
import { useActivity } from './dashboard/useActivity.ts';
import { useTranslation } from 'react-i18next';

export function Dashboard() {
  const status = useOperation('status.get', {}, { refreshOn: EVENT_TYPES });
  const activity = useActivity();
  const s = status.data;
  const { t } = useTranslation();
  return (
    <Stack>
      <PageHeader
        title={t('console.nav.dashboard')}
        description={t('console.dashboard.description')}
        actions={
          s ? (
            <Badge variant="light" color="teal" size="lg" tt="none">
              {t('console.dashboard.running', { version: s.version, uptime: formatUptime(s.uptimeSeconds) })}
            </Badge>
          ) : null
        }
      />
      <ErrorAlert error={status.error} title={t('console.dashboard.loadFailed')} />
      {s?.warnings.map((w) => (
        <Alert key={w} color="orange" variant="filled" title={t('console.dashboard.checkThis')} icon={<IconAlertTriangle aria-hidden />}>
          {w}
        </Alert>
      ))}
      {status.loading && !s ? <Loader aria-label={t('console.dashboard.loading')} /> : null}
      {s ? (
        <>
          <Counters counts={s.counts} activity={activity} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Reach status={s} />
            <Stack>
              <ActivityChart activity={activity} />
              <Certificate tls={s.tls} />
              <BackupCard backups={s.backups} />
            </Stack>
          </SimpleGrid>
        </>
      ) : null}
      <UpcomingExpiries />
      <LatestEvents />
    </Stack>
  );
}
