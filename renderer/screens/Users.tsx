import { useEffect, useState } from 'react';
import { Badge, Button, Checkbox, EmptyState, Group, Menu, MultiSelect, PasswordInput, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react';
import type { User } from '../../shared/admin-contract.ts';
import { fieldError, useMutation, useOperation, usePaged } from '../lib/api.tsx';
import { ConfirmModal, ErrorAlert, FormModal, PageHeader, TypedConfirmModal, withProgress } from '../components/common.tsx';
import { LoadMoreButton, RowMenu, TableCard } from '../components/table.tsx';
import { formatAgo } from '../lib/format.ts';
import { useConfirmedAction } from '../lib/confirm.ts';
import { PersonalTokensModal } from '../components/personal-tokens.tsx';
import { SecondFactorBadges, hasSecondFactor, useResetSecondFactors } from '../components/second-factors.tsx';

function useRoleOptions() {
  const roles = useOperation('roles.list', {}, { refreshOn: ['role.changed'] });
  return (roles.data ?? []).map((r) => ({ value: r.name, label: r.description ? `${r.name} — ${r.description}` : r.name }));
}

function CreateUserModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (user: User) => void }) {
  const create = useMutation('users.create');
  const roleOptions = useRoleOptions();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  useEffect(() => {
    if (opened) {
      setUsername('');
      setPassword('');
      setRoles([]);
      create.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title="New user"
      submitLabel="Create user"
      loading={create.loading}
      error={create.error}
      onSubmit={async () => {
        const user = await create.run({ username: username.trim(), password, roles });
        if (user) onCreated(user);
      }}
    >
      <TextInput label="Username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} error={fieldError(create.error, 'username')} autoComplete="off" data-autofocus />
      <PasswordInput label="Password" description="At least 8 characters. Tell the person in person, not by email." value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(create.error, 'password')} autoComplete="new-password" />
      <MultiSelect label="Roles" description="What this person may do." data={roleOptions} value={roles} onChange={setRoles} error={fieldError(create.error, 'roles')} searchable />
    </FormModal>
  );
}

function RolesModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const update = useMutation('users.update');
  const roles = useOperation('roles.list', {}, { refreshOn: ['role.changed'] });
  const [value, setValue] = useState<string[]>([]);
  useEffect(() => {
    if (user) {
      setValue(user.roles);
      update.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user]);
  return (
    <FormModal
      opened={!!user}
      onClose={onClose}
      title={`Roles of ${user?.username ?? ''}`}
      submitLabel="Save roles"
      loading={update.loading}
      error={update.error}
      onSubmit={async () => {
        if (!user) return;
        const result = await update.run({ id: user.id, roles: value });
        if (result) {
          notifications.show({ color: 'teal', message: `Saved the roles of ${result.username}.` });
          onClose();
        }
      }}
    >
      <Checkbox.Group value={value} onChange={setValue} label="Roles" error={fieldError(update.error, 'roles')}>
        <Stack gap="xs" mt="xs">
          {(roles.data ?? []).map((r) => (
            <Checkbox key={r.name} value={r.name} label={r.name} description={`${r.description ? `${r.description} · ` : ''}${r.scopes.join(' ') || 'no scopes'}`} />
          ))}
        </Stack>
      </Checkbox.Group>
    </FormModal>
  );
}

function PasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const set = useMutation('users.setPassword');
  const [password, setPassword] = useState('');
  useEffect(() => {
    setPassword('');
    set.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user]);
  return (
    <FormModal
      opened={!!user}
      onClose={onClose}
      title={`New password for ${user?.username ?? ''}`}
      submitLabel="Set password"
      loading={set.loading}
      error={set.error}
      onSubmit={async () => {
        if (!user) return;
        const result = await set.run({ id: user.id, password });
        if (result) {
          notifications.show({ color: 'teal', message: `The password of ${result.username} was changed.` });
          onClose();
        }
      }}
    >
      <PasswordInput label="New password" description="At least 8 characters." value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(set.error, 'password')} autoComplete="new-password" data-autofocus />
    </FormModal>
  );
}

