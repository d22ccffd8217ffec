// Hub events as the console shows them: a coloured badge per event type, and the events table
// of the audit log (full) and of the dashboard's latest events (brief).
import { Badge, Table } from '@mantine/core';
import type { EventType, HubEvent } from '../../shared/admin-contract.ts';
import { formatAgo, formatTime } from '../lib/format.ts';
import { TableCard } from './table.tsx';
import { useTranslation } from 'react-i18next';

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
  'user.unlocked': 'grape',
  'keys.rotated': 'gray',
  'pairing.changed': 'indigo',
};

function EventTypeBadge({ type }: { type: EventType }) {
  return (
    <Badge variant="light" color={COLORS[type]} style={{ textTransform: 'none', minWidth: 'max-content' }}>
      {type}
    </Badge>
  );
}

/** Names for the ids events carry; given, the table is the audit log's, with who, which application and whose. */
type Names = { clients: Map<string, string>; users: Map<string, string> };

function EventRow({ event: e, names }: { event: HubEvent; names: Names | undefined }) {
  const dash = (value: string | null, name?: string) => (value ? (name ?? value) : '—');
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{names ? formatTime(e.at) : formatAgo(e.at)}</Table.Td>
      <Table.Td>
        <EventTypeBadge type={e.type} />
      </Table.Td>
      {names ? (
        <>
          <Table.Td>{dash(e.actor)}</Table.Td>
          <Table.Td>{dash(e.clientId, e.clientId ? names.clients.get(e.clientId) : undefined)}</Table.Td>
          <Table.Td title={e.subject ?? undefined}>{dash(e.subject, e.subject ? names.users.get(e.subject) : undefined)}</Table.Td>
        </>
      ) : null}
      <Table.Td>{e.summary}</Table.Td>
    </Table.Tr>
  );
}

export function EventTable({ events, names }: { events: HubEvent[]; names?: Names }) {
  const { t } = useTranslation();
  const rows = (
    <>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('console.events.when')}</Table.Th>
          <Table.Th>{t('console.events.event')}</Table.Th>
          {names ? (
            <>
              <Table.Th>{t('console.events.actor')}</Table.Th>
              <Table.Th>{t('console.events.application')}</Table.Th>
              <Table.Th>{t('console.events.subject')}</Table.Th>
            </>
          ) : null}
          <Table.Th>{t('console.events.what')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {events.map((e) => (
          <EventRow key={e.id} event={e} names={names} />
        ))}
      </Table.Tbody>
    </>
  );
  if (names)
    return (
      <TableCard minWidth={760} striped highlightOnHover fz="sm">
        {rows}
      </TableCard>
    );
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing={6} fz="sm">
        {rows}
      </Table>
    </Table.ScrollContainer>
  );
}
