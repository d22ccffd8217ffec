import { useEffect, useState } from 'react';
import { Badge, Button, Group, Loader, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { EmptyState } from '@mantine/core';
import { IconListDetails } from '@tabler/icons-react';
import { EVENT_TYPES, type AdminError, type EventType, type HubEvent } from '../../shared/admin-contract.ts';
import { callOrThrow, toAdminError, useApi, useOperation } from '../lib/api.tsx';
import { ErrorAlert, PageHeader } from '../components/common.tsx';
import { TableCard } from '../components/table.tsx';
import { formatTime } from '../lib/format.ts';

const COLORS: Record<EventType, string> = {
  'token.issued': 'teal',
  'token.refreshed': 'cyan',
  'token.revoked': 'orange',
  'login.succeeded': 'green',
  'login.failed': 'red',
  'grant.refused': 'red',
  'device.requested': 'yellow',
  'client.changed': 'blue',
  'user.changed': 'grape',
  'role.changed': 'violet',
  'settings.changed': 'gray',
  'backup.created': 'indigo',
  'backup.deleted': 'gray',
  'backup.failed': 'red',
  'backup.restored': 'pink',
};

export function EventTypeBadge({ type }: { type: EventType }) {
  return (
    <Badge variant="light" color={COLORS[type]} style={{ textTransform: 'none', minWidth: 'max-content' }}>
      {type}
    </Badge>
  );
}

const PAGE = 100;

export function Audit() {
  const api = useApi();
  const [type, setType] = useState<EventType | null>(null);
  const [clientId, setClientId] = useState<string | null>(null);
  const [subjectRaw, setSubject] = useState('');
  const [subject] = useDebouncedValue(subjectRaw.trim(), 300);
  const clients = useOperation('clients.list', { limit: 500 });
  const users = useOperation('users.list', { limit: 500 }, { refreshOn: ['user.changed'] });
  const [items, setItems] = useState<HubEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<AdminError | null>(null);
  const [reloadTick, setReloadTick] = useState(0);

  const filters = { ...(type ? { type } : {}), ...(clientId ? { clientId } : {}), ...(subject ? { subject } : {}) };
  const filterKey = JSON.stringify(filters);

  const load = async (after: string | null) => {
    setLoading(true);
    setError(null);
    try {
      const page = await callOrThrow(api, 'audit.list', { ...filters, limit: PAGE, ...(after ? { cursor: after } : {}) });
      setItems((current) => (after ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (cause) {
      setError(toAdminError(cause));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, filterKey, reloadTick]);

  const filtered = Object.keys(filters).length > 0;
  const clientNames = new Map((clients.data?.items ?? []).map((c) => [c.clientId, c.name]));
  const usernames = new Map((users.data?.items ?? []).map((u) => [u.id, u.username]));
  return (
    <Stack>
      <PageHeader
        title="Audit log"
        description="Everything the hub did and refused, newest first. Filter by event type, application or subject (a user id or username)."
        actions={
          <Button variant="default" onClick={() => setReloadTick((t) => t + 1)} loading={loading}>
            Refresh
          </Button>
        }
      />
      <Group align="flex-end" wrap="wrap">
        <Select label="Event type" placeholder="All types" data={EVENT_TYPES.map((t) => ({ value: t, label: t }))} value={type} onChange={(v) => setType(v as EventType | null)} clearable w={200} />
        <Select
          label="Application"
          placeholder="All applications"
          data={(clients.data?.items ?? []).map((c) => ({ value: c.clientId, label: c.name }))}
          value={clientId}
          onChange={setClientId}
          clearable
          searchable
          w={240}
        />
        <TextInput label="Subject" placeholder="user id or username" value={subjectRaw} onChange={(e) => setSubject(e.currentTarget.value)} w={220} />
      </Group>
      <ErrorAlert error={error} />
      {!loading && !error && items.length === 0 ? (
        <EmptyState
          icon={<IconListDetails aria-hidden />}
          title={filtered ? 'No events match these filters' : 'The audit log is empty'}
          description={
            filtered
              ? 'Clear a filter to see more.'
              : 'Events are recorded as applications request tokens and operators change things. Create an application on the Applications screen to get started.'
          }
        />
      ) : null}
      {items.length ? (
        <TableCard minWidth={760} striped highlightOnHover fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Event</Table.Th>
              <Table.Th>Actor</Table.Th>
              <Table.Th>Application</Table.Th>
              <Table.Th>Subject</Table.Th>
              <Table.Th>What happened</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(e.at)}</Table.Td>
                <Table.Td>
                  <EventTypeBadge type={e.type} />
                </Table.Td>
                <Table.Td>{e.actor ?? '—'}</Table.Td>
                <Table.Td>{e.clientId ? (clientNames.get(e.clientId) ?? e.clientId) : '—'}</Table.Td>
                <Table.Td title={e.subject ?? undefined}>{e.subject ? (usernames.get(e.subject) ?? e.subject) : '—'}</Table.Td>
                <Table.Td>{e.summary}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </TableCard>
      ) : null}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {items.length ? `Showing ${items.length} event${items.length === 1 ? '' : 's'}${cursor ? '; older events follow' : ''}.` : null}
        </Text>
        {cursor ? (
          <Button variant="default" onClick={() => void load(cursor)} loading={loading}>
            Load older events
          </Button>
        ) : loading && !items.length ? (
          <Loader size="sm" aria-label="Loading events" />
        ) : null}
      </Group>
    </Stack>
  );
}
