// Table cells that show an application: its name with its state, and its client id to copy.
import { Badge, Group, Text } from '@mantine/core';
import type { Client } from '../../../shared/admin-contract.ts';
import { CopyIcon } from '../../components/copy.tsx';

export function ClientName({ client }: { client: Client }) {
  return (
    <Group gap="xs">
      <Text fw={600}>{client.name}</Text>
      {client.disabled ? <Badge color="gray">disabled</Badge> : null}
      {client.pairing ? (
        <Badge variant="outline" size="sm" color="indigo" title="Registered itself with this pairing">
          paired: {client.pairing.name}
        </Badge>
      ) : null}
      {client.pendingApproval ? <Badge color="yellow">waiting for approval</Badge> : null}
      {client.firstParty ? (
        <Badge variant="outline" size="sm">
          first party
        </Badge>
      ) : null}
    </Group>
  );
}

export function ClientId({ client }: { client: Client }) {
  return (
    <Group gap={2} wrap="nowrap">
      <Text ff="monospace" size="sm">
        {client.clientId}
      </Text>
      <CopyIcon value={client.clientId} label={`Copy client id of ${client.name}`} />
    </Group>
  );
}
