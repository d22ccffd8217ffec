// The users list: username, roles, second factors, last sign-in, status, and each row's actions menu.
import { Badge, Group, Menu, Table, Text } from '@mantine/core';
import { ADMIN_ROLE, type User } from '../../../shared/admin-contract.ts';
import { ListTable, RowMenu } from '../../components/table.tsx';
import { formatAgo, formatTime } from '../../lib/format.ts';
import { useTranslation } from 'react-i18next';
import { SecondFactorBadges, hasSecondFactor } from './SecondFactors.tsx';

export type UserActions = {
  roles: (u: User) => void;
  password: (u: User) => void;
  toggle: (u: User) => void;
  unlock: (u: User) => void;
  revoke: (u: User) => void;
  personalTokens: (u: User) => void;
  resetSecondFactors: (u: User) => void;
  remove: (u: User) => void;
};

/** The user's roles as chips; a role held only until a time says so ("guest until …"). */
function Roles({ roles, ends = {} }: { roles: string[]; ends?: Record<string, string> | undefined }) {
  const { t } = useTranslation();
  if (!roles.length)
    return (
      <Text size="sm" c="dimmed">
        {t('console.users.noRoles')}
      </Text>
    );
  return (
    <Group gap={4}>
      {roles.map((r) => (
        <Badge key={r} variant="light" color={r === ADMIN_ROLE ? 'red' : ends[r] ? 'yellow' : 'blue'} style={{ textTransform: 'none' }} title={ends[r] ? formatTime(ends[r]) : undefined}>
          {ends[r] ? t('console.users.roleUntil', { role: r, time: formatTime(ends[r]) }) : r}
        </Badge>
      ))}
    </Group>
  );
}

function UserRow({ user: u, actions }: { user: User; actions: UserActions }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600}>{u.username}</Text>
        {u.expiresAt ? (
          <Text size="xs" c="dimmed" title={formatTime(u.expiresAt)}>
            {t('console.users.guestUntil', { time: formatTime(u.expiresAt) })}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Roles roles={u.roles} ends={u.roleExpiries} />
      </Table.Td>
      <Table.Td>
        <SecondFactorBadges factors={u.secondFactors} />
      </Table.Td>
      <Table.Td>{formatAgo(u.lastLoginAt)}</Table.Td>
      <Table.Td>
        {u.disabled ? (
          <Badge color="gray">{t('console.common.disabled')}</Badge>
        ) : (
          <Badge color="teal" variant="light">
            {t('console.users.active')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <RowMenu label={t('console.common.actionsFor', { name: u.username })} onDelete={() => actions.remove(u)}>
          <Menu.Item onClick={() => actions.roles(u)}>{t('console.users.rolesMenu')}</Menu.Item>
          <Menu.Item onClick={() => actions.password(u)}>{t('console.users.resetPassword')}</Menu.Item>
          <Menu.Item onClick={() => actions.toggle(u)}>{u.disabled ? t('console.common.enable') : t('console.common.disable')}</Menu.Item>
          <Menu.Item onClick={() => actions.unlock(u)}>{t('console.users.unlockMenu')}</Menu.Item>
          <Menu.Item onClick={() => actions.revoke(u)}>{t('console.users.revokeMenu')}</Menu.Item>
          <Menu.Item onClick={() => actions.personalTokens(u)}>{t('console.users.personalTokensMenu')}</Menu.Item>
          <Menu.Item disabled={!hasSecondFactor(u.secondFactors)} onClick={() => actions.resetSecondFactors(u)}>
            {t('console.users.resetFactorsMenu')}
          </Menu.Item>
        </RowMenu>
      </Table.Td>
    </Table.Tr>
  );
}

export function UsersTable({ users, actions }: { users: User[]; actions: UserActions }) {
  const { t } = useTranslation();
  return (
    <ListTable minWidth={700} columns={[t('console.users.username'), t('console.nav.roles'), t('console.users.secondFactor'), t('console.users.lastSignIn'), t('console.users.status')]}>
      {users.map((u) => (
        <UserRow key={u.id} user={u} actions={actions} />
      ))}
    </ListTable>
  );
}
