// The applications list: name, kind, client id, grants, live tokens, last seen, and each row's
// actions menu (edit, rotate secret, enable/disable, delete).
import { Badge, Menu, Table, Text } from '@mantine/core';
import type { Client } from '../../../shared/admin-contract.ts';
import { ListTable, RowMenu } from '../../components/table.tsx';
import { formatAgo } from '../../lib/format.ts';
import { ClientId, ClientName } from './cells.tsx';
import { KIND_INFO } from './kinds.ts';

export type ApplicationActions = { edit: (c: Client) => void; rotate: (c: Client) => void; toggle: (c: Client) => void; remove: (c: Client) => void };

function ApplicationRow({ client: c, actions }: { client: Client; actions: ApplicationActions }) {
  return (
    <Table.Tr>
      <Table.Td>
        <ClientName client={c} />
      </Table.Td>
      <Table.Td>
        <Badge variant="light" tt="none" style={{ overflow: 'visible' }}>
          {KIND_INFO[c.kind].short}
        </Badge>
      </Table.Td>
      <Table.Td>
        <ClientId client={c} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{c.grants.join(', ')}</Text>
      </Table.Td>
      <Table.Td>{c.liveTokens}</Table.Td>
      <Table.Td>{formatAgo(c.lastSeenAt)}</Table.Td>
      <Table.Td>
        <RowMenu label={`Actions for ${c.name}`} onDelete={() => actions.remove(c)}>
          <Menu.Item onClick={() => actions.edit(c)}>Edit…</Menu.Item>
          {!c.public ? <Menu.Item onClick={() => actions.rotate(c)}>Rotate secret…</Menu.Item> : null}
          <Menu.Item onClick={() => actions.toggle(c)}>{c.disabled ? 'Enable' : 'Disable'}</Menu.Item>
        </RowMenu>
      </Table.Td>
    </Table.Tr>
  );
}

export function ApplicationsTable({ clients, actions }: { clients: Client[]; actions: ApplicationActions }) {
  return (
    <ListTable minWidth={860} columns={['Name', { label: 'Kind', miw: 140 }, 'Client id', 'Grants', 'Live tokens', 'Last seen']}>
      {clients.map((c) => (
        <ApplicationRow key={c.clientId} client={c} actions={actions} />
      ))}
    </ListTable>
  );
}
