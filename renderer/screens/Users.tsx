// Users: the people who can sign in through the hub — searched on the hub, created, given roles
// and passwords, disabled, signed out everywhere, given personal access tokens, their second
// factors reset, deleted.
import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconSearch, IconTicket, IconUserPlus, IconUsers } from '@tabler/icons-react';
import type { User } from '../../shared/admin-contract.ts';
import { usePaged } from '../lib/paged.ts';
import { useDialog } from '../lib/dialog.ts';
import { useDisableToggle } from '../lib/disable.ts';
import { useMutation } from '../lib/mutation.ts';
import { withProgress } from '../components/progress.ts';
import { useConfirmedAction } from '../lib/confirm.ts';
import { ErrorAlert, PageHeader } from '../components/common.tsx';
import { ListEmptyState } from '../components/empty.tsx';
import { ConfirmModal, TypedConfirmModal } from '../components/modals.tsx';
import { SearchInput, useSearch } from '../components/search.tsx';
import { LoadMoreButton } from '../components/table.tsx';
import { CreateUserModal, PasswordModal, RolesModal } from './users/UserModals.tsx';
import { PersonalTokensModal } from './users/PersonalTokensModal.tsx';
import { useResetSecondFactors } from './users/SecondFactors.tsx';
import { GuestPassDialog } from './users/GuestPassDialog.tsx';
import { UsersTable } from './users/UsersTable.tsx';

const userKey = (u: User) => u.id;

export function Users() {
  const search = useSearch();
  const { query } = search;
  const list = usePaged('users.list', { ...(query ? { query } : {}), limit: 100 }, { refreshOn: ['user.changed', 'role.changed'], key: userKey });
  const creating = useDialog();
  const guestPass = useDialog();
  const rolesOf = useDialog<User>();
  const passwordOf = useDialog<User>();
  const tokensOf = useDialog<User>();
  const resetFactors = useResetSecondFactors(list.reload);
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
  const disabling = useDisableToggle(
    'users.update',
    { name: (u: User) => u.username, input: (u: User, disabled) => ({ id: u.id, disabled }), done: (u) => `${u.username} is now ${u.disabled ? 'disabled: they cannot sign in' : 'enabled'}.` },
    list.reload,
  );
  // A user locked out by someone else's guesses (or their own) may sign in again at once.
  const unlocking = useMutation('users.unlock');
  const unlock = (u: User) => void withProgress(`Forgetting the failed sign-ins of ${u.username}…`, () => unlocking.run({ id: u.id }), (r) => `${r.username} may sign in again from everywhere.`);
  const newUser = () => creating.open(true);

  return (
    <Stack>
      <PageHeader
        title="Users"
        description="People who can sign in to applications through this hub. Their roles decide which scopes they get."
        actions={
          <Group gap="xs">
            <Button variant="light" leftSection={<IconTicket size={16} aria-hidden />} onClick={() => guestPass.open(true)}>
              Guest pass
            </Button>
            <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={newUser}>
              New user
            </Button>
          </Group>
        }
      />
      <SearchInput search={search} label="Search users" placeholder="Search by username" />
      <ErrorAlert error={list.error ?? disabling.error ?? unlocking.error} onClose={disabling.error ? disabling.reset : unlocking.error ? unlocking.reset : undefined} />
      {list.loaded && list.items.length === 0 && !list.error ? (
        <ListEmptyState
          filtered={!!query}
          icon={<IconUsers aria-hidden />}
          empty={{ title: 'No users yet', description: 'Create one so a person can sign in to your applications with a username and password.' }}
          noMatch={{ icon: <IconSearch aria-hidden />, title: 'No user matches', description: `Nobody is called “${query}”. Clear the search to see everyone.` }}
          action={<Button onClick={newUser}>Create a user</Button>}
        />
      ) : null}
      {list.items.length ? (
        <UsersTable
          users={list.items}
          actions={{ roles: rolesOf.open, password: passwordOf.open, toggle: (u) => void disabling.toggle(u), unlock, revoke: revoking.ask, personalTokens: tokensOf.open, resetSecondFactors: resetFactors.ask, remove: deleting.ask }}
        />
      ) : null}
      <LoadMoreButton list={list} />
      <GuestPassDialog key={`guest-${guestPass.key}`} opened={guestPass.opened} onClose={guestPass.close} />
      <CreateUserModal
        key={creating.key}
        opened={creating.opened}
        onClose={creating.close}
        onCreated={(user) => {
          creating.close();
          notifications.show({ color: 'teal', message: `Created ${user.username}.` });
          list.reload();
        }}
      />
      {rolesOf.target ? (
        <RolesModal
          key={rolesOf.key}
          user={rolesOf.target}
          opened={rolesOf.opened}
          onClose={() => {
            rolesOf.close();
            list.reload();
          }}
        />
      ) : null}
      {passwordOf.target ? <PasswordModal key={passwordOf.key} user={passwordOf.target} opened={passwordOf.opened} onClose={passwordOf.close} /> : null}
      {tokensOf.target ? <PersonalTokensModal key={tokensOf.key} user={tokensOf.target} opened={tokensOf.opened} onClose={tokensOf.close} /> : null}
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
