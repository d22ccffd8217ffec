import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { EVENT_TYPES, type Status } from '../../shared/admin-contract.ts';
import { callOrThrow, useApi, useHubEvents, useOperation } from '../lib/api.tsx';
import { IconAlertTriangle } from '@tabler/icons-react';
import { CopyIcon, ErrorAlert, PageHeader, QrCode } from '../components/common.tsx';
import { formatAgo, formatTime, formatUptime } from '../lib/format.ts';
import { EventTypeBadge } from './Audit.tsx';
import { BackupCard } from './dashboard/BackupCard.tsx';

const MINUTE = 60_000;
/** The chart's window, in minutes. */
const WINDOW = 60;
/** The backfill is read again this often, so the window rolls on and live counts are checked. */
export const TIMELINE_REFRESH_MS = 60_000;

type Point = { at: number; issued: number; refused: number };

/**
 * Tokens issued and requests refused per minute over the last hour: `metrics.timeline` as the
 * backfill (token.issued is live-only, not in the audit log), plus the live `token.issued` and
 * `grant.refused` events that arrived since it was read, on top.
 */
function useActivity() {
  const api = useApi();
  const [timeline, setTimeline] = useState<Point[] | null>(null);
  const [live, setLive] = useState<{ at: number; type: 'token.issued' | 'grant.refused' }[]>([]);
  const [now, setNow] = useState(() => Date.now());
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let current = true;
    callOrThrow(api, 'metrics.timeline', { minutes: WINDOW }).then(
      (points) => {
        if (!current) return;
        // What arrived live until now is counted in the timeline.
        setLive([]);
        setTimeline(points.map((p) => ({ at: Date.parse(p.at), issued: p.issued, refused: p.refused })));
        setNow(Date.now());
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, tick]);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), TIMELINE_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  useHubEvents((event) => {
    if (event.type !== 'token.issued' && event.type !== 'grant.refused') return;
    setLive((current) => [...current.slice(-5000), { at: Date.parse(event.at), type: event.type as 'token.issued' | 'grant.refused' }]);
    setNow(Date.now());
  });
  return useMemo(() => {
    const counts = new Map<number, { issued: number; refused: number }>();
    for (const p of timeline ?? []) counts.set(p.at, { issued: p.issued, refused: p.refused });
    for (const e of live) {
      const minute = Math.floor(e.at / MINUTE) * MINUTE;
      const bucket = counts.get(minute) ?? { issued: 0, refused: 0 };
      if (e.type === 'token.issued') bucket.issued++;
      else bucket.refused++;
      counts.set(minute, bucket);
    }
    // The window ends at the current minute (or the hub's, if its clock is ahead of this one).
    const last = live.reduce((max, e) => Math.max(max, Math.floor(e.at / MINUTE) * MINUTE), Math.max(Math.floor(now / MINUTE) * MINUTE, timeline?.at(-1)?.at ?? 0));
    let issued = 0;
    let refused = 0;
    const buckets = Array.from({ length: WINDOW }, (_, i) => {
      const start = last - (WINDOW - 1 - i) * MINUTE;
      const t = new Date(start);
      const c = counts.get(start) ?? { issued: 0, refused: 0 };
      issued += c.issued;
      refused += c.refused;
      return { minute: `${String(t.getHours()).padStart(2, '0')}:${String(t.getMinutes()).padStart(2, '0')}`, 'Tokens issued': c.issued, 'Requests refused': c.refused };
    });
    return { buckets, issued, refused, loaded: timeline !== null };
  }, [timeline, live, now]);
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

const DAY = 86_400_000;

/** The HTTPS certificate devices may pin: its SHA-256 fingerprint (copy, QR code) and expiry. */
function Certificate({ tls }: { tls: Status['tls'] }) {
  if (!tls)
    return (
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="xs">
          HTTPS certificate
        </Title>
        <Text size="sm" c="dimmed">
          The hub serves plain HTTP, so there is no certificate to pin. Passwords and tokens cross the network unencrypted.
        </Text>
      </Card>
    );
  const left = Date.parse(tls.notAfter) - Date.now();
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          HTTPS certificate
        </Title>
        {tls.selfSigned ? (
          <Badge variant="light" color="gray" tt="none">
            self-signed
          </Badge>
        ) : null}
      </Group>
      <Group wrap="nowrap" align="flex-start">
        <QrCode value={tls.fingerprint256} size={112} />
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Text size="sm" c="dimmed">
            SHA-256 fingerprint (devices that pin the certificate compare this)
          </Text>
          <Group gap={4} wrap="nowrap" align="flex-start">
            <Text ff="monospace" size="sm" style={{ wordBreak: 'break-all' }} data-testid="tls-fingerprint">
              {tls.fingerprint256}
            </Text>
            <CopyIcon value={tls.fingerprint256} label="Copy certificate fingerprint" />
          </Group>
          <Text size="sm" c={left <= 0 ? 'red' : left < 30 * DAY ? 'orange' : undefined}>
            {left <= 0 ? 'Expired' : 'Valid until'} {formatTime(tls.notAfter)} ({formatAgo(tls.notAfter)})
          </Text>
          {tls.sans.length ? (
            <Group gap={4}>
              <Text size="xs" c="dimmed">
                For:
              </Text>
              {tls.sans.map((name) => (
                <Badge key={name} variant="outline" size="sm" tt="none">
                  {name}
                </Badge>
              ))}
            </Group>
          ) : null}
        </Stack>
      </Group>
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
        <Alert key={w} color="orange" variant="filled" title="Check this" icon={<IconAlertTriangle aria-hidden />}>
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
            <Stack>
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
              <Certificate tls={s.tls} />
              <BackupCard backups={s.backups} />
            </Stack>
          </SimpleGrid>
        </>
      ) : null}
      <LatestEvents />
    </Stack>
  );
}
