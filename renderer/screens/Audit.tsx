// The audit log: everything the hub did and refused, newest first, paged by cursor and filtered
// by event type, application or subject.
import { useState } from 'react';
import { Button, Group, Loader, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconListDetails } from '@tabler/icons-react';
import { EVENT_TYPES, type EventType, type HubEvent } from '../../shared/admin-contract.ts';
import { useOperation } from '../lib/operation.ts';
import { usePaged } from '../lib/paged.ts';
import { ErrorAlert, PageHeader } from '../components/common.tsx';
import { ListEmptyState } from '../components/empty.tsx';
import { EventTable } from '../components/events.tsx';

const PAGE = 100;
const eventKey = (event: HubEvent) => String(event.id);

/** The names the log shows instead of client and user ids. */
function useNames() {
  const clients = useOperation('clients.list', { limit: 500 });
  const users = useOperation('users.list', { limit: 500 }, { refreshOn: ['user.changed'] });
  return {
    clients: clients.data?.items ?? [],
    names: {
      clients: new Map((clients.data?.items ?? []).map((c) => [c.clientId, c.name])),
      users: new Map((users.data?.items ?? []).map((u) => [u.id, u.username])),
    },
  };
}

export function Audit() {
  const [type, setType] = useState<EventType | null>(null);
  const [clientId, setClientId] = useState<string | null>(null);
  const [subjectRaw, setSubject] = useState('');
  const [subject] = useDebouncedValue(subjectRaw.trim(), 300);
  const { clients, names } = useNames();
  const filters = { ...(type ? { type } : {}), ...(clientId ? { clientId } : {}), ...(subject ? { subject } : {}) };
  const log = usePaged('audit.list', { ...filters, limit: PAGE }, { key: eventKey });
  const items = log.items;

  return (
    <Stack>
      <PageHeader
        title="Audit log"
        description="Everything the hub did and refused, newest first. Filter by event type, application or subject (a user id or username)."
        actions={
          <Button variant="default" onClick={log.reload} loading={log.loading}>
            Refresh
          </Button>
        }
      />
      <Group align="flex-end" wrap="wrap">
        <Select label="Event type" placeholder="All types" data={EVENT_TYPES.map((t) => ({ value: t, label: t }))} value={type} onChange={(v) => setType(v as EventType | null)} clearable w={200} />
        <Select
          label="Application"
          placeholder="All applications"
          data={clients.map((c) => ({ value: c.clientId, label: c.name }))}
          value={clientId}
          onChange={setClientId}
          clearable
          searchable
          w={240}
        />
        <TextInput label="Subject" placeholder="user id or username" value={subjectRaw} onChange={(e) => setSubject(e.currentTarget.value)} w={220} />
      </Group>
      <ErrorAlert error={log.error} />
      {log.loaded && !log.loading && !log.error && items.length === 0 ? (
        <ListEmptyState
          filtered={Object.keys(filters).length > 0}
          icon={<IconListDetails aria-hidden />}
          empty={{
            title: 'The audit log is empty',
            description: 'Events are recorded as applications request tokens and operators change things. Create an application on the Applications screen to get started.',
          }}
          noMatch={{ title: 'No events match these filters', description: 'Clear a filter to see more.' }}
        />
      ) : null}
      {items.length ? <EventTable events={items} names={names} /> : null}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {items.length ? `Showing ${items.length} event${items.length === 1 ? '' : 's'}${log.hasMore ? '; older events follow' : ''}.` : null}
        </Text>
        {log.hasMore ? (
          <Button variant="default" onClick={() => void log.more()} loading={log.loading}>
            Load older events
          </Button>
        ) : log.loading && !items.length ? (
          <Loader size="sm" aria-label="Loading events" />
        ) : null}
      </Group>
    </Stack>
  );
}
