// A user's personal access tokens in the console: the list (name, permissions, expiry, last use),
// revoking one, and creating one with some of the user's scopes — shown once, like a secret.
import { useState } from 'react';
import { Alert, Button, Code, CopyButton, Group, Modal, MultiSelect, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { PersonalToken, User } from '../../../shared/admin-contract.ts';
import { fieldError, useMutation } from '../../lib/mutation.ts';
import { useOperation } from '../../lib/operation.ts';
import { formatAgo, formatTime } from '../../lib/format.ts';
import { ErrorAlert } from '../../components/common.tsx';

const EXPIRY: { value: string; label: string }[] = [
  { value: '604800', label: '7 days' },
  { value: '2592000', label: '30 days' },
  { value: '7776000', label: '90 days' },
  { value: '31536000', label: '1 year' },
  { value: 'never', label: 'Never' },
];

function useUserScopes(user: User): string[] {
  const roles = useOperation('roles.list', {}, { refreshOn: ['role.changed'] });
  return [...new Set((roles.data ?? []).filter((role) => user.roles.includes(role.name)).flatMap((role) => role.scopes))].sort();
}

function TokenList({ user, tokens, onRevoked }: { user: User; tokens: PersonalToken[]; onRevoked: () => void }) {
  const revoke = useMutation('tokens.revoke');
  if (tokens.length === 0) return <Text size="sm" c="dimmed">{user.username} has no personal access tokens.</Text>;
  return (
    <>
      <ErrorAlert error={revoke.error} onClose={revoke.reset} />
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Permissions</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((token) => (
            <Table.Tr key={token.id}>
              <Table.Td>{token.name}</Table.Td>
              <Table.Td><Code>{token.scope}</Code></Table.Td>
              <Table.Td>{token.expiresAt ? formatTime(token.expiresAt) : 'never'}</Table.Td>
              <Table.Td>{formatAgo(token.lastUsedAt)}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="light" color="red" aria-label={`Revoke ${token.name}`} onClick={async () => {
                  if (await revoke.run({ ids: [token.id] })) {
                    notifications.show({ color: 'teal', message: `Revoked ${token.name}.` });
                    onRevoked();
                  }
                }}>
                  Revoke
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

function NewTokenForm({ user, scopes, onCreated }: { user: User; scopes: string[]; onCreated: (token: string) => void }) {
  const create = useMutation('personalTokens.create');
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [expiry, setExpiry] = useState('2592000');
  if (scopes.length === 0) return <Text size="sm" c="dimmed">{user.username}'s roles hold no scopes, so a token could carry nothing.</Text>;
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        const created = await create.run({ userId: user.id, name: name.trim(), scopes: chosen, expiresIn: expiry === 'never' ? null : Number(expiry) });
        if (created) onCreated(created.token);
      }}
    >
      <Stack gap="sm">
        <TextInput label="Name" description='What it is for, e.g. "backup script".' value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, 'name')} />
        <MultiSelect label="Permissions" description={`Only scopes ${user.username}'s roles hold.`} data={scopes} value={chosen} onChange={setChosen} error={fieldError(create.error, 'scopes')} />
        <Select label="Expires" data={EXPIRY} value={expiry} onChange={(value) => setExpiry(value ?? '2592000')} allowDeselect={false} />
        {expiry === 'never' ? (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />}>
            A token that never expires works until someone revokes it. Prefer an expiry, and revoke the token when it is no longer needed.
          </Alert>
        ) : null}
        <ErrorAlert error={create.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={create.loading}>Create token</Button>
        </Group>
      </Stack>
    </form>
  );
}

function ShownOnce({ token, onClose }: { token: string; onClose: () => void }) {
  return (
    <Stack>
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />} title="This token will not be shown again">
        Copy it now. Lanyard keeps only a hash of it.
      </Alert>
      <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="personal-token">{token}</Code>
      <Group justify="flex-end">
        <CopyButton value={token}>{({ copied, copy }) => <Button onClick={copy}>{copied ? 'Copied' : 'Copy token'}</Button>}</CopyButton>
        <Button variant="default" onClick={onClose} data-autofocus>I have copied it</Button>
      </Group>
    </Stack>
  );
}

/** One user's tokens: the list, and the form or the token just created. */
function UserTokens({ user }: { user: User }) {
  const tokens = useOperation('personalTokens.list', { userId: user.id }, { refreshOn: ['token.revoked', 'user.changed'] });
  const scopes = useUserScopes(user);
  const [shown, setShown] = useState<string | null>(null);
  if (shown) {
    return (
      <ShownOnce
        token={shown}
        onClose={() => {
          setShown(null);
          tokens.reload();
        }}
      />
    );
  }
  return (
    <Stack>
      <ErrorAlert error={tokens.error} />
      <TokenList user={user} tokens={tokens.data ?? []} onRevoked={tokens.reload} />
      <Text fw={600}>New token</Text>
      <NewTokenForm user={user} scopes={scopes} onCreated={setShown} />
    </Stack>
  );
}

/** Keyed by each opening (useDialog), so nothing typed or shown for one user shows for another. */
export function PersonalTokensModal({ user, opened, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Personal access tokens of ${user.username}`} size="xl" centered closeOnClickOutside={false}>
      <UserTokens user={user} />
    </Modal>
  );
}
