// The dashboard's twelve latest events, reloaded as events arrive.
import { Card, Loader, Text, Title } from '@mantine/core';
import { EVENT_TYPES } from '../../../shared/admin-contract.ts';
import { ErrorAlert } from '../../components/common.tsx';
import { EventTable } from '../../components/events.tsx';
import { useOperation } from '../../lib/operation.ts';
import { useTranslation } from 'react-i18next';

export function LatestEvents() {
  const latest = useOperation('audit.list', { limit: 12 }, { refreshOn: EVENT_TYPES });
  const items = latest.data?.items ?? [];
  const { t } = useTranslation();
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb="sm">
        {t('console.dashboard.latest')}
      </Title>
      <ErrorAlert error={latest.error} />
      {latest.loading && !latest.data ? <Loader size="sm" /> : null}
      {latest.data && items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('console.dashboard.noEvents')}
        </Text>
      ) : null}
      {items.length ? <EventTable events={items} /> : null}
    </Card>
  );
}
