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
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format.ts';

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
  const { t } = useTranslation();
  const filters = { ...(type ? { type } : {}), ...(clientId ? { clientId } : {}), ...(subject ? { subject } : {}) };
  const log = usePaged('audit.list', { ...filters, limit: PAGE }, { key: eventKey });
  const items = log.items;

  return (
    <Stack>
      <PageHeader
        title={t('console.nav.audit')}
        description={t('console.audit.description')}
        actions={
          <Button variant="default" onClick={log.reload} loading={log.loading}>
            {t('console.audit.refresh')}
          </Button>
        }
      />
      <Group align="flex-end" wrap="wrap">
        <Select label={t('console.audit.eventType')} placeholder={t('console.tokens.allTypes')} data={EVENT_TYPES.map((type) => ({ value: type, label: type }))} value={type} onChange={(v) => setType(v as EventType | null)} clearable w={200} />
        <Select
          label={t('console.events.application')}
          placeholder={t('console.tokens.allApplications')}
          data={clients.map((c) => ({ value: c.clientId, label: c.name }))}
          value={clientId}
          onChange={setClientId}
          clearable
          searchable
          w={240}
        />
        <TextInput label={t('console.events.subject')} placeholder={t('console.audit.subjectPlaceholder')} value={subjectRaw} onChange={(e) => setSubject(e.currentTarget.value)} w={220} />
      </Group>
      <ErrorAlert error={log.error} />
      {log.loaded && !log.loading && !log.error && items.length === 0 ? (
        <ListEmptyState
          filtered={Object.keys(filters).length > 0}
          icon={<IconListDetails aria-hidden />}
          empty={{
            title: t('console.audit.emptyTitle'),
            description: t('console.audit.emptyText'),
          }}
          noMatch={{ title: t('console.audit.noMatchTitle'), description: t('console.tokens.noMatchText') }}
        />
      ) : null}
      {items.length ? <EventTable events={items} names={names} /> : null}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {items.length ? t(log.hasMore ? 'console.audit.showingMore' : 'console.audit.showing', { count: items.length, formatted: formatNumber(items.length) }) : null}
        </Text>
        {log.hasMore ? (
          <Button variant="default" onClick={() => void log.more()} loading={log.loading}>
            {t('console.audit.older')}
          </Button>
        ) : log.loading && !items.length ? (
          <Loader size="sm" aria-label={t('console.audit.loading')} />
        ) : null}
      </Group>
    </Stack>
  );
}
