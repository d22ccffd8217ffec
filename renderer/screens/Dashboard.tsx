import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { EVENT_TYPES, type AdminApi, type HubEvent } from '../../shared/admin-contract.ts';
import { callOrThrow, useApi, useHubEvents, useOperation } from '../lib/api.tsx';
import { CopyIcon, ErrorAlert, PageHeader, QrCode } from '../components/common.tsx';
import { formatAgo, formatUptime } from '../lib/format.ts';
import { EventTypeBadge } from './Audit.tsx';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** At most this many audit pages per series are read to backfill the chart. */
const BACKFILL_PAGES = 10;

async function backfill(api: AdminApi, type: 'token.issued' | 'grant.refused', since: number): Promise<HubEvent[]> {
  const out: HubEvent[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < BACKFILL_PAGES; page++) {
    const result = await callOrThrow(api, 'audit.list', { type, limit: 500, ...(cursor ? { cursor } : {}) });
    out.push(...result.items);
    const oldest = result.items.at(-1);
    if (!result.nextCursor || !oldest || Date.parse(oldest.at) < since) break;
    cursor = result.nextCursor;
  }
  return out.filter((e) => Date.parse(e.at) >= since);
}

/** Issued and refused timestamps over the last hour: audit backfill plus the live stream. */
function useActivity() {
  const api = useApi();
  const [events, setEvents] = useState<Map<number, { at: number; type: string }>>(new Map());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let live = true;
    const since = Date.now() - HOUR;
    Promise.all([backfill(api, 'token.issued', since), backfill(api, 'grant.refused', since)]).then(
      ([issued, refused]) => {
        if (!live) return;
        setEvents((current) => {
          const next = new Map(current);
          for (const e of [...issued, ...refused]) next.set(e.id, { at: Date.parse(e.at), type: e.type });
          return next;
        });
      },
      () => undefined,
    );
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api]);
  useHubEvents((event) => {
    if (event.type !== 'token.issued' && event.type !== 'grant.refused') return;
    setEvents((current) => {
      const next = new Map(current).set(event.id, { at: Date.parse(event.at), type: event.type });
      // Forget what fell out of the hour, so a long-open dashboard does not grow without bound.
      const horizon = Date.now() - HOUR - MINUTE;
      if (next.size > 2000) for (const [id, e] of next) if (e.at < horizon) next.delete(id);
      return next;
    });
    setNow(Date.now());
  });
  return useMemo(() => {
    const start = Math.floor((now - HOUR) / MINUTE) * MINUTE + MINUTE;
    const buckets = Array.from({ length: 60 }, (_, i) => {
      const t = new Date(start + i * MINUTE);
      return { minute: `${String(t.getHours()).padStart(2, '0')}:${String(t.getMinutes()).padStart(2, '0')}`, 'Tokens issued': 0, 'Requests refused': 0 };
    });
    let issued = 0;
    let refused = 0;
    for (const e of events.values()) {
      const index = Math.floor((e.at - start) / MINUTE);
      const bucket = buckets[index];
      if (!bucket) continue;
      if (e.type === 'token.issued') {
        bucket['Tokens issued']++;
        issued++;
      } else {
        bucket['Requests refused']++;
        refused++;
      }
    }
    return { buckets, issued, refused };
  }, [events, now]);
}

function LatestEvents() {
  const latest = useOperation('audit.list', { limit: 12 }, { refreshOn: EVENT_TYPES });
  const items = latest.data?.items ?? [];
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb="sm">
        Latest events
      </Title>
      <ErrorAlert error={latest.error} />
      {latest.loading && !latest.data ? <Loader size="sm" /> : null}
      {latest.data && items.length === 0 ? (
        <Text c="dimmed" size="sm">
          Nothing has happened yet. Events appear here as applications sign people in and request tokens.
        </Text>
      ) : null}
      {items.length ? (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing={6} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Event</Table.Th>
                <Table.Th>What happened</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatAgo(e.at)}</Table.Td>
                  <Table.Td>
                    <EventTypeBadge type={e.type} />
                  </Table.Td>
                  <Table.Td>{e.summary}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Card>
  );
}

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
        <Alert key={w} color="yellow" variant="light">
          {w}
        </Alert>
      ))}
      {status.loading && !s ? <Loader aria-label="Loading hub status" /> : null}
      {s ? (
        <>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
            <Counter label="Applications" value={s.counts.clients} />
            <Counter label="Users" value={s.counts.users} />
            <Counter label="Roles" value={s.counts.roles} />
            <Counter label="Live tokens" value={s.counts.liveTokens} />
            <Counter label="Issued" value={activity.issued} hint="last hour" />
            <Counter label="Refused" value={activity.refused} hint="last hour" />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder padding="lg">
              <Title order={2} size="h4" mb="xs">
                Where to reach the hub
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                Issuer (what applications are configured with)
              </Text>
              <Group wrap="nowrap" align="flex-start" mb="md">
                <QrCode value={s.issuer} size={112} />
                <Stack gap={4}>
                  <Group gap={4} wrap="nowrap">
                    <Text fw={600} style={{ wordBreak: 'break-all' }}>
                      {s.issuer}
                    </Text>
                    <CopyIcon value={s.issuer} label="Copy issuer" />
                  </Group>
                  <Text size="xs" c="dimmed">
                    Data kept in {s.dataDir}
                  </Text>
                </Stack>
              </Group>
              <Text size="sm" c="dimmed" mb="xs">
                Every address on this network
              </Text>
              <SimpleGrid cols={{ base: 1, xs: 2, lg: 3 }} spacing="sm">
                {s.urls.map((url) => (
                  <Card key={url} withBorder padding="xs">
                    <Stack gap={4} align="center">
                      <QrCode value={url} size={96} />
                      <Group gap={2} wrap="nowrap">
                        <Text size="xs" style={{ wordBreak: 'break-all' }}>
                          {url}
                        </Text>
                        <CopyIcon value={url} label={`Copy ${url}`} />
                      </Group>
                    </Stack>
                  </Card>
                ))}
              </SimpleGrid>
            </Card>
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
          </SimpleGrid>
        </>
      ) : null}
      <LatestEvents />
    </Stack>
  );
}
