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
import { useTranslation } from 'react-i18next';

const userKey = (u: User) => u.id;

export function Users() {
  const search = useSearch();
  const { query } = search;
  const list = usePaged('users.list', { ...(query ? { query } : {}), limit: 100 }, { refreshOn: ['user.changed', 'role.changed'], key: userKey });
  const creating = useDialog();
  const { t } = useTranslation();
  const guestPass = useDialog();
  const rolesOf = useDialog<User>();
  const passwordOf = useDialog<User>();
  const tokensOf = useDialog<User>();
  const resetFactors = useResetSecondFactors(list.reload);
  const deleting = useConfirmedAction(
    'users.delete',
    (u: User) => ({ id: u.id }),
    (_, u) => {
      notifications.show({ color: 'teal', message: t('console.common.deleted', { name: u.username }) });
      list.reload();
    },
  );
  const revoking = useConfirmedAction(
    'tokens.revokeByUser',
    (u: User) => ({ id: u.id }),
    (result, u) => notifications.show({ color: 'teal', message: t('console.devices.revoked', { count: result.revoked, name: u.username }) }),
  );
  const disabling = useDisableToggle(
    'users.update',
    { name: (u: User) => u.username, input: (u: User, disabled) => ({ id: u.id, disabled }), done: (u) => t(u.disabled ? 'console.users.nowDisabled' : 'console.users.nowEnabled', { name: u.username }) },
    list.reload,
  );
  // A user locked out by someone else's guesses (or their own) may sign in again at once.
  const unlocking = useMutation('users.unlock');
  const unlock = (u: User) => void withProgress(t('console.users.unlocking', { name: u.username }), () => unlocking.run({ id: u.id }), (r) => t('console.users.unlocked', { name: r.username }));
  const newUser = () => creating.open(true);

  return (
    <Stack>
      <PageHeader
        title={t('console.nav.users')}
        description={t('console.users.description')}
        actions={
          <Group gap="xs">
            <Button variant="light" leftSection={<IconTicket size={16} aria-hidden />} onClick={() => guestPass.open(true)}>
              {t('console.users.guestPass')}
            </Button>
            <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={newUser}>
              {t('console.users.new')}
            </Button>
          </Group>
        }
      />
      <SearchInput search={search} label={t('console.users.search')} placeholder={t('console.users.searchPlaceholder')} />
      <ErrorAlert error={list.error ?? disabling.error ?? unlocking.error} onClose={disabling.error ? disabling.reset : unlocking.error ? unlocking.reset : undefined} />
      {list.loaded && list.items.length === 0 && !list.error ? (
        <ListEmptyState
          filtered={!!query}
          icon={<IconUsers aria-hidden />}
          empty={{ title: t('console.users.emptyTitle'), description: t('console.users.emptyText') }}
          noMatch={{ icon: <IconSearch aria-hidden />, title: t('console.users.noMatchTitle'), description: t('console.users.noMatchText', { query }) }}
          action={<Button onClick={newUser}>{t('console.users.create')}</Button>}
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
          notifications.show({ color: 'teal', message: t('console.common.created', { name: user.username }) });
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
      <ConfirmModal {...revoking.modal} title={t('console.devices.revokeTitle', { name: revoking.target?.username ?? '' })} confirmLabel={t('console.devices.revokeConfirm')}>
        <Text size="sm">{t('console.users.revokeText', { name: revoking.target?.username ?? '' })}</Text>
      </ConfirmModal>
      <TypedConfirmModal {...deleting.modal} title={t('console.common.deleteTitle', { name: deleting.target?.username ?? '' })} word={deleting.target?.username ?? ''} confirmLabel={t('console.users.delete')}>
        <Text size="sm">{t('console.users.deleteText')}</Text>
      </TypedConfirmModal>
    </Stack>
  );
}
