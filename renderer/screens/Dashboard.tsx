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

export function Dashboard() {
  const status = useOperation('status.get', {}, { refreshOn: EVENT_TYPES });
  const activity = useActivity();
  const s = status.data;
  return (
    <Stack>
      <PageHeader
        title="Dashboard"
        description="How the hub is doing right now. Give applications the issuer address below; phones can scan the QR code."
        actions={
          s ? (
            <Badge variant="light" color="teal" size="lg" tt="none">
              Running · v{s.version} · up {formatUptime(s.uptimeSeconds)}
            </Badge>
          ) : null
        }
      />
      <ErrorAlert error={status.error} title="The hub status could not be loaded" />
      {s?.warnings.map((w) => (
        <Alert key={w} color="orange" variant="filled" title="Check this" icon={<IconAlertTriangle aria-hidden />}>
          {w}
        </Alert>
      ))}
      {status.loading && !s ? <Loader aria-label="Loading hub status" /> : null}
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
