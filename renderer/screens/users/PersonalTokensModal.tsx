// A user's personal access tokens in the console: the list (name, permissions, expiry, last use),
// revoking one, and creating one with some of the user's scopes — shown once, like a secret.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Code, CopyButton, Group, Modal, MultiSelect, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { PersonalToken, User } from '../../../shared/admin-contract.ts';
import { fieldError, useMutation } from '../../lib/mutation.ts';
import { useOperation } from '../../lib/operation.ts';
import { formatAgo, formatTime } from '../../lib/format.ts';
import { ErrorAlert } from '../../components/common.tsx';
import { ShownOnce } from '../../components/ShownOnce.tsx';

const EXPIRY = [
  { value: '604800', key: 'exp7d' },
  { value: '2592000', key: 'exp30d' },
  { value: '7776000', key: 'exp90d' },
  { value: '31536000', key: 'exp1y' },
  { value: 'never', key: 'expNever' },
] as const;

function useUserScopes(user: User): string[] {
  const roles = useOperation('roles.list', {}, { refreshOn: ['role.changed'] });
  return [...new Set((roles.data ?? []).filter((role) => user.roles.includes(role.name)).flatMap((role) => role.scopes))].sort();
}

function TokenList({ user, tokens, onRevoked }: { user: User; tokens: PersonalToken[]; onRevoked: () => void }) {
  const { t } = useTranslation();
  const revoke = useMutation('tokens.revoke');
  if (tokens.length === 0) return <Text size="sm" c="dimmed">{t('console.personalTokens.none', { name: user.username })}</Text>;
  return (
    <>
      <ErrorAlert error={revoke.error} onClose={revoke.reset} />
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('console.personalTokens.name')}</Table.Th>
            <Table.Th>{t('console.personalTokens.permissions')}</Table.Th>
            <Table.Th>{t('console.personalTokens.expires')}</Table.Th>
            <Table.Th>{t('console.personalTokens.lastUsed')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((token) => (
            <Table.Tr key={token.id}>
              <Table.Td>{token.name}</Table.Td>
              <Table.Td><Code>{token.scope}</Code></Table.Td>
              <Table.Td>{token.expiresAt ? formatTime(token.expiresAt) : t('console.personalTokens.never')}</Table.Td>
              <Table.Td>{formatAgo(token.lastUsedAt)}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="light" color="red" aria-label={t('console.personalTokens.revokeNamed', { name: token.name })} onClick={async () => {
                  if (await revoke.run({ ids: [token.id] })) {
                    notifications.show({ color: 'teal', message: t('console.personalTokens.revoked', { name: token.name }) });
                    onRevoked();
                  }
                }}>
                  {t('console.personalTokens.revoke')}
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
  const { t } = useTranslation();
  const create = useMutation('personalTokens.create');
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [expiry, setExpiry] = useState('2592000');
  if (scopes.length === 0) return <Text size="sm" c="dimmed">{t('console.personalTokens.noScopes', { name: user.username })}</Text>;
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        const created = await create.run({ userId: user.id, name: name.trim(), scopes: chosen, expiresIn: expiry === 'never' ? null : Number(expiry) });
        if (created) onCreated(created.token);
      }}
    >
      <Stack gap="sm">
        <TextInput label={t('console.personalTokens.name')} description={t('console.personalTokens.nameHelp')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, 'name')} />
        <MultiSelect label={t('console.personalTokens.permissions')} description={t('console.personalTokens.permissionsHelp', { name: user.username })} data={scopes} value={chosen} onChange={setChosen} error={fieldError(create.error, 'scopes')} />
        <Select label={t('console.personalTokens.expires')} data={EXPIRY.map((choice) => ({ value: choice.value, label: t(`console.personalTokens.${choice.key}`) }))} value={expiry} onChange={(value) => setExpiry(value ?? '2592000')} allowDeselect={false} />
        {expiry === 'never' ? (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />}>
            {t('console.personalTokens.neverWarning')}
          </Alert>
        ) : null}
        <ErrorAlert error={create.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={create.loading}>{t('console.personalTokens.create')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function TokenShown({ token, onClose }: { token: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ShownOnce
      warning={t('console.personalTokens.notShownAgain')}
      explain={t('console.personalTokens.copyNow')}
      doneLabel={t('console.personalTokens.done')}
      doneVariant="default"
      actions={<CopyButton value={token}>{({ copied, copy }) => <Button onClick={copy}>{copied ? t('console.personalTokens.copied') : t('console.personalTokens.copy')}</Button>}</CopyButton>}
      onClose={onClose}
    >
      <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="personal-token">{token}</Code>
    </ShownOnce>
  );
}

/** One user's tokens: the list, and the form or the token just created. */
function UserTokens({ user }: { user: User }) {
  const { t } = useTranslation();
  const tokens = useOperation('personalTokens.list', { userId: user.id }, { refreshOn: ['token.revoked', 'user.changed'] });
  const scopes = useUserScopes(user);
  const [shown, setShown] = useState<string | null>(null);
  if (shown) {
    return (
      <TokenShown
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
      <Text fw={600}>{t('console.personalTokens.newToken')}</Text>
      <NewTokenForm user={user} scopes={scopes} onCreated={setShown} />
    </Stack>
  );
}

/** Keyed by each opening (useDialog), so nothing typed or shown for one user shows for another. */
export function PersonalTokensModal({ user, opened, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('console.personalTokens.title', { name: user.username })} size="xl" centered closeOnClickOutside={false}>
      <UserTokens user={user} />
    </Modal>
  );
}
