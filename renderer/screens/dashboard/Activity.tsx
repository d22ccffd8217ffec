// The dashboard's numbers and chart: the hub's counts, tokens issued and requests refused in the
// last hour, and both per minute as a stacked bar chart.
import { Card, SimpleGrid, Text, Title } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import type { Status } from '../../../shared/admin-contract.ts';
import type { useActivity } from './useActivity.ts';

type Activity = ReturnType<typeof useActivity>;

function Counter({ label, value, hint }: { label: string; value: number | string | undefined; hint?: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz={28} fw={700} aria-live="polite">
        {value ?? '–'}
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
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
      <Counter label="Applications" value={counts.clients} />
      <Counter label="Users" value={counts.users} />
      <Counter label="Roles" value={counts.roles} />
      <Counter label="Live tokens" value={counts.liveTokens} />
      <Counter label="Issued" value={activity.issued} hint="last hour" />
      <Counter label="Refused" value={activity.refused} hint="last hour" />
    </SimpleGrid>
  );
}

export function ActivityChart({ activity }: { activity: Activity }) {
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb="xs">
        Last hour, per minute
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
          { name: 'Tokens issued', color: 'teal.6' },
          { name: 'Requests refused', color: 'red.6' },
        ]}
        aria-label="Tokens issued and requests refused per minute over the last hour"
      />
    </Card>
  );
}
