// The applications list: name, kind, client id, grants, live tokens, last seen, and each row's
// actions menu (edit, rotate secret, enable/disable, delete).
import { Badge, Menu, Table, Text } from '@mantine/core';
import type { Client } from '../../../shared/admin-contract.ts';
import { ListTable, RowMenu } from '../../components/table.tsx';
import { formatAgo, formatNumber } from '../../lib/format.ts';
import { ClientId, ClientName } from './cells.tsx';
import { KIND_INFO } from './kinds.ts';
import { useTranslation } from 'react-i18next';

export type ApplicationActions = { edit: (c: Client) => void; rotate: (c: Client) => void; toggle: (c: Client) => void; remove: (c: Client) => void };

function ApplicationRow({ client: c, actions }: { client: Client; actions: ApplicationActions }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td>
        <ClientName client={c} />
      </Table.Td>
      <Table.Td>
        <Badge variant="light" tt="none" style={{ overflow: 'visible' }}>
          {t(KIND_INFO[c.kind].short)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <ClientId client={c} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{c.grants.join(', ')}</Text>
      </Table.Td>
      <Table.Td>{formatNumber(c.liveTokens)}</Table.Td>
      <Table.Td>{formatAgo(c.lastSeenAt)}</Table.Td>
      <Table.Td>
        <RowMenu label={t('console.common.actionsFor', { name: c.name })} onDelete={() => actions.remove(c)}>
          <Menu.Item onClick={() => actions.edit(c)}>{t('console.common.edit')}</Menu.Item>
          {!c.public ? <Menu.Item onClick={() => actions.rotate(c)}>{t('console.applications.rotateMenu')}</Menu.Item> : null}
          <Menu.Item onClick={() => actions.toggle(c)}>{c.disabled ? t('console.common.enable') : t('console.common.disable')}</Menu.Item>
        </RowMenu>
      </Table.Td>
    </Table.Tr>
  );
}

export function ApplicationsTable({ clients, actions }: { clients: Client[]; actions: ApplicationActions }) {
  const { t } = useTranslation();
  const columns = [t('console.common.name'), { label: t('console.applications.kind'), miw: 140 }, t('console.applications.clientId'), t('console.applications.grants'), t('console.nav.tokens'), t('console.applications.lastSeen')];
  return (
    <ListTable minWidth={860} columns={columns}>
      {clients.map((c) => (
        <ApplicationRow key={c.clientId} client={c} actions={actions} />
      ))}
    </ListTable>
  );
}
