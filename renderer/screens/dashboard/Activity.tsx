// The dashboard's numbers and chart: the hub's counts, tokens issued and requests refused in the
// last hour, and both per minute as a stacked bar chart.
import { Card, SimpleGrid, Text, Title } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import type { Status } from '../../../shared/admin-contract.ts';
import type { useActivity } from './useActivity.ts';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';

type Activity = ReturnType<typeof useActivity>;

function Counter({ label, value, hint }: { label: string; value: number | string | undefined; hint?: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz={28} fw={700} aria-live="polite">
        {typeof value === 'number' ? formatNumber(value) : (value ?? '–')}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Card>
  );
}

export function Counters({ counts, activity }: { counts: Status['counts']; activity: Activity }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
      <Counter label={t('console.nav.applications')} value={counts.clients} />
      <Counter label={t('console.nav.users')} value={counts.users} />
      <Counter label={t('console.nav.roles')} value={counts.roles} />
      <Counter label={t('console.nav.tokens')} value={counts.liveTokens} />
      <Counter label={t('console.dashboard.issued')} value={activity.issued} hint={t('console.dashboard.lastHour')} />
      <Counter label={t('console.dashboard.refused')} value={activity.refused} hint={t('console.dashboard.lastHour')} />
    </SimpleGrid>
  );
}

export function ActivityChart({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb="xs">
        {t('console.dashboard.chartTitle')}
      </Title>
      <BarChart
        h={260}
        data={activity.buckets}
        dataKey="minute"
        type="stacked"
        withLegend
        tickLine="y"
        xAxisProps={{ interval: 9 }}
        series={[
          { name: 'issued', label: t('console.dashboard.tokensIssued'), color: 'teal.6' },
          { name: 'refused', label: t('console.dashboard.requestsRefused'), color: 'red.6' },
        ]}
        aria-label={t('console.dashboard.chartLabel')}
      />
    </Card>
  );
}
