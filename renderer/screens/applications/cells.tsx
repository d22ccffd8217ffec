// Table cells that show an application: its name with its state, and its client id to copy.
import { Badge, Group, Text } from '@mantine/core';
import type { Client } from '../../../shared/admin-contract.ts';
import { CopyIcon } from '../../components/copy.tsx';
import { useTranslation } from 'react-i18next';

export function ClientName({ client }: { client: Client }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs">
      <Text fw={600}>{client.name}</Text>
      {client.disabled ? <Badge color="gray">{t('console.common.disabled')}</Badge> : null}
      {client.pairing ? (
        <Badge variant="outline" size="sm" color="indigo" title={t('console.applications.pairedTitle')}>
          {t('console.applications.paired', { name: client.pairing.name })}
        </Badge>
      ) : null}
      {client.pendingApproval ? <Badge color="yellow">{t('console.applications.waitingApproval')}</Badge> : null}
      {client.firstParty ? (
        <Badge variant="outline" size="sm">
          {t('console.applications.firstPartyBadge')}
        </Badge>
      ) : null}
    </Group>
  );
}

export function ClientId({ client }: { client: Client }) {
  const { t } = useTranslation();
  return (
    <Group gap={2} wrap="nowrap">
      <Text ff="monospace" size="sm">
        {client.clientId}
      </Text>
      <CopyIcon value={client.clientId} label={t('console.applications.copyClientId', { name: client.name })} />
    </Group>
  );
}