export function Users() {
  const [queryRaw, setQuery] = useState('');
  const [query] = useDebouncedValue(queryRaw.trim(), 250);
  const list = usePaged('users.list', { ...(query ? { query } : {}), limit: 100 }, { refreshOn: ['user.changed', 'role.changed'] });
  const [creating, setCreating] = useState(false);
  const [rolesOf, setRolesOf] = useState<User | null>(null);
  const [passwordOf, setPasswordOf] = useState<User | null>(null);
  const [tokensOf, setTokensOf] = useState<User | null>(null);
  const update = useMutation('users.update');
  const resetFactors = useResetSecondFactors(() => list.reload());
  const deleting = useConfirmedAction(
    'users.delete',
    (u: User) => ({ id: u.id }),
    (_, u) => {
      notifications.show({ color: 'teal', message: `Deleted ${u.username}.` });
      list.reload();
    },
  );
  const revoking = useConfirmedAction(
    'tokens.revokeByUser',
    (u: User) => ({ id: u.id }),
    (result, u) => notifications.show({ color: 'teal', message: `Revoked ${result.revoked} token${result.revoked === 1 ? '' : 's'} of ${u.username}.` }),
  );

  const toggle = async (user: User) => {
    const result = await withProgress(
      `${user.disabled ? 'Enabling' : 'Disabling'} ${user.username}…`,
      () => update.run({ id: user.id, disabled: !user.disabled }),
      (u) => `${u.username} is now ${u.disabled ? 'disabled: they cannot sign in' : 'enabled'}.`,
    );
    if (result) list.reload();
  };

  return (
    <Stack>
      <PageHeader
        title="Users"
        description="People who can sign in to applications through this hub. Their roles decide which scopes they get."
        actions={
          <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            New user
          </Button>
        }
      />
      <TextInput leftSection={<IconSearch size={16} aria-hidden />} placeholder="Search by username" aria-label="Search users" value={queryRaw} onChange={(e) => setQuery(e.currentTarget.value)} maw={420} />
      <ErrorAlert error={list.error ?? update.error} onClose={update.error ? update.reset : undefined} />
      {list.loaded && list.items.length === 0 && !list.error ? (
        query ? (
          <EmptyState icon={<IconSearch aria-hidden />} title="No user matches" description={`Nobody is called “${query}”. Clear the search to see everyone.`} />
        ) : (
          <EmptyState icon={<IconUsers aria-hidden />} title="No users yet" description="Create one so a person can sign in to your applications with a username and password.">
            <EmptyState.Actions>
              <Button onClick={() => setCreating(true)}>Create a user</Button>
            </EmptyState.Actions>
          </EmptyState>
        )
      ) : null}
      {list.items.length ? (
        <TableCard minWidth={700} highlightOnHover verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Username</Table.Th>
              <Table.Th>Roles</Table.Th>
              <Table.Th>Second factor</Table.Th>
              <Table.Th>Last sign-in</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>
                  <Text fw={600}>{u.username}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {u.roles.length ? (
                      u.roles.map((r) => (
                        <Badge key={r} variant="light" color={r === 'admin' ? 'red' : 'blue'} style={{ textTransform: 'none' }}>
                          {r}
                        </Badge>
                      ))
                    ) : (
                      <Text size="sm" c="dimmed">
                        none
                      </Text>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <SecondFactorBadges factors={u.secondFactors} />
                </Table.Td>
                <Table.Td>{formatAgo(u.lastLoginAt)}</Table.Td>
                <Table.Td>{u.disabled ? <Badge color="gray">disabled</Badge> : <Badge color="teal" variant="light">active</Badge>}</Table.Td>
                <Table.Td>
                  <RowMenu label={`Actions for ${u.username}`}>
                    <Menu.Item onClick={() => setRolesOf(u)}>Roles…</Menu.Item>
                    <Menu.Item onClick={() => setPasswordOf(u)}>Reset password…</Menu.Item>
                    <Menu.Item onClick={() => void toggle(u)}>{u.disabled ? 'Enable' : 'Disable'}</Menu.Item>
                    <Menu.Item onClick={() => revoking.ask(u)}>Revoke all tokens…</Menu.Item>
                    <Menu.Item onClick={() => setTokensOf(u)}>Personal access tokens…</Menu.Item>
                    <Menu.Item disabled={!hasSecondFactor(u.secondFactors)} onClick={() => resetFactors.ask(u)}>
                      Reset second factors…
                    </Menu.Item>
                    <Menu.Divider />
                    <Menu.Item color="red" onClick={() => deleting.ask(u)}>
                      Delete…
                    </Menu.Item>
                  </RowMenu>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </TableCard>
      ) : null}
      <LoadMoreButton list={list} />
      <CreateUserModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(user) => {
          setCreating(false);
          notifications.show({ color: 'teal', message: `Created ${user.username}.` });
          list.reload();
        }}
      />
      <RolesModal
        user={rolesOf}
        onClose={() => {
          setRolesOf(null);
          list.reload();
        }}
      />
      <PasswordModal user={passwordOf} onClose={() => setPasswordOf(null)} />
      <PersonalTokensModal user={tokensOf} onClose={() => setTokensOf(null)} />
      {resetFactors.modal}
      <ConfirmModal {...revoking.modal} title={`Revoke every token of ${revoking.target?.username ?? ''}?`} confirmLabel="Revoke all tokens">
        <Text size="sm">{revoking.target?.username} is signed out of every application and has to sign in again.</Text>
      </ConfirmModal>
      <TypedConfirmModal {...deleting.modal} title={`Delete ${deleting.target?.username ?? ''}?`} word={deleting.target?.username ?? ''} confirmLabel="Delete user">
        <Text size="sm">This deletes the account and revokes its tokens. It cannot be undone.</Text>
      </TypedConfirmModal>
    </Stack>
  );
}
